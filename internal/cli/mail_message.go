package cli

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// mailLineMax is the longest body line sent, in bytes without CRLF: RFC 5321 lets a
// server refuse lines over 998, so longer lines are broken (never mid-character).
const mailLineMax = 998

// mailReport is what a failure mail tells. Capture must already be redacted by the
// caller; it is sent as plain UTF-8 text.
type mailReport struct {
	Project, Branch string
	Environment     string // the environment type (production, staging, development)
	Name            string // the job's name (--name)
	Command         []string
	Start, End      time.Time
	ExitCode        int
	TimedOut        bool
	Rid             string // the ping's rid, "" when there was no ping
	Capture         string
}

// composeMail renders the whole message, headers and body, with CRLF line ends as
// DATA wants them (net/smtp's writer adds the dot-stuffing).
func composeMail(cfg mailConfig, r mailReport) ([]byte, error) {
	now, newID := cfg.now, cfg.newID
	if now == nil {
		now = time.Now
	}
	if newID == nil {
		newID = randomMessageID
	}
	headers := [][2]string{
		{"From", headerAddresses([]string{cfg.From})},
		{"To", headerAddresses(cfg.To)},
		{"Subject", mailSubject(r)},
		{"Date", now().Format(time.RFC1123Z)},
		{"Message-ID", "<" + newID() + "@" + domainOf(cfg.From) + ">"},
		{"Auto-Submitted", "auto-generated"},
		{"MIME-Version", "1.0"},
		{"Content-Type", "text/plain; charset=utf-8"},
		{"Content-Transfer-Encoding", "8bit"},
	}
	var b bytes.Buffer
	for _, h := range headers {
		// A job name or a variable must never end a header and start another.
		if strings.ContainsFunc(h[1], isControl) {
			return nil, fmt.Errorf("control character in the %s header refused: %q", h[0], h[1])
		}
		v := h[1]
		if h[0] == "Subject" {
			v = mime.QEncoding.Encode("utf-8", v) // RFC 2047 when not ASCII
		}
		b.WriteString(h[0] + ": " + v + "\r\n")
	}
	b.WriteString("\r\n")
	writeBody(&b, mailBody(r))
	return b.Bytes(), nil
}

// headerAddresses renders checked addresses for a header; a display name that is
// not ASCII is RFC 2047 encoded, as a server without SMTPUTF8 needs.
func headerAddresses(list []string) string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = s
		if a, err := mail.ParseAddress(s); err == nil {
			out[i] = a.Address
			if a.Name != "" {
				out[i] = a.String()
			}
		}
	}
	return strings.Join(out, ", ")
}

// mailSubject names the project, branch, job and how it ended.
func mailSubject(r mailReport) string {
	return fmt.Sprintf("[pshcron] %s failed (%s) on %s/%s", r.Name, exitText(r), r.Project, r.Branch)
}

func exitText(r mailReport) string {
	if r.TimedOut {
		return "timed out"
	}
	return "exit code " + strconv.Itoa(r.ExitCode)
}

// mailBody is the text a person reads: what ran, where, when, how it ended, then the
// job's output.
func mailBody(r mailReport) string {
	var b strings.Builder
	line := func(k, v string) { fmt.Fprintf(&b, "%-12s %s\n", k+":", v) }
	line("Job", r.Name)
	line("Command", quoteArgs(r.Command))
	line("Project", r.Project)
	line("Branch", r.Branch)
	line("Environment", r.Environment)
	line("Started", r.Start.UTC().Format(time.RFC3339))
	line("Ended", r.End.UTC().Format(time.RFC3339)+" ("+r.End.Sub(r.Start).Round(time.Millisecond).String()+")")
	line("Exit", exitText(r))
	if r.Rid != "" {
		line("Ping rid", r.Rid)
	}
	b.WriteString("\nOutput:\n")
	b.WriteString(r.Capture)
	return b.String()
}

// quoteArgs shows argv so that a person can tell the arguments apart.
func quoteArgs(argv []string) string {
	out := make([]string, len(argv))
	for i, a := range argv {
		if a == "" || strings.ContainsAny(a, " \t\n\"'\\$`") {
			a = strconv.Quote(a)
		}
		out[i] = a
	}
	return strings.Join(out, " ")
}

// writeBody writes text with CRLF line ends, any CR or LF taken as a line end, and
// lines over mailLineMax bytes on the wire (a stuffed dot included) broken, so
// that any SMTP server takes them as 8bit.
func writeBody(b *bytes.Buffer, text string) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = strings.TrimSuffix(text, "\n")
	for _, l := range strings.Split(text, "\n") {
		// One byte is kept for the dot that stuffing may add at the start.
		for len(l) > mailLineMax-1 {
			cut := mailLineMax - 1
			for cut > 0 && !utf8.RuneStart(l[cut]) {
				cut--
			}
			b.WriteString(l[:cut] + "\r\n")
			l = l[cut:]
		}
		b.WriteString(l + "\r\n")
	}
}

// domainOf is the part after the last @, for the Message-ID.
func domainOf(addr string) string {
	addr = strings.TrimSuffix(strings.TrimSpace(addr), ">")
	if i := strings.LastIndexByte(addr, '@'); i >= 0 && i+1 < len(addr) {
		return addr[i+1:]
	}
	return "pshcron.invalid"
}

func randomMessageID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
