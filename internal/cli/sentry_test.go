package cli

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type sentryHit struct {
	path, auth, ctype string
	body              string
}

// sentrySink records every request it gets.
func sentrySink(t *testing.T, status int) (*httptest.Server, func() []sentryHit) {
	t.Helper()
	var mu sync.Mutex
	var hits []sentryHit
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		hits = append(hits, sentryHit{r.URL.RequestURI(), r.Header.Get("X-Sentry-Auth"), r.Header.Get("Content-Type"), string(b)})
		mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []sentryHit { mu.Lock(); defer mu.Unlock(); return append([]sentryHit(nil), hits...) }
}

func testCheckIn(t *testing.T, dsn string, warns *[]string) *sentryCheckIn {
	t.Helper()
	d, err := parseSentryDSN(dsn)
	require.NoError(t, err)
	s := newSentryCheckIn(d, "nightly-cleanup", "production", func(w string) { *warns = append(*warns, w) })
	s.id = "83a7c03ed0a04e1b97e2e3b18d38f244"
	s.now = func() time.Time { return time.Date(2026, 12, 4, 19, 0, 0, 0, time.UTC) }
	return s
}

func TestSentryCheckInEnvelopes(t *testing.T) {
	srv, hits := sentrySink(t, http.StatusOK)
	var warns []string
	s := testCheckIn(t, strings.Replace(srv.URL, "://", "://pubkey123@", 1)+"/42", &warns)
	s.start(context.Background())
	s.finish(context.Background(), false, 2500*time.Millisecond)
	assert.Empty(t, warns)
	got := hits()
	require.Len(t, got, 2)
	for _, h := range got {
		assert.Equal(t, "/api/42/envelope/", h.path)
		assert.Equal(t, "Sentry sentry_key=pubkey123, sentry_version=7", h.auth)
		assert.Equal(t, "application/x-sentry-envelope", h.ctype)
	}
	assert.Equal(t, `{"sent_at":"2026-12-04T19:00:00Z"}`+"\n"+`{"type":"check_in"}`+"\n"+
		`{"check_in_id":"83a7c03ed0a04e1b97e2e3b18d38f244","monitor_slug":"nightly-cleanup","status":"in_progress","environment":"production"}`+"\n",
		got[0].body)
	assert.Equal(t, `{"sent_at":"2026-12-04T19:00:00Z"}`+"\n"+`{"type":"check_in"}`+"\n"+
		`{"check_in_id":"83a7c03ed0a04e1b97e2e3b18d38f244","monitor_slug":"nightly-cleanup","status":"error","duration":2.5,"environment":"production"}`+"\n",
		got[1].body)

	s.finish(context.Background(), true, time.Second)
	assert.Contains(t, hits()[2].body, `"status":"ok","duration":1,`)
}

func TestSentryDSNWithPathPrefix(t *testing.T) {
	srv, hits := sentrySink(t, http.StatusOK)
	var warns []string
	s := testCheckIn(t, strings.Replace(srv.URL, "://", "://pub:legacysecret@", 1)+"/sentry/eu/7/", &warns)
	s.start(context.Background())
	assert.Empty(t, warns)
	require.Len(t, hits(), 1)
	assert.Equal(t, "/sentry/eu/api/7/envelope/", hits()[0].path)
	assert.Equal(t, []string{"pub", "legacysecret"}, s.dsn.secrets())
}

func TestSentryBadDSNIsAUsageError(t *testing.T) {
	for _, dsn := range []string{
		"", "not a url", "ftp://key@host/1", "https://host/1", "https://key@/1",
		"https://key@host", "https://key@host/abc", "https://key@host/1?x=y", "https://key@host/",
		"https://k%2Cx=1@host/1", "https://k%20y@host/1",
	} {
		_, err := parseSentryDSN(dsn)
		require.Error(t, err, dsn)
		assert.Equal(t, exitUsage, codeOf(err), dsn)
		assert.Contains(t, err.Error(), "SENTRY_DSN is not a Sentry DSN", dsn)
	}
}

func TestSentryHangingSinkIsCut(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	var warns []string
	s := testCheckIn(t, strings.Replace(srv.URL, "://", "://k@", 1)+"/1", &warns)
	s.client.Timeout = 200 * time.Millisecond
	began := time.Now()
	s.start(context.Background())
	assert.Less(t, time.Since(began), 2*time.Second)
	require.Len(t, warns, 1)
	assert.Contains(t, warns[0], `Sentry check-in "in_progress" for monitor "nightly-cleanup" not sent: `)
	assert.NotContains(t, warns[0], "k@")
}

func TestSentryErrorAnswerIsAWarning(t *testing.T) {
	srv, _ := sentrySink(t, http.StatusTooManyRequests)
	var warns []string
	s := testCheckIn(t, strings.Replace(srv.URL, "://", "://k@", 1)+"/1", &warns)
	s.finish(context.Background(), true, time.Second)
	assert.Equal(t, []string{`Sentry check-in "ok" for monitor "nightly-cleanup" not sent: the server answered 429 Too Many Requests`}, warns)
}

func TestSentryFromEnv(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	s, secrets, err := sentryFromEnv(getenv, "", "production", func(w string) { t.Log(w) })
	assert.Nil(t, s)
	assert.Nil(t, secrets)
	require.NoError(t, err)

	_, _, err = sentryFromEnv(getenv, "nightly", "production", func(w string) { t.Log(w) })
	require.Error(t, err)
	assert.Equal(t, exitUsage, codeOf(err))
	assert.Equal(t, "--sentry-slug needs SENTRY_DSN, which is not set", err.Error())

	env["SENTRY_DSN"] = "https://k3y@o1.ingest.example.com/99"
	s, secrets, err = sentryFromEnv(getenv, "nightly", "staging", func(w string) { t.Log(w) })
	require.NoError(t, err)
	assert.Equal(t, []string{"k3y"}, secrets)
	assert.Equal(t, "https://o1.ingest.example.com/api/99/envelope/", s.dsn.envelopeURL())
	assert.Equal(t, "staging", s.environment)
	assert.Len(t, s.id, 32)

	env["SENTRY_DSN"] = "https://o1.ingest.example.com/99"
	_, _, err = sentryFromEnv(getenv, "nightly", "staging", func(w string) { t.Log(w) })
	assert.Equal(t, exitUsage, codeOf(err))
}
