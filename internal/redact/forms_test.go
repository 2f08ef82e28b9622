package redact

import (
	"bytes"
	"math/rand/v2"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/pshcron/pshcron/internal/termsafe"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
)

// secrets that an API may echo back: quotes, HTML's characters, escapes,
// several lines, URL characters, control characters.
var hostile = []string{
	`s3cr3t"quoted<html>&amp;more-0123456789`,
	"first-line-of-secret-AAAA\nsecond-line-of-secret-BBBB",
	"pa\\ss\tw0rd-\u00fcn\u00efc\u00f6d\u00e9-xyz\x1b[31m-esc\u2028tail",
	"a+b c/d?e=f&g%h#i-0123456789",
	"-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n  BKcwggSjAgEAAoIBAQC7\n-----END KEY-----\n",
	`{"user": "svc-backup", "password": "Zq9!x<y>&\"z\\w"}`,
}

// encodings is every way the tests write a secret into a line of output.
var encodings = map[string]func(string) string{
	"raw":        func(s string) string { return s },
	"json":       func(s string) string { return jsonInner(s, true) },
	"json-plain": func(s string) string { return jsonInner(s, false) },
	"json-twice": func(s string) string { return jsonInner(jsonInner(s, false), false) },
	"quoted":     quoteInner,
	"query":      url.QueryEscape,
	"path":       url.PathEscape,
	"termsafe":   termsafe.String,
	// An API error as pshcron prints it: whitespace joined, then escaped.
	"error-line": func(s string) string { return termsafe.String(strings.Join(strings.Fields(s), " ")) },
	// The same in a JSON log line.
	"zerolog": func(s string) string {
		var b bytes.Buffer
		log := zerolog.New(&b)
		log.Error().Str("error", "400 Bad Request: "+s).Msg("failed")
		return strings.TrimSuffix(b.String(), "\n")
	},
}

// For every secret and every encoding, written in chunks of any size, what
// is printed holds no run of 8 or more bytes of the secret, nor of its
// encoded form.
func TestEveryEncodingIsScrubbed(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	secrets := append([]string(nil), hostile...)
	alphabet := []rune("abcdXYZ0189\"<>&\\\n\t %+/?=#:\u00e9\u2028\x1b\x7f")
	for range 40 {
		r := make([]rune, 10+rng.IntN(40))
		for i := range r {
			r[i] = alphabet[rng.IntN(len(alphabet))]
		}
		secrets = append(secrets, "k3y-"+string(r)+"-end")
	}
	for _, secret := range secrets {
		var set Set
		set.Add(secret)
		for name, enc := range encodings {
			encoded := enc(secret)
			text := "pshcron: error: the API said: " + encoded + " (end)\n"
			for round := range 20 {
				var out bytes.Buffer
				w := set.Writer(&out)
				for rest := text; rest != ""; {
					n := min(len(rest), 1+rng.IntN(12))
					if round == 0 {
						n = len(rest)
					}
					_, _ = w.Write([]byte(rest[:n]))
					rest = rest[n:]
				}
				set.Flush()
				got := out.String()
				assert.Contains(t, got, "pshcron: error: the API said: ", "%s %q", name, secret)
				assert.Contains(t, got, Placeholder, "%s %q", name, secret)
				if run := sharedRun(got, secret, 8); run != "" {
					t.Errorf("%s of %q: %q shows in %q", name, secret, run, got)
				}
				if name == "zerolog" {
					continue // its encoded form holds the log line's own words
				}
				if run := sharedRun(got, encoded, 8); run != "" {
					t.Errorf("%s of %q: %q of its encoded form shows in %q", name, secret, run, got)
				}
			}
		}
	}
}

// sharedRun is a run of n bytes of secret found in text, or "".
func sharedRun(text, secret string, n int) string {
	for i := 0; i+n <= len(secret); i++ {
		if run := secret[i : i+n]; strings.Contains(text, run) && !strings.Contains(Placeholder, run) {
			return run
		}
	}
	return ""
}

// A line of a secret that is trivial ("}", "-----") is no form of its own:
// it would scrub ordinary text.
func TestTrivialLinesAreNotSecrets(t *testing.T) {
	t.Parallel()
	var set Set
	set.Add("{\n  \"k\": \"0123456789abcdef\"\n}\n--------\n")
	got := string(set.Scrub([]byte("} -------- {\n")))
	assert.Equal(t, "} -------- {\n", got)
}

// A line without its newline is held back until the newline, or Flush.
func TestWriterHoldsAPartialLine(t *testing.T) {
	t.Parallel()
	var set Set
	set.Add("SECRET-0123456789abcdef")
	var out bytes.Buffer
	w := set.Writer(&out)
	_, _ = w.Write([]byte("token SECRET-0123"))
	assert.Empty(t, out.String())
	_, _ = w.Write([]byte("456789abcdef ok\nnext SECRET-0123456789abcdef"))
	assert.Equal(t, "token [redacted] ok\n", out.String())
	set.Flush()
	assert.Equal(t, "token [redacted] ok\nnext [redacted]", out.String())
}

// A terminal behind the writer is still seen as one: its Fd is the file's.
func TestWriterFd(t *testing.T) {
	t.Parallel()
	var set Set
	assert.Equal(t, os.Stderr.Fd(), set.Writer(os.Stderr).Fd())
	assert.Equal(t, ^uintptr(0), set.Writer(&bytes.Buffer{}).Fd())
}
