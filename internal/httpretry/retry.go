package httpretry

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"sync"
	"syscall"
	"time"

	"github.com/rs/zerolog"
)

// Transport retries requests on the policy in the package doc.
type Transport struct {
	Base    http.RoundTripper // nil means http.DefaultTransport
	Retries int               // attempts after the first
	MinWait time.Duration     // first backoff; doubles each attempt
	MaxWait time.Duration     // longest single wait, Retry-After included
	Log     zerolog.Logger
	// Now is the clock for HTTP-date Retry-After values; nil means time.Now.
	Now func() time.Time

	// A 429 slows every request through the transport down, not only the
	// one refused: work on many targets waits as the server asked, rather
	// than spending each target's retries on it.
	mu        sync.Mutex
	notBefore time.Time
}

type idempotentKey struct{}

// WithIdempotent marks requests made with ctx as safe to repeat whatever
// happened, such as the token exchange, a POST that creates nothing.
func WithIdempotent(ctx context.Context) context.Context {
	return context.WithValue(ctx, idempotentKey{}, true)
}

func idempotent(req *http.Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	v, _ := req.Context().Value(idempotentKey{}).(bool)
	return v
}

// maxDrain bounds how much of a discarded body is read to reuse the connection.
const maxDrain = 64 << 10

// RoundTrip sends req, and again after a backoff while the policy allows.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	for attempt := 0; ; attempt++ {
		if attempt > 0 && req.Body != nil && req.Body != http.NoBody {
			if req.GetBody == nil {
				return nil, errors.New("httpretry: request body cannot be replayed")
			}
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(req.Context())
			req.Body = body
		}
		if err := t.waitTurn(req.Context()); err != nil {
			return nil, err
		}
		resp, err := base.RoundTrip(req)
		if err == nil && resp.StatusCode == http.StatusTooManyRequests {
			hold := t.backoff(attempt)
			if ra, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), t.now()); ok {
				hold = ra
			}
			t.holdAll(min(hold, t.MaxWait))
		}
		if !t.shouldRetry(req, resp, err) || attempt >= t.Retries {
			if err != nil && attempt > 0 {
				err = fmt.Errorf("after %d attempts: %w", attempt+1, err)
			}
			return resp, err
		}
		wait := t.backoff(attempt)
		if resp != nil {
			if ra, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), t.now()); ok {
				wait = ra
			}
			wait = min(wait, t.MaxWait)
			drainClose(resp.Body)
		}
		t.Log.Debug().Str("method", req.Method).Str("path", req.URL.Path).
			Int("attempt", attempt+1).Str("wait", wait.String()).Str("reason", reason(resp, err)).
			Msg("retrying")
		timer := time.NewTimer(wait)
		select {
		case <-req.Context().Done():
			timer.Stop()
			return nil, req.Context().Err()
		case <-timer.C:
		}
	}
}

// holdAll makes every request through the transport wait d from now.
func (t *Transport) holdAll(d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if until := time.Now().Add(d); until.After(t.notBefore) {
		t.notBefore = until
	}
}

// waitTurn waits out a hold a 429 asked for.
func (t *Transport) waitTurn(ctx context.Context) error {
	t.mu.Lock()
	wait := time.Until(t.notBefore)
	t.mu.Unlock()
	if wait <= 0 {
		return nil
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

func (t *Transport) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

// shouldRetry applies the policy. A cancelled context is never retried.
func (t *Transport) shouldRetry(req *http.Request, resp *http.Response, err error) bool {
	if req.Context().Err() != nil {
		return false
	}
	if err != nil {
		return !Permanent(err) && (idempotent(req) || NothingSent(err))
	}
	switch s := resp.StatusCode; {
	case s == http.StatusTooManyRequests:
		return true
	case s == http.StatusRequestTimeout, s >= 500 && s != http.StatusNotImplemented:
		return idempotent(req)
	}
	return false
}

// NothingSent reports whether err means the request never reached a server:
// the connection was refused or the name did not resolve.
func NothingSent(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// Permanent reports whether err will not change by trying again: the
// server's certificate failed verification (unknown authority, expired,
// another host's).
func Permanent(err error) bool {
	var verify *tls.CertificateVerificationError
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var host x509.HostnameError
	return errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &invalid) || errors.As(err, &host)
}

// backoff is exponential with full jitter in [d/2, d].
func (t *Transport) backoff(attempt int) time.Duration {
	d := t.MinWait << attempt
	if d <= 0 || d > t.MaxWait {
		d = t.MaxWait
	}
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

func reason(resp *http.Response, err error) string {
	if err != nil {
		return err.Error()
	}
	return resp.Status
}

// Cause returns what went wrong under the *url.Error that http.Client wraps
// every failure in, so messages name the fault without repeating the URL (and
// any query a mistaken override might hold).
func Cause(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func drainClose(body io.ReadCloser) {
	if body == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(body, maxDrain))
	_ = body.Close()
}
