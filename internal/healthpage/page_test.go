package healthpage

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parsedFixture renders the fixture and parses the result.
func parsedFixture(t *testing.T) (string, *node) {
	t.Helper()
	p, _ := fixture()
	doc, err := render(p)
	require.NoError(t, err)
	root, err := parseDOM(doc)
	require.NoError(t, err)
	return doc, root
}

func TestPageStructure(t *testing.T) {
	_, root := parsedFixture(t)
	htmls := root.all("html")
	require.Len(t, htmls, 1)
	assert.Equal(t, "en", htmls[0].Attr["lang"])
	titles := root.all("title")
	require.Len(t, titles, 1)
	assert.Equal(t, "pshcron health: 4 projects, 6 environments", titles[0].text())
	require.Len(t, root.all("table"), 1)

	heads := root.all("thead")[0].all("th")
	var names []string
	for _, h := range heads {
		assert.Equal(t, "col", h.Attr["scope"])
		names = append(names, h.text())
	}
	assert.Equal(t, append([]string{"Project", "Environment", "Verdict"}, concerns...), names)

	rows := bodyRows(root)
	require.Len(t, rows, 6)
	for _, r := range rows {
		cells := r.cells()
		require.Equal(t, "th", cells[1].Name, r.text())
		assert.Equal(t, "row", cells[1].Attr["scope"])
		width := 0
		for _, c := range cells {
			width++
			if c.Attr["colspan"] != "" {
				width += len(concerns) - 1
				assert.Equal(t, fmt.Sprint(len(concerns)), c.Attr["colspan"])
			}
		}
		assert.Equal(t, len(heads), width, "row %q has a cell under every header", r.text())
	}
}

func TestRowsWorstFirst(t *testing.T) {
	_, root := parsedFixture(t)
	_, order := fixture()
	want := []string{"FAIL", "FAIL", "WARN", "WARN", "OK", "OK"}
	rows := bodyRows(root)
	require.Len(t, rows, len(order))
	for i, r := range rows {
		c := r.cells()
		assert.Equal(t, order[i][0], c[0].text(), "row %d project", i)
		assert.Equal(t, order[i][1], strings.TrimSpace(c[1].Children[0].Text), "row %d environment", i)
		assert.Contains(t, c[2].text(), want[i], "row %d verdict", i)
	}
}

func TestEveryVerdictHasItsWord(t *testing.T) {
	_, root := parsedFixture(t)
	words := map[string]string{"fail": "✗ FAIL", "warn": "▲ WARN", "ok": "✓ OK", "na": "– not applicable"}
	seen := map[string]int{}
	for _, r := range bodyRows(root) {
		for _, c := range r.cells()[2:] {
			classes := strings.Fields(c.Attr["class"])
			require.NotEmpty(t, classes, c.text())
			class := classes[len(classes)-1]
			if class == "error" {
				assert.Contains(t, c.text(), "could not be read: 403 Forbidden")
				continue
			}
			word, ok := words[class]
			require.True(t, ok, "cell %q has class %q", c.text(), class)
			assert.True(t, strings.HasPrefix(c.text(), word), "cell %q starts with %q", c.text(), word)
			seen[class]++
		}
	}
	assert.Len(t, seen, 4, "the fixture shows every verdict: %v", seen)
}

func TestSummaryLine(t *testing.T) {
	_, root := parsedFixture(t)
	var summary *node
	for _, p := range root.all("p") {
		if p.Attr["class"] == "summary" {
			summary = p
		}
	}
	require.NotNil(t, summary)
	assert.Equal(t, "2 fail · 2 warn · 2 ok of 6 environments · made 2026-12-04 20:07:48 UTC", summary.text())
	times := summary.all("time")
	require.Len(t, times, 1)
	assert.Equal(t, "2026-12-04T20:07:48Z", times[0].Attr["datetime"])
}

func TestDetailLines(t *testing.T) {
	_, root := parsedFixture(t)
	rows := bodyRows(root)
	crons := rows[0].cells()[6] // blog/main's crons: five lines, folded
	require.Len(t, crons.all("details"), 1)
	assert.Contains(t, crons.all("summary")[0].text(), "5 lines")
	assert.Len(t, crons.all("li"), 5)
	backups := rows[3].cells()[4] // blog/staging's backups: one line, open
	assert.Empty(t, backups.all("details"))
	assert.Equal(t, "newest: 2026-12-03 15:00 UTC", backups.all("li")[0].text())
}

func TestHostileTextIsShownNotRun(t *testing.T) {
	doc, root := parsedFixture(t)
	for _, bad := range []string{"<script", "<img", "<a ", "\x1b", "\u202e"} {
		assert.NotContains(t, doc, bad)
	}
	assert.Empty(t, root.all("script"))
	assert.Empty(t, root.all("img"))
	assert.Empty(t, root.all("a"))
	row := bodyRows(root)[2]
	text := row.text()
	assert.Contains(t, text, hostileProject)
	assert.Contains(t, text, hostileEnv)
	assert.Contains(t, text, `\x1b[31mred\x1b[0m \u202eevil`, "terminal escapes shown as text")
	assert.Contains(t, text, hostileDetail)
}

func TestSelfContained(t *testing.T) {
	doc, root := parsedFixture(t)
	var walk func(*node)
	walk = func(n *node) {
		for name, v := range n.Attr {
			switch name {
			case "src", "href", "srcset", "action", "formaction", "poster", "data", "background", "xlink:href", "ping", "style":
				t.Errorf("<%s %s=%q>: the page must fetch nothing and style by class", n.Name, name, v)
			}
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(root)
	for _, bad := range []string{"url(", "@import", "<link", "<iframe", "<object", "<embed"} {
		assert.NotContains(t, doc, bad)
	}
	var csp string
	for _, m := range root.all("meta") {
		if strings.EqualFold(m.Attr["http-equiv"], "Content-Security-Policy") {
			csp = m.Attr["content"]
		}
	}
	assert.Equal(t, "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'", csp)
}

func TestLongFleetStaysLight(t *testing.T) {
	p := Page{Made: time.Unix(0, 0), Concerns: concerns}
	for i := range 200 {
		c := Cell{Verdict: OK, Summary: "3h old", Detail: []string{"one line of detail"}}
		p.Rows = append(p.Rows, Row{Project: fmt.Sprintf("project-%03d", i), Environment: "main", Type: "production",
			Cells: []Cell{c, c, c, c, c}})
	}
	doc, err := render(p)
	require.NoError(t, err)
	assert.Less(t, len(doc), 200*1500, "a kilobyte and a half a row at most")
	assert.Equal(t, 1, strings.Count(doc, "<style"), "the style once, rows by class")
	assert.NotContains(t, doc, " style=")
	assert.Equal(t, 200, strings.Count(doc, `<tr class="row-ok">`))
	assert.Contains(t, doc, "<title>pshcron health</title>", "a page with no title still has one")
}

func TestNoEnvironment(t *testing.T) {
	doc, err := render(Page{Made: time.Unix(0, 0), Concerns: concerns})
	require.NoError(t, err)
	root, err := parseDOM(doc)
	require.NoError(t, err)
	rows := bodyRows(root)
	require.Len(t, rows, 1)
	assert.Equal(t, "No environment to show.", rows[0].text())
	assert.Equal(t, "8", rows[0].cells()[0].Attr["colspan"])
	assert.Contains(t, root.text(), "0 fail · 0 warn · 0 ok of 0 environments · made 1970-01-01 00:00:00 UTC")
}
