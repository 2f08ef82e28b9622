package cli

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pshcron/pshcron/api"
)

// The client's refusal of an id is the user's mistake when the user gave
// the id (exit 2), and a bad answer when the API did (exit 5).
func TestIDOrigin(t *testing.T) {
	t.Parallel()
	getenv := func(k string) string { return map[string]string{"PLATFORM_BRANCH": "main"}[k] }
	refused := &api.IDError{Method: "DELETE", Path: "/projects/p/variables", Value: ".."}
	user := idOrigin([]string{".."}, getenv, refused)
	assert.Equal(t, exitUsage, codeOf(user))
	assert.Contains(t, hintOf(user), "nothing was sent")

	empty := idOrigin(nil, getenv, &api.IDError{Method: "GET", Path: "/projects/p/activities", Value: ""})
	assert.Equal(t, exitAPI, codeOf(empty), "an empty id reaching the client came from an answer")

	api := idOrigin([]string{"b1"}, getenv, refused)
	assert.Equal(t, exitAPI, codeOf(api))
	assert.Contains(t, hintOf(api), "an answer of the API named that id")
	assert.Contains(t, api.Error(), `refused to send DELETE /projects/p/variables/...: ".." cannot be part of an API path`)
}

func TestCheckIDRefusesTheEmptyID(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"", ".", "..", "a b", "a\tb", "\x7f", "a\u0085"} {
		assert.Error(t, checkID("environment", bad), "%q", bad)
	}
	for _, good := range []string{"main", "feature/x", "a.b", "..."} {
		assert.NoError(t, checkID("environment", good), "%q", good)
	}
}

func TestCheckIDShowsALongIDsStart(t *testing.T) {
	t.Parallel()
	err := checkID("environment", strings.Repeat("x", 5000)+" y")
	assert.Less(t, len(err.Error()), 150)
}
