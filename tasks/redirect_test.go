package tasks

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/emutest"
)

// A hostile or misconfigured API that redirects must never receive the
// access token's follow-up, nor be reported as having accepted anything.
func TestRedirectsAreRefusedNotFollowed(t *testing.T) {
	t.Parallel()
	for _, status := range []int{301, 302, 303, 307, 308} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			em := emutest.Start(t, emulator.Options{})
			var stolen, reached atomic.Int32
			thief := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				reached.Add(1)
				if r.Header.Get("Authorization") != "" {
					stolen.Add(1)
				}
				w.WriteHeader(http.StatusAccepted)
				_, _ = w.Write([]byte(`{"status":"accepted","_embedded":{"activities":[{"id":"stolen","type":"environment.backup"}]}}`))
			}))
			defer thief.Close()
			apiSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, thief.URL+"/x?sig=SECRET#frag", status)
			}))
			defer apiSrv.Close()

			var logs bytes.Buffer
			cfg := config(t, em, emutest.AdminToken, &logs)
			cfg.Endpoints.APIURL = apiSrv.URL + "/api"
			res, err := run(t, context.Background(), cfg, job("main", Backup{}))
			var e *api.RedirectError
			require.ErrorAs(t, err, &e)
			assert.Nil(t, res)
			assert.Equal(t, status, e.Status)
			assert.Equal(t, thief.URL+"/x", e.Location, "the target, without its query or fragment")
			assert.NotContains(t, e.Error(), "SECRET")
			assert.Zero(t, reached.Load(), "the redirect was not followed")
			assert.Zero(t, stolen.Load())
		})
	}
}
