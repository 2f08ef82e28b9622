package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pshcron/pshcron/internal/termsafe"
)

// sentryTimeout bounds each check-in request: a Sentry that is down or hangs costs
// the job a few seconds and one warning, never its run.
const sentryTimeout = 5 * time.Second

// sentryDSN is a parsed Sentry DSN, {scheme}://{key}[:{secret}]@{host}[/{prefix}]/{project_id}.
type sentryDSN struct {
	scheme, key, secret, host, prefix, projectID string
}

// parseSentryDSN reads SENTRY_DSN. A DSN that is not one is a usage error: the
// check-ins would all be lost, which nobody would notice.
func parseSentryDSN(raw string) (sentryDSN, error) {
	bad := func(why string) (sentryDSN, error) {
		return sentryDSN{}, usageErr("SENTRY_DSN is not a Sentry DSN: "+why,
			"copy it from Sentry's project settings, Client Keys (DSN): https://KEY@HOST/PROJECT_ID")
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return bad("it does not parse as a URL")
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return bad("the scheme must be https or http")
	}
	if u.User == nil || u.User.Username() == "" {
		return bad("it has no public key before the @")
	}
	if !alnum(u.User.Username()) {
		return bad("the public key must be letters and digits")
	}
	if u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return bad("it needs a host and no query or fragment")
	}
	path := strings.TrimSuffix(u.Path, "/")
	i := strings.LastIndexByte(path, '/')
	if i < 0 || path[i+1:] == "" || strings.Trim(path[i+1:], "0123456789") != "" {
		return bad("it must end in the numeric project id")
	}
	secret, _ := u.User.Password()
	return sentryDSN{
		scheme: u.Scheme, key: u.User.Username(), secret: secret,
		host: u.Host, prefix: path[:i], projectID: path[i+1:],
	}, nil
}

// alnum says whether s is only ASCII letters and digits, as Sentry's keys are: the
// key goes into the X-Sentry-Auth header, where a comma or '=' would change it.
func alnum(s string) bool {
	return strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == ""
}

// secrets returns what the caller must register with the redactor before any
// output is captured: the public key (it lets anyone send events to the project)
// and the legacy secret key when the DSN has one.
func (d sentryDSN) secrets() []string {
	out := []string{d.key}
	if d.secret != "" {
		out = append(out, d.secret)
	}
	return out
}

// envelopeURL is the project's envelope endpoint, with any path prefix kept
// (self-hosted Sentry behind a reverse proxy path).
func (d sentryDSN) envelopeURL() string {
	return d.scheme + "://" + d.host + d.prefix + "/api/" + d.projectID + "/envelope/"
}

// sentryCheckIn sends the in_progress and final check-ins of one run, paired by
// one check_in_id.
type sentryCheckIn struct {
	dsn         sentryDSN
	slug        string
	environment string
	id          string
	client      *http.Client
	warn        func(string)
	now         func() time.Time
}

// newSentryCheckIn prepares the check-ins of one run of the monitor slug.
func newSentryCheckIn(dsn sentryDSN, slug, environment string, warn func(string)) *sentryCheckIn {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return &sentryCheckIn{
		dsn: dsn, slug: slug, environment: environment, id: hex.EncodeToString(b),
		client: &http.Client{Timeout: sentryTimeout}, warn: warn, now: time.Now,
	}
}

// start says the job began (status in_progress).
func (s *sentryCheckIn) start(ctx context.Context) {
	s.send(ctx, "in_progress", nil)
}

// finish says how it ended (ok or error) and how long it took. The caller passes a
// context that a signal to pshcron has not cancelled (context.WithoutCancel), or the
// check-in that matters most, after a TERM, would never leave.
func (s *sentryCheckIn) finish(ctx context.Context, ok bool, d time.Duration) {
	status := "error"
	if ok {
		status = "ok"
	}
	secs := d.Seconds()
	s.send(ctx, status, &secs)
}

// checkInPayload is the check_in item, as https://develop.sentry.dev/sdk/check-ins/
// defines it.
type checkInPayload struct {
	CheckInID   string   `json:"check_in_id"`
	MonitorSlug string   `json:"monitor_slug"`
	Status      string   `json:"status"`
	Duration    *float64 `json:"duration,omitempty"`
	Environment string   `json:"environment,omitempty"`
}

// envelope renders one check-in as an envelope
// (https://develop.sentry.dev/sdk/envelopes/): the envelope header line, the item
// header line, the payload, each JSON on one line ending in \n, uncompressed.
func (s *sentryCheckIn) envelope(status string, duration *float64) []byte {
	head, _ := json.Marshal(map[string]string{"sent_at": s.now().UTC().Format(time.RFC3339Nano)})
	payload, _ := json.Marshal(checkInPayload{
		CheckInID: s.id, MonitorSlug: s.slug, Status: status,
		Duration: duration, Environment: s.environment,
	})
	var b bytes.Buffer
	b.Write(head)
	b.WriteString("\n{\"type\":\"check_in\"}\n")
	b.Write(payload)
	b.WriteString("\n")
	return b.Bytes()
}

// send posts one envelope; every failure is one warning.
func (s *sentryCheckIn) send(ctx context.Context, status string, duration *float64) {
	if err := s.post(ctx, s.envelope(status, duration)); err != nil {
		s.warn(fmt.Sprintf("Sentry check-in %q for monitor %q not sent: %s",
			status, termsafe.String(s.slug), termsafe.String(err.Error())))
	}
}

func (s *sentryCheckIn) post(ctx context.Context, body []byte) error {
	ctx, cancel := context.WithTimeout(ctx, sentryTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.dsn.envelopeURL(), bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-sentry-envelope")
	req.Header.Set("X-Sentry-Auth", "Sentry sentry_key="+s.dsn.key+", sentry_version=7")
	resp, err := s.client.Do(req)
	if err != nil {
		return unwrapURL(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("the server answered %s", resp.Status)
	}
	return nil
}

// sentryFromEnv prepares the check-ins for --sentry-slug from the app's SENTRY_DSN.
// No slug: nil, no check-in. A slug without a DSN, or a bad DSN, is a usage error
// before the job runs. The caller must add the returned secrets to its redactor
// before capturing any output, so the DSN's key never reaches a ping, mail or log.
func sentryFromEnv(getenv func(string) string, slug, environment string, warn func(string)) (*sentryCheckIn, []string, error) {
	if slug == "" {
		return nil, nil, nil
	}
	raw := getenv("SENTRY_DSN")
	if strings.TrimSpace(raw) == "" {
		return nil, nil, usageErr("--sentry-slug needs SENTRY_DSN, which is not set",
			"set SENTRY_DSN to the project's DSN (a variable env:SENTRY_DSN), or drop --sentry-slug")
	}
	dsn, err := parseSentryDSN(raw)
	if err != nil {
		return nil, nil, err
	}
	return newSentryCheckIn(dsn, slug, environment, warn), dsn.secrets(), nil
}
