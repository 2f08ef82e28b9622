package emulator

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// However an action link is held, an id that needs escaping is escaped in
// it, and a link of another environment is left alone.
func TestWithReadLinksEscapesEveryLinkForm(t *testing.T) {
	p := &project{id: "p"}
	e := &environment{Environment: Environment{ID: "feature/x"}}
	links := map[string]any{
		"#backup":   map[string]string{"href": "/api/projects/p/environments/feature/x/backup"},
		"#redeploy": map[string]any{"href": "/api/projects/p/environments/feature/x/redeploy"},
		"parent":    map[string]string{"href": "/api/projects/p/environments/main"},
	}
	links = withReadLinks(links, p, e, RoleAdmin)
	assert.Equal(t, "/api/projects/p/environments/feature%2Fx/backup", hrefOf(links["#backup"]))
	assert.Equal(t, "/api/projects/p/environments/feature%2Fx/redeploy", hrefOf(links["#redeploy"]))
	assert.Equal(t, "/api/projects/p/environments/main", hrefOf(links["parent"]))
	assert.Equal(t, "/api/projects/p/environments/feature%2Fx", hrefOf(links["self"]))
}
