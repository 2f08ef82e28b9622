package api

import (
	"context"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A read returns the platform's clock in the same call: the Date of the
// answer, and this machine's clock when it arrived; zero without a Date.
func TestReadsReturnThePlatformsClock(t *testing.T) {
	t.Parallel()
	platform := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	withDate := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if withDate {
			w.Header().Set("Date", platform.Format(http.TimeFormat))
		} else {
			w.Header()["Date"] = nil // the server would add its own
		}
		_, _ = w.Write([]byte(`[{"id":"b1"}]`))
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL+"/api", srv.Client(), "test", zerolog.Nop())
	require.NoError(t, err)
	local := time.Date(2026, 11, 27, 2, 59, 0, 0, time.UTC)
	c.Clock = func() time.Time { return local }

	backups, resp, err := c.ListBackups(context.Background(), Target{Project: "p", Environment: "main"})
	require.NoError(t, err)
	assert.Equal(t, "b1", backups[0].ID)
	assert.True(t, platform.Equal(resp.Date), "the platform's clock: %v", resp.Date)
	assert.Equal(t, local, resp.Received)

	withDate = false
	_, resp, err = c.ListActivities(context.Background(), Target{Project: "p"}, ActivityFilter{})
	require.NoError(t, err)
	assert.True(t, resp.Date.IsZero(), "no Date header: zero")
}

// The REST client stands below the pipeline and the command layer: it
// imports neither.
func TestImportsNeitherTasksNorTheCommandLayer(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		require.NoError(t, err)
		for _, imp := range f.Imports {
			assert.NotContains(t, imp.Path.Value, "pshcron/tasks", name)
			assert.NotContains(t, imp.Path.Value, "internal/cli", name)
		}
	}
}
