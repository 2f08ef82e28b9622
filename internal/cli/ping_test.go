package cli

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pshcron/pshcron/internal/redact"
)

// A ping that redirects is followed on its own origin only, and never
// carries the check's URL (its secret) in a Referer.
func TestPingRedirects(t *testing.T) {
	t.Parallel()
	var offOrigin atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { offOrigin.Add(1) }))
	defer other.Close()
	var referers []string
	var landed atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/off/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/steal", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/same/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/landed", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/landed", func(w http.ResponseWriter, r *http.Request) {
		referers = append(referers, r.Header.Get("Referer"))
		landed.Add(1)
	})
	own := httptest.NewServer(mux)
	defer own.Close()

	for _, tc := range []struct {
		path          string
		warned        bool
		landed, stole int32
	}{
		{path: "/off/5bf6c3e1-7d2a", warned: true},
		{path: "/same/5bf6c3e1-7d2a", landed: 1},
	} {
		var warnings []string
		p := &program{secrets: &redact.Set{}, log: zerolog.Nop()}
		g, err := p.newPinger(context.Background(), own.URL+tc.path)
		require.NoError(t, err)
		g.retries = 0
		g.warn = func(m string) { warnings = append(warnings, m) }
		g.finish(context.Background(), 0, false)
		assert.Equal(t, tc.warned, len(warnings) == 1, tc.path, warnings)
		assert.Equal(t, tc.landed, landed.Load(), tc.path)
		assert.Zero(t, offOrigin.Load(), "a ping followed a redirect off its origin")
		landed.Store(0)
	}
	for _, r := range referers {
		assert.Empty(t, r, "a ping's redirect carried a Referer")
	}
}
