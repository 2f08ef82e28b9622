package cli

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pshcron/pshcron/internal/supervise"
	"github.com/pshcron/pshcron/internal/termsafe"
	"github.com/pshcron/pshcron/tokenauth"
)

// run's pings: /start before the job (never holding it more than
// startBound), then the URL or /EXITCODE with the same rid, the job's
// captured output as the body, redacted, made safe to show, and cut to the
// Ping-Body-Limit the monitor announced.

const (
	startBound       = 5 * time.Second
	defaultBodyLimit = 10 << 10  // healthchecks.io's when it says none
	maxBodyLimit     = 100 << 10 // whatever it says
)

// secretNameParts mark an environment variable whose value is a secret.
var secretNameParts = []string{"TOKEN", "SECRET", "PASSWORD", "KEY", "DSN"}

// runStart pings /start, waiting for it startBound at most: the returned
// channel closes when the ping is done.
func (g *pinger) runStart(ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	if g == nil {
		close(done)
		return done
	}
	go func() {
		defer close(done)
		sctx, cancel := context.WithTimeout(ctx, startBound)
		defer cancel()
		g.send(sctx, "/start", nil)
	}()
	t := time.NewTimer(startBound)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
	return done
}

// runFinish pings the URL on success, /EXITCODE on failure. A monitor
// that is down costs the job's exit a few seconds, not the pinger's three
// full attempts: no retry starts after startBound.
func (g *pinger) runFinish(ctx context.Context, code int, body []byte) {
	if g == nil {
		return
	}
	suffix := ""
	if code != 0 {
		suffix = "/" + strconv.Itoa(code)
	}
	ctx, cancel := context.WithTimeout(ctx, startBound)
	defer cancel()
	g.send(ctx, suffix, body)
}

// runBody is the job's captured output as a ping's body.
func (p *program) runBody(c *supervise.Capture, g *pinger) []byte {
	if g == nil {
		return nil
	}
	limit := int(g.limit.Load())
	if limit <= 0 {
		limit = defaultBodyLimit
	}
	return []byte(cutBody(safeBody(string(p.secrets.Scrub(c.Bytes()))), min(limit, maxBodyLimit)))
}

// addRunSecrets registers the token and the values of the variables whose
// names say they are secret, so that no report shows them.
func (p *program) addRunSecrets(environ []string) {
	for _, v := range tokenauth.TokenVars() {
		p.secrets.Add(p.getenv(v))
	}
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		for _, part := range secretNameParts {
			if strings.Contains(strings.ToUpper(name), part) {
				p.addSecretValue(value)
				p.addSecretValue(p.getenv(name))
			}
		}
	}
}

// addSecretValue registers a secret value and, for a DSN, its key (the
// URL's user part), which a job may print alone.
func (p *program) addSecretValue(v string) {
	p.secrets.Add(v)
	if u, err := url.Parse(v); err == nil && u.User != nil {
		p.secrets.Add(u.User.Username())
		if pw, ok := u.User.Password(); ok {
			p.secrets.Add(pw)
		}
	}
}

// safeBody is s with invalid UTF-8 replaced and terminal escapes escaped,
// line by line so the lines stay lines.
func safeBody(s string) string {
	lines := strings.Split(strings.ToValidUTF8(s, "\uFFFD"), "\n")
	for i, l := range lines {
		lines[i] = termsafe.String(l)
	}
	return strings.Join(lines, "\n")
}

// cutBody keeps s within limit bytes: a quarter from its start, the rest
// from its end (where a failure says why), and a marker between.
func cutBody(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	marker := fmt.Sprintf("\n[... %d bytes cut ...]\n", len(s)-limit)
	keep := max(limit-len(marker), 0)
	head := keep / 4
	out := s[:head] + marker + s[len(s)-(keep-head):]
	return strings.ToValidUTF8(out, "")
}
