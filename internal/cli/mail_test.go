package cli

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testMailConfig(addr string) mailConfig {
	return mailConfig{
		Addr: addr, From: "proj+main@cron.noreply.platformsh.site", To: []string{"ops@example.com", "Dev <dev@example.com>"},
		now:   func() time.Time { return time.Date(2026, 12, 4, 19, 0, 0, 0, time.UTC) },
		newID: func() string { return "abc123" },
	}
}

func testMailReport() mailReport {
	start := time.Date(2026, 12, 4, 18, 59, 0, 0, time.UTC)
	return mailReport{
		Project: "proj", Branch: "main", Environment: "production", Name: "cleanup",
		Command: []string{"php", "bin/console", "app:cleanup", "--older than"},
		Start:   start, End: start.Add(1500 * time.Millisecond), ExitCode: 3, Rid: "0b1c",
		Capture: "starting\r\n.hidden dot line\nfailed: é\n",
	}
}

const wantMailData = "From: proj+main@cron.noreply.platformsh.site\r\n" +
	"To: ops@example.com, \"Dev\" <dev@example.com>\r\n" +
	"Subject: [pshcron] cleanup failed (exit code 3) on proj/main\r\n" +
	"Date: Fri, 04 Dec 2026 19:00:00 +0000\r\n" +
	"Message-ID: <abc123@cron.noreply.platformsh.site>\r\n" +
	"Auto-Submitted: auto-generated\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n" +
	"Content-Transfer-Encoding: 8bit\r\n" +
	"\r\n" +
	"Job:         cleanup\r\n" +
	"Command:     php bin/console app:cleanup \"--older than\"\r\n" +
	"Project:     proj\r\n" +
	"Branch:      main\r\n" +
	"Environment: production\r\n" +
	"Started:     2026-12-04T18:59:00Z\r\n" +
	"Ended:       2026-12-04T18:59:01Z (1.5s)\r\n" +
	"Exit:        exit code 3\r\n" +
	"Ping rid:    0b1c\r\n" +
	"\r\n" +
	"Output:\r\n" +
	"starting\r\n" +
	"..hidden dot line\r\n" + // dot-stuffed on the wire
	"failed: é\r\n"

func TestFailureMailExactDataAndEnvelope(t *testing.T) {
	s := newSMTPSink(t)
	s.start()
	var warns []string
	sendFailureMail(context.Background(), testMailConfig(s.ln.Addr().String()), testMailReport(),
		func(w string) { warns = append(warns, w) })
	s.wait(t)
	assert.Empty(t, warns)
	assert.Equal(t, "MAIL FROM:<proj+main@cron.noreply.platformsh.site> BODY=8BITMIME", s.from)
	assert.Equal(t, []string{"RCPT TO:<ops@example.com>", "RCPT TO:<dev@example.com>"}, s.rcpts)
	assert.Equal(t, wantMailData, s.data)
	assert.False(t, s.usedTLS)
}

func TestFailureMailStartTLS(t *testing.T) {
	cert, pool := selfSigned(t)
	s := newSMTPSink(t)
	s.tls = &tls.Config{Certificates: []tls.Certificate{cert}}
	s.start()
	cfg := testMailConfig(s.ln.Addr().String())
	cfg.RootCAs = pool
	var warns []string
	sendFailureMail(context.Background(), cfg, testMailReport(), func(w string) { warns = append(warns, w) })
	s.wait(t)
	assert.Empty(t, warns)
	assert.True(t, s.usedTLS)
	assert.Equal(t, wantMailData, s.data)
}

func TestFailureMailBadCertificateIsNotSentInClear(t *testing.T) {
	cert, _ := selfSigned(t)
	s := newSMTPSink(t)
	s.tls = &tls.Config{Certificates: []tls.Certificate{cert}}
	s.start()
	cfg := testMailConfig(s.ln.Addr().String())
	cfg.RootCAs = x509.NewCertPool() // trusts nothing
	var warns []string
	sendFailureMail(context.Background(), cfg, testMailReport(), func(w string) { warns = append(warns, w) })
	s.wait(t)
	require.Len(t, warns, 1)
	assert.Contains(t, warns[0], "failure mail not sent: STARTTLS with 127.0.0.1:")
	assert.Contains(t, warns[0], "certificate")
	assert.Empty(t, s.data)
}

func TestFailureMailHangingServerIsCut(t *testing.T) {
	s := newSMTPSink(t)
	s.hang = true
	s.start()
	cfg := testMailConfig(s.ln.Addr().String())
	cfg.Timeout = 300 * time.Millisecond
	var warns []string
	began := time.Now()
	sendFailureMail(context.Background(), cfg, testMailReport(), func(w string) { warns = append(warns, w) })
	assert.Less(t, time.Since(began), 2*time.Second)
	require.Len(t, warns, 1)
	assert.Contains(t, warns[0], "i/o timeout")
}

func TestFailureMailHeaderInjectionRefused(t *testing.T) {
	s := newSMTPSink(t)
	s.start()
	r := testMailReport()
	r.Name = "cleanup\r\nBcc: victim@example.com"
	var warns []string
	sendFailureMail(context.Background(), testMailConfig(s.ln.Addr().String()), r,
		func(w string) { warns = append(warns, w) })
	require.Len(t, warns, 1)
	assert.Contains(t, warns[0], "control character in the Subject header refused")
	assert.NotContains(t, warns[0], "\n")

	cfg := testMailConfig(s.ln.Addr().String())
	cfg.From = "a@example.com\r\nRCPT TO:<x@example.com>"
	warns = nil
	sendFailureMail(context.Background(), cfg, testMailReport(), func(w string) { warns = append(warns, w) })
	require.Len(t, warns, 1)
	assert.Contains(t, warns[0], "control character in the address")
	assert.Empty(t, s.from, "nothing reached the server")
}

func TestFailureMail550IsAWarning(t *testing.T) {
	s := newSMTPSink(t)
	s.rcptErr = "550 5.7.1 relaying denied"
	s.start()
	var warns []string
	sendFailureMail(context.Background(), testMailConfig(s.ln.Addr().String()), testMailReport(),
		func(w string) { warns = append(warns, w) })
	require.Len(t, warns, 1)
	assert.Equal(t, `failure mail not sent: RCPT TO:<ops@example.com>: 550 "5.7.1 relaying denied"`, warns[0])
	assert.Empty(t, s.data)
}

func TestFailureMailOffWarnsHowToTurnItOn(t *testing.T) {
	var warns []string
	cfg := mailConfigFromEnv(func(k string) string {
		return map[string]string{"MAILTO": "ops@example.com", "PLATFORM_SMTP_HOST": ""}[k]
	}, nil)
	sendFailureMail(context.Background(), cfg, testMailReport(), func(w string) { warns = append(warns, w) })
	assert.Equal(t, []string{mailOffWarning}, warns)
	assert.Contains(t, mailOffWarning, "enable_smtp true")

	warns = nil
	cfg.To = nil // no MAILTO, no --mail-to: no mail wanted, no warning
	sendFailureMail(context.Background(), cfg, testMailReport(), func(w string) { warns = append(warns, w) })
	assert.Empty(t, warns)
}

func TestMailConfigFromEnv(t *testing.T) {
	env := map[string]string{
		"PLATFORM_PROJECT": "abc", "PLATFORM_BRANCH": "main", "PLATFORM_SMTP_HOST": "10.0.0.5",
		"MAILTO": "a@example.com, b@example.com",
	}
	cfg := mailConfigFromEnv(func(k string) string { return env[k] }, nil)
	assert.Equal(t, "10.0.0.5:25", cfg.Addr)
	assert.Equal(t, "abc+main@cron.noreply.platformsh.site", cfg.From)
	assert.Equal(t, []string{"a@example.com", "b@example.com"}, cfg.To)

	env["MAILFROM"], env["PSHCRON_SMTP_ADDR"] = "cron@example.com", "127.0.0.1:2525"
	cfg = mailConfigFromEnv(func(k string) string { return env[k] }, []string{"c@example.com"})
	assert.Equal(t, "127.0.0.1:2525", cfg.Addr)
	assert.Equal(t, "cron@example.com", cfg.From)
	assert.Equal(t, []string{"c@example.com"}, cfg.To)
}

func TestMailBodyLongLinesAndTimeout(t *testing.T) {
	r := testMailReport()
	r.TimedOut = true
	r.Name = "café"
	r.Capture = strings.Repeat("a", 997) + "éé" + strings.Repeat("b", 1000) + "\n"
	msg, err := composeMail(testMailConfig("x:25"), r)
	require.NoError(t, err)
	text := string(msg)
	assert.Contains(t, text, "Subject: =?utf-8?q?[pshcron]_caf=C3=A9_failed_(timed_out)_on_proj/main?=\r\n")
	assert.Contains(t, text, "Exit:        timed out\r\n")
	assert.Contains(t, text, "\r\nTo: ops@example.com, \"Dev\" <dev@example.com>\r\n")

	cfg := testMailConfig("x:25")
	cfg.To = []string{"Zoë <z@example.com>"}
	msg, err = composeMail(cfg, r)
	require.NoError(t, err)
	assert.Contains(t, string(msg), "\r\nTo: =?utf-8?q?Zo=C3=AB?= <z@example.com>\r\n")
	for _, l := range strings.Split(text, "\r\n") {
		assert.Less(t, len(l), mailLineMax, "room for a stuffed dot")
	}
	assert.Contains(t, text, "\r\n"+strings.Repeat("a", 997)+"\r\néé"+strings.Repeat("b", 993)+"\r\nbbbbbbb\r\n")
}

func TestFailureMailCutWhenContextEnds(t *testing.T) {
	s := newSMTPSink(t)
	s.hang = true
	s.start()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	var warns []string
	began := time.Now()
	sendFailureMail(ctx, testMailConfig(s.ln.Addr().String()), testMailReport(), func(w string) { warns = append(warns, w) })
	assert.Less(t, time.Since(began), 2*time.Second)
	require.Len(t, warns, 1)
	assert.Contains(t, warns[0], "failure mail not sent: ")
}

func TestFailureMailLinesFitOnTheWire(t *testing.T) {
	s := newSMTPSink(t)
	s.start()
	r := testMailReport()
	r.Capture = "." + strings.Repeat("x", 2000) + "\n"
	var warns []string
	sendFailureMail(context.Background(), testMailConfig(s.ln.Addr().String()), r,
		func(w string) { warns = append(warns, w) })
	s.wait(t)
	assert.Empty(t, warns)
	require.Contains(t, s.data, "\r\n..xxx")
	for _, l := range strings.Split(s.data, "\r\n") {
		assert.LessOrEqual(t, len(l), mailLineMax)
	}
}
