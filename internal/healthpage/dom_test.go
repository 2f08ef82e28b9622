package healthpage

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// node is an element of a parsed page: enough of a DOM for the tests,
// built with encoding/xml in its lenient HTML mode (go.mod has no HTML
// parser, and the page needs none).
type node struct {
	Name     string
	Attr     map[string]string
	Children []*node
	Text     string // a text node's text (Name "#text")
	parent   *node
}

// parseDOM reads an HTML document, the page as rendered or as a browser
// dumps it, into a tree under a root with no name.
func parseDOM(doc string) (*node, error) {
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	root := &node{}
	cur := root
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{Name: strings.ToLower(t.Name.Local), Attr: map[string]string{}, parent: cur}
			for _, a := range t.Attr {
				name := a.Name.Local
				if a.Name.Space != "" {
					name = a.Name.Space + ":" + name
				}
				n.Attr[strings.ToLower(name)] = a.Value
			}
			cur.Children = append(cur.Children, n)
			cur = n
		case xml.EndElement:
			for n := cur; n.parent != nil; n = n.parent {
				if n.Name == strings.ToLower(t.Name.Local) {
					cur = n.parent
					break
				}
			}
		case xml.CharData:
			cur.Children = append(cur.Children, &node{Name: "#text", Text: string(t), parent: cur})
		}
	}
	return root, nil
}

// all returns every element named name under n, in document order.
func (n *node) all(name string) []*node {
	var out []*node
	for _, c := range n.Children {
		if c.Name == name {
			out = append(out, c)
		}
		out = append(out, c.all(name)...)
	}
	return out
}

// text is the text of n and everything under it, spaces collapsed.
func (n *node) text() string {
	var b strings.Builder
	var walk func(*node)
	walk = func(n *node) {
		if n.Name != "#text" {
			b.WriteString(" ") // an element's edge reads as a space
		}
		b.WriteString(n.Text)
		for _, c := range n.Children {
			walk(c)
		}
		if n.Name != "#text" {
			b.WriteString(" ")
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// cells returns the th and td children of a table row.
func (n *node) cells() []*node {
	var out []*node
	for _, c := range n.Children {
		if c.Name == "td" || c.Name == "th" {
			out = append(out, c)
		}
	}
	return out
}

// bodyRows returns the rows of the page's table body.
func bodyRows(root *node) []*node {
	var rows []*node
	for _, tb := range root.all("tbody") {
		rows = append(rows, tb.all("tr")...)
	}
	return rows
}
