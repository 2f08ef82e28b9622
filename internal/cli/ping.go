package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pshcron/pshcron/tasks"
	"github.com/pshcron/pshcron/tokenauth"
)

// Monitoring pings, in the healthchecks.io protocol (hosted or
// self-hosted): URL/start when the work really starts (the target is past
// its guard and lock), URL on success, URL/EXITCODE on failure, each with
// the same rid, the run's last log lines as the body.
//
// A run the guard or the lock skipped is not a success: the recommended
// cron line runs in every environment, and a success from staging would
// keep production's check green after production's backup stopped. So a
// gated run that never got past its gate sends no /start and no success,
// only URL/log (an event that changes no state), its reason in the body.
// A skip by a decision past the gate (--skip-if-recent, nothing to renew)
// is a success: checking was the work. A failure before the gate (a bad
// token) still pings failure. A ping never changes the exit code and never
// holds a cron up for long: 5 s an attempt, 2 retries, then a warning. It
// follows no redirect off its URL's origin. The URL holds the check's
// secret uuid: it is redacted like a token.

// pingTail bounds the log lines sent with a ping.
const pingTail = 10 << 10

// pinger sends one run's pings.
type pinger struct {
	url     string
	rid     string
	client  *http.Client
	log     *tail
	warn    func(string)
	ctx     context.Context // the run's, for the /start a gate sends
	once    sync.Once
	started atomic.Bool
	// attempt is how long one try may take; retries how often to try again.
	attempt time.Duration
	retries int
	// limit is the Ping-Body-Limit a reply said, 0 until one did (run).
	limit atomic.Int64
}

// newPinger checks the URL as the API URL is checked (https, or plain http
// on loopback only: it holds a secret) and registers it as a secret.
func (p *program) newPinger(ctx context.Context, raw string) (*pinger, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil || u.RawQuery != "" {
		return nil, usageErr("--ping needs a check's URL, such as https://hc-ping.com/UUID", "give the ping URL of a healthchecks.io check")
	}
	if u.Scheme == "http" && !tokenauth.IsLoopback(u.Hostname()) {
		return nil, usageErr("--ping is plain http off loopback: the URL holds the check's secret", "use https")
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		// The fragment would swallow the /EXITCODE suffix: a failure
		// would ping success.
		return nil, usageErr("--ping has a #fragment, which would hide a failure's /EXITCODE", "give the check's URL without the # part")
	}
	p.secrets.Add(raw)
	if last := u.Path[strings.LastIndex(u.Path, "/")+1:]; len(last) >= 8 {
		p.secrets.Add(last)
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	rid := fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
	return &pinger{url: strings.TrimRight(raw, "/"), rid: rid, client: &http.Client{CheckRedirect: sameOrigin(u)}, log: &tail{max: pingTail},
		warn: func(m string) { p.log.Warn().Msg(m) }, ctx: ctx, attempt: 5 * time.Second, retries: 2}, nil
}

// sameOrigin follows a ping's redirect only on its own origin, and sends
// no Referer: the URL it would carry is the check's secret.
func sameOrigin(u *url.URL) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		req.Header.Del("Referer")
		switch {
		case len(via) >= 5:
			return errors.New("too many redirects")
		case req.URL.Scheme != u.Scheme || req.URL.Host != u.Host:
			return errors.New("redirected off the ping URL's origin: not followed")
		}
		return nil
	}
}

// start pings URL/start, once however many targets pass their gates.
func (g *pinger) start() {
	g.once.Do(func() {
		g.started.Store(true)
		g.send(g.ctx, "/start", nil)
	})
}

// finish pings URL on success, URL/EXITCODE on failure, with the log's
// tail; URL/log for a gated run whose work never started (a skip).
func (g *pinger) finish(ctx context.Context, code int, gated bool) {
	suffix := ""
	switch {
	case code != 0:
		suffix = "/" + strconv.Itoa(code)
	case gated && !g.started.Load():
		suffix = "/log"
	}
	g.send(ctx, suffix, g.log.bytes())
}

// monitored is a gate that starts the ping when its target passes, and
// marks the run as gated: one that may end in a skip.
func (p *program) monitored(g tasks.Gate) tasks.Gate {
	p.gated.Store(true)
	if p.ping != nil {
		g.OnPass = p.ping.start
	}
	return g
}

func (g *pinger) send(ctx context.Context, suffix string, body []byte) {
	target := g.url + suffix + "?rid=" + g.rid
	var last error
	for attempt := 0; attempt <= g.retries; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				attempt = g.retries
				continue
			case <-time.After(time.Duration(attempt) * 500 * time.Millisecond):
			}
		}
		if last = g.post(ctx, target, body); last == nil {
			return
		}
	}
	which := strings.TrimPrefix(suffix, "/")
	if which == "" {
		which = "success"
	}
	g.warn("the monitoring ping (" + which + ") failed: " + last.Error() + "; the run's result stands")
}

func (g *pinger) post(ctx context.Context, target string, body []byte) error {
	// A ping is sent even when the run was interrupted: it says so.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), g.attempt)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("User-Agent", userAgent())
	resp, err := g.client.Do(req)
	if err != nil {
		return fmt.Errorf("%v", unwrapURL(err))
	}
	if n, err := strconv.ParseInt(resp.Header.Get("Ping-Body-Limit"), 10, 64); err == nil && n > 0 {
		g.limit.Store(n)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return nil
}

// unwrapURL drops the URL (and its secret) from a client error.
func unwrapURL(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = t.buf[over:]
	}
	return len(b), nil
}

func (t *tail) bytes() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]byte(nil), t.buf...)
}
