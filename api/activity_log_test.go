package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// logServer serves body as an activity's log, counting requests by host.
func logServer(t *testing.T, body string) (*httptest.Server, *int) {
	n := new(int)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*n++
		_, _ = fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, n
}

func TestLogReaderBoundsAndDeduplicates(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", maxLogLine+10)
	body := `{"_id": "1", "data": {"timestamp": "t", "message": "one\n"}}` + "\n" +
		"not json\n" +
		`{"_id": "2", "data": {"timestamp": "t", "message": "` + long + `"}}` + "\n" +
		`{"data": {"timestamp": "t", "message": "` + strings.Repeat("y", maxLogMessage+5) + `"}}` + "\n" +
		`{"_id": "3", "data": {"timestamp": "t", "message": "three\n"}}` + "\n"
	srv, n := logServer(t, body)
	c, err := NewClient(srv.URL+"/api", srv.Client(), "test", zerolog.Nop())
	require.NoError(t, err)
	var got []LogLine
	r := c.NewLogReader("p", &Activity{ID: "a1"}, func(l LogLine) { got = append(got, l) })
	sealed, err := r.Read(context.Background())
	require.NoError(t, err)
	assert.False(t, sealed)
	require.Len(t, got, 3, "the oversized line and the bad one are dropped")
	assert.Equal(t, "one\n", got[0].Message)
	assert.Len(t, got[1].Message, maxLogMessage+len(truncatedNote), "a long message is cut")
	assert.Equal(t, "three\n", got[2].Message)

	// Read again, as after a cut connection: nothing twice.
	_, err = r.Read(context.Background())
	require.NoError(t, err)
	assert.Len(t, got, 3)
	assert.Equal(t, 2, *n)
}

func TestLogLinkStaysOnTheAPIHost(t *testing.T) {
	t.Parallel()
	c, err := NewClient("https://api.example.test/api", http.DefaultClient, "test", zerolog.Nop())
	require.NoError(t, err)
	logURL := func(a *Activity) string {
		u, err := c.logURL("p", a)
		require.NoError(t, err)
		return u.String()
	}
	usual := "https://api.example.test/api/projects/p/activities/a1/log"
	a := &Activity{ID: "a1"}
	assert.Equal(t, usual, logURL(a), "no link: the usual path")
	a.Links.Log.Href = "/api/projects/p/activities/a1/log?count=10"
	assert.Equal(t, usual, logURL(a), "relative, its query dropped")
	a.Links.Log.Href = "https://api.example.test/api/projects/p/activities/a2/log"
	assert.Equal(t, "https://api.example.test/api/projects/p/activities/a2/log", logURL(a))
	for _, href := range []string{"https://api.example.test/elsewhere/log", "/api/../oauth2/log", "https://evil.example.test/api/projects/p/activities/a1/log"} {
		a.Links.Log.Href = href
		assert.Equal(t, usual, logURL(a), "never off the API's URL: %s", href)
	}
	_, err = c.logURL("p", &Activity{ID: ".."})
	var idErr *IDError
	assert.ErrorAs(t, err, &idErr, "an activity id from the API enters no path unchecked")
}

func TestActivityTypesAsTheOfficialCLI(t *testing.T) {
	t.Parallel()
	types, unknown := ActivityTypes([]string{"cron", "environment.backup"}, nil)
	assert.Equal(t, []string{"environment.cron", "environment.backup"}, types)
	assert.Empty(t, unknown)

	types, _ = ActivityTypes(nil, []string{"cron", "%.backup*"})
	assert.Len(t, types, len(knownActivityTypes)-3, "every known type but the excluded")
	assert.NotContains(t, types, "environment.cron")
	assert.NotContains(t, types, "environment.backup.delete")
	assert.Contains(t, types, "environment.redeploy")

	types, unknown = ActivityTypes([]string{"*backup*", "custom.thing"}, []string{"backup.delete", "nonesuch"})
	assert.Equal(t, []string{"environment.backup", "custom.thing"}, types)
	assert.Equal(t, []string{"nonesuch", "custom.thing"}, unknown)

	types, _ = ActivityTypes(nil, nil)
	assert.Empty(t, types, "no filter: every type")
}

// cutOnce serves an activity and its log, cutting the first read of the
// log after its first line, as a dropped connection does.
func cutOnce(t *testing.T) (*httptest.Server, *int) {
	reads := new(int)
	log := `{"_id": "1", "data": {"timestamp": "t", "message": "one\n"}}` + "\n" +
		`{"_id": "2", "data": {"timestamp": "t", "message": "two\n"}}` + "\n" + `{"seal": true}` + "\n"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/projects/p/activities/a1":
			_, _ = fmt.Fprint(w, `{"id": "a1", "state": "complete", "result": "success"}`)
		case "/api/projects/p/activities/a1/log":
			*reads++
			if *reads > 1 {
				_, _ = fmt.Fprint(w, log)
				return
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(log)))
			_, _ = fmt.Fprint(w, log[:strings.Index(log, "\n")+1])
			w.(http.Flusher).Flush()
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				_ = conn.Close()
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, reads
}

func TestFollowLogReadsAgainAfterACut(t *testing.T) {
	t.Parallel()
	srv, reads := cutOnce(t)
	var logs bytes.Buffer
	c, err := NewClient(srv.URL+"/api", srv.Client(), "test", zerolog.New(&logs))
	require.NoError(t, err)
	var got []string
	a, err := c.FollowLog(context.Background(), "p", &Activity{ID: "a1", State: "in_progress"}, time.Millisecond,
		func(l LogLine) { got = append(got, l.Message) }, func(*Activity) {})
	require.NoError(t, err)
	assert.Equal(t, "success", a.Result)
	assert.Equal(t, []string{"one\n", "two\n"}, got, "each line once")
	assert.Equal(t, 2, *reads)
	assert.NotContains(t, logs.String(), "polling the activity instead")
}
