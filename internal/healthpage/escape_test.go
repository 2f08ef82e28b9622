package healthpage

import (
	"testing"
	"text/template/parse"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The page is a text/template: nothing escapes for it. Every value it
// writes must pass through the html function last, in text and in quoted
// attributes alike (html.EscapeString's quotes and angle brackets cover
// both); a new {{.Field}} without it fails here.
func TestEveryOutputIsEscaped(t *testing.T) {
	t.Parallel()
	trees, err := parse.Parse("page", pageSource, "", "", map[string]any{"html": true, "len": true, "ne": true})
	require.NoError(t, err)
	require.NotEmpty(t, trees)
	actions := 0
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return
			}
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			actions++
			cmds := n.Pipe.Cmds
			last := cmds[len(cmds)-1].Args[0]
			id, ok := last.(*parse.IdentifierNode)
			assert.True(t, len(n.Pipe.Decl) > 0 || (ok && id.Ident == "html"), "%s writes a value unescaped", n)
		case *parse.IfNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.List)
			walk(n.ElseList)
		}
	}
	for _, tree := range trees {
		walk(tree.Root)
	}
	assert.Greater(t, actions, 20, "the walk reached the page's values")
}
