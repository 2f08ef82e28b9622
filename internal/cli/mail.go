package cli

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"strings"
	"time"

	"github.com/pshcron/pshcron/internal/termsafe"
)

// mailTimeout bounds the whole SMTP exchange, connect to QUIT: a mail server that is
// down or hangs must not hold the cron past its slot.
const mailTimeout = 10 * time.Second

// mailOffWarning is said once when the environment has outgoing mail off: croncape
// silently mails nothing there, which is how failures go unnoticed.
const mailOffWarning = "failure mail not sent: outgoing mail is off for this environment " +
	"(PLATFORM_SMTP_HOST is empty); turn it on with " +
	"`upsun environment:info enable_smtp true` (on by default only on production)"

// mailConfig says where and from whom a failure mail goes.
type mailConfig struct {
	Addr    string         // host:port of the SMTP server; empty: outgoing mail is off
	From    string         // the From header and the envelope sender
	To      []string       // recipients, each an RFC 5322 address
	RootCAs *x509.CertPool // nil: the system's roots (tests give their own)
	Timeout time.Duration  // 0: mailTimeout
	now     func() time.Time
	newID   func() string
}

// mailConfigFromEnv reads croncape's variables (MAILTO, MAILFROM) and the platform's
// PLATFORM_SMTP_HOST; PSHCRON_SMTP_ADDR=host:port overrides the server. to, when
// not empty (--mail-to), replaces MAILTO.
func mailConfigFromEnv(getenv func(string) string, to []string) mailConfig {
	cfg := mailConfig{From: getenv("MAILFROM"), To: to}
	if cfg.From == "" {
		// croncape's documented default sender.
		cfg.From = getenv("PLATFORM_PROJECT") + "+" + getenv("PLATFORM_BRANCH") +
			"@cron.noreply.platformsh.site"
	}
	if len(cfg.To) == 0 {
		cfg.To = splitAddresses(getenv("MAILTO"))
	}
	if addr := getenv("PSHCRON_SMTP_ADDR"); addr != "" {
		cfg.Addr = addr
	} else if host := getenv("PLATFORM_SMTP_HOST"); host != "" {
		cfg.Addr = net.JoinHostPort(host, "25")
	}
	return cfg
}

// splitAddresses splits a comma-separated list as MAILTO and --mail-to hold it.
func splitAddresses(s string) []string {
	var out []string
	for _, a := range strings.Split(s, ",") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// sendFailureMail mails r to cfg.To. It never fails the caller: every problem (mail
// off, a refused header, a server that is down, hangs or answers 5xx) is one line given
// to warn, and the exchange is cut at cfg.Timeout whatever the server does.
//
// It speaks SMTP itself with net/smtp (frozen, but complete for a client: EHLO,
// STARTTLS, 8BITMIME, dot-stuffing in its DATA writer), so no sendmail binary is
// needed. When the server offers STARTTLS, its certificate is verified against the
// host name; if that fails the mail is not sent (a warning says why) rather than sent
// in clear, since falling back would give a man in the middle the capture by simply
// presenting a bad certificate. Servers that offer no STARTTLS get plain SMTP, as
// the platform documents port 25 without TLS or authentication. (croncape has no
// policy of its own here: it pipes the message to the container's sendmail, which
// relays to PLATFORM_SMTP_HOST. Whether the platform's relay offers STARTTLS, and
// with what certificate, is unverified: if it offers one that does not verify,
// this warning is what the user sees.)
func sendFailureMail(ctx context.Context, cfg mailConfig, r mailReport, warn func(string)) {
	if len(cfg.To) == 0 {
		return // nobody asked for mail: nothing to say
	}
	if cfg.Addr == "" {
		warn(mailOffWarning)
		return
	}
	from, to, err := envelope(cfg)
	var msg []byte
	if err == nil {
		msg, err = composeMail(cfg, r)
	}
	if err == nil {
		err = deliver(ctx, cfg, from, to, msg)
	}
	if err != nil {
		warn("failure mail not sent: " + termsafe.String(err.Error()))
	}
}

// envelope checks the sender and the recipients and returns their bare addresses.
func envelope(cfg mailConfig) (string, []string, error) {
	from, err := mailAddress(cfg.From)
	if err != nil {
		return "", nil, fmt.Errorf("sender %q: %w", cfg.From, err)
	}
	to := make([]string, 0, len(cfg.To))
	for _, a := range cfg.To {
		addr, err := mailAddress(a)
		if err != nil {
			return "", nil, fmt.Errorf("recipient %q: %w", a, err)
		}
		to = append(to, addr)
	}
	return from, to, nil
}

// mailAddress parses one address, refusing any control character so that nothing
// taken from a variable can end a header or an SMTP command line.
func mailAddress(s string) (string, error) {
	if strings.ContainsFunc(s, isControl) {
		return "", errors.New("control character in the address")
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return "", err
	}
	return a.Address, nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// deliver runs the SMTP exchange under one deadline on the connection; ctx being
// cancelled cuts it too.
func deliver(ctx context.Context, cfg mailConfig, from string, to []string, msg []byte) error {
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = mailTimeout
	}
	deadline := time.Now().Add(timeout)
	d := net.Dialer{Deadline: deadline}
	conn, err := d.DialContext(ctx, "tcp", cfg.Addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return err
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return err
	}
	if err := converse(c, host, cfg.RootCAs, from, to, msg); err != nil {
		return err
	}
	return c.Quit()
}

// converse is the exchange proper: STARTTLS when offered, then the envelope and DATA.
func converse(c *smtp.Client, host string, roots *x509.CertPool, from string, to []string, msg []byte) error {
	if ok, _ := c.Extension("STARTTLS"); ok {
		tc := &tls.Config{ServerName: host, RootCAs: roots, MinVersion: tls.VersionTLS12}
		if err := c.StartTLS(tc); err != nil {
			return fmt.Errorf("STARTTLS with %s: %w", host, err)
		}
	}
	if err := c.Mail(from); err != nil {
		return fmt.Errorf("MAIL FROM:<%s>: %w", from, err)
	}
	for _, rcpt := range to {
		if err := c.Rcpt(rcpt); err != nil {
			return fmt.Errorf("RCPT TO:<%s>: %w", rcpt, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	return w.Close()
}
