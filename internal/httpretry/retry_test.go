package httpretry

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"7", 7 * time.Second, true},
		{" 3 ", 3 * time.Second, true},
		{"-1", 0, false},
		{"86401", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
		{"Fri, 27 Nov 2026 12:00:10 GMT", 10 * time.Second, true},
		{"Fri, 27 Nov 2026 11:00:00 GMT", 0, true},
		{"Sat, 27 Nov 2027 12:00:00 GMT", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ParseRetryAfter(tt.in, now)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "120", "-5", "Wed, 21 Oct 2015 07:28:00 GMT", "999999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseRetryAfter(s, time.Now())
		if ok && (d < 0 || d > maxRetryAfter) {
			t.Fatalf("%q gave %v", s, d)
		}
	})
}

// server answers with the given statuses in turn, then 200.
func server(t *testing.T, statuses ...int) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		assert.Equal(t, "payload", string(body), "body replayed on every attempt")
		i := int(n.Add(1)) - 1
		if i < len(statuses) {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(statuses[i])
			_, _ = io.WriteString(w, strings.Repeat("x", 100))
			return
		}
		_, _ = io.WriteString(w, "ok")
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func send(t *testing.T, ctx context.Context, method, url string) (*http.Response, error) {
	tr := &Transport{Retries: 3, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond, Log: zerolog.Nop()}
	req, err := http.NewRequestWithContext(ctx, method, url, strings.NewReader("payload"))
	require.NoError(t, err)
	resp, err := tr.RoundTrip(req)
	if resp != nil {
		t.Cleanup(func() { resp.Body.Close() })
	}
	return resp, err
}

func TestPolicy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		method   string
		ctx      context.Context
		statuses []int
		status   int
		attempts int32
	}{
		{"GET retries 5xx", "GET", context.Background(), []int{500, 502}, 200, 3},
		{"GET gives up after retries", "GET", context.Background(), []int{503, 503, 503, 503, 503}, 503, 4},
		{"POST does not repeat 503", "POST", context.Background(), []int{503}, 503, 1},
		{"idempotent POST retries 503", "POST", WithIdempotent(context.Background()), []int{503}, 200, 2},
		{"POST retries 429", "POST", context.Background(), []int{429}, 200, 2},
		{"POST does not repeat 502", "POST", context.Background(), []int{502}, 502, 1},
		{"POST does not repeat 504", "POST", context.Background(), []int{504}, 504, 1},
		{"idempotent POST retries 502", "POST", WithIdempotent(context.Background()), []int{502}, 200, 2},
		{"501 is final", "GET", context.Background(), []int{501}, 501, 1},
		{"4xx is final", "GET", context.Background(), []int{404}, 404, 1},
		{"408 retried when idempotent", "GET", context.Background(), []int{408}, 200, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, n := server(t, tt.statuses...)
			resp, err := send(t, tt.ctx, tt.method, srv.URL)
			require.NoError(t, err)
			assert.Equal(t, tt.status, resp.StatusCode)
			assert.Equal(t, tt.attempts, n.Load())
		})
	}
}

func TestRefusedConnectionRetriedEvenForPOST(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	_, err = send(t, context.Background(), "POST", "http://"+addr+"/")
	require.Error(t, err)
	assert.True(t, NothingSent(err))
	assert.Contains(t, err.Error(), "after 4 attempts")
}

// A certificate that fails verification fails the same way next time: it
// is reported at once, not retried.
func TestTLSVerificationFailureIsPermanent(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { n.Add(1) }))
	defer srv.Close()
	tr := &Transport{Retries: 3, MinWait: time.Millisecond, MaxWait: time.Millisecond, Log: zerolog.Nop()}
	req, _ := http.NewRequest("GET", srv.URL, nil)
	_, err := tr.RoundTrip(req)
	require.Error(t, err)
	assert.True(t, Permanent(err), "%v", err)
	assert.NotContains(t, err.Error(), "attempts", "tried once")
}

func TestCancelledContextStopsWaiting(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	tr := &Transport{Retries: 3, MinWait: time.Hour, MaxWait: time.Hour, Log: zerolog.Nop()}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	start := time.Now()
	_, err := tr.RoundTrip(req)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 10*time.Second)
	assert.Equal(t, int32(1), n.Load())
}

func TestCause(t *testing.T) {
	t.Parallel()
	inner := errors.New("connection refused")
	assert.Equal(t, inner, Cause(&url.Error{Op: "Post", URL: "https://x/?q=secret", Err: inner}))
	assert.Equal(t, inner, Cause(inner))
}

// A 429 slows down every request through the transport, not only the one
// refused: the next request waits as the server asked.
func TestTooManyRequestsHoldsEveryRequest(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		}
	}))
	defer srv.Close()
	tr := &Transport{Retries: 0, MinWait: time.Millisecond, MaxWait: 5 * time.Second, Log: zerolog.Nop()}
	req, _ := http.NewRequest("GET", srv.URL, nil)
	resp, err := tr.RoundTrip(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "no retries left for this one")
	start := time.Now()
	req, _ = http.NewRequest("GET", srv.URL, nil)
	resp, err = tr.RoundTrip(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.GreaterOrEqual(t, time.Since(start), 900*time.Millisecond, "another request waited out the 429")
}

// A retry's log line gives the wait with its unit, for a person reading a
// cron log (a bare number of nanoseconds or milliseconds says nothing).
func TestRetryLogSaysTheWaitWithItsUnit(t *testing.T) {
	t.Parallel()
	srv, _ := server(t, http.StatusServiceUnavailable)
	var logs strings.Builder
	tr := &Transport{Retries: 1, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond, Log: zerolog.New(&logs).Level(zerolog.DebugLevel)}
	req, err := http.NewRequest(http.MethodGet, srv.URL, strings.NewReader("payload"))
	require.NoError(t, err)
	resp, err := tr.RoundTrip(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Regexp(t, `"wait":"[0-9.]+[mµn]?s"`, logs.String())
}
