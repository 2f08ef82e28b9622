package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingClient is a client of a server that counts what it is sent and
// records the escaped paths.
func countingClient(t *testing.T) (*Client, *atomic.Int32, *[]string) {
	var n atomic.Int32
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		paths = append(paths, r.URL.EscapedPath())
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL+"/api", srv.Client(), "test", zerolog.Nop())
	require.NoError(t, err)
	return c, &n, &paths
}

// No segment that a proxy could resolve into another endpoint is sent,
// whichever call carries it.
func TestBadSegmentsAreNeverSent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, id := range []string{"", ".", "..", "a\nb", "a\x00", "\x7f", "a\u0085b"} {
		c, n, _ := countingClient(t)
		tg := Target{Project: "p1", Environment: "main"}
		calls := map[string]error{}
		_, calls["variable:delete"] = c.DeleteVariable(ctx, tg, LevelProject, id)
		calls["backup:delete"] = c.DeleteBackup(ctx, tg, id)
		calls["activity:cancel"] = c.CancelActivity(ctx, "p1", id)
		_, _, calls["activity:get"] = c.GetActivity(ctx, "p1", id)
		_, _, calls["environment"] = c.GetEnvironment(ctx, Target{Project: "p1", Environment: id})
		_, _, calls["project"] = c.ListEnvironments(ctx, id)
		for name, err := range calls {
			var idErr *IDError
			if assert.ErrorAs(t, err, &idErr, "%s %q", name, id) {
				assert.Equal(t, id, idErr.Value)
			}
		}
		assert.Zero(t, n.Load(), "%q: requests sent", id)
	}
}

// What is one segment stays one: a slash, a colon, a percent sign and
// dots inside a name are escaped, not refused.
func TestGoodSegmentsAreEscaped(t *testing.T) {
	t.Parallel()
	c, _, paths := countingClient(t)
	tg := Target{Project: "p1", Environment: "feature/x"}
	for _, name := range []string{"env:a/b", "%2e%2e", "...", ".env", "a|b"} {
		_, _, err := c.GetVariable(context.Background(), tg, LevelEnvironment, name)
		require.NoError(t, err, name)
	}
	assert.Equal(t, []string{
		"/api/projects/p1/environments/feature%2Fx/variables/env:a%2Fb",
		"/api/projects/p1/environments/feature%2Fx/variables/%252e%252e",
		"/api/projects/p1/environments/feature%2Fx/variables/...",
		"/api/projects/p1/environments/feature%2Fx/variables/.env",
		"/api/projects/p1/environments/feature%2Fx/variables/a%7Cb",
	}, *paths)
}

// An id from an answer may be of any length: the error shows its start.
func TestIDErrorIsShort(t *testing.T) {
	t.Parallel()
	err := &IDError{Method: "GET", Path: "/p", Value: strings.Repeat("x", 10000) + "\n"}
	assert.Less(t, len(err.Error()), 200)
}
