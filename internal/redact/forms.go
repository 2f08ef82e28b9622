package redact

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pshcron/pshcron/internal/termsafe"
)

// forms is every way a secret can appear in what pshcron prints: as it is;
// flattened to one line (error lines join whitespace); escaped as
// encoding/json escapes it (with and without HTML escaping: \u003c, \u0026,
// \u003e, \", \\, \n), as the JSON log lines escape it, twice (JSON
// quoted in a JSON log line), as Go's %q
// quotes it, URL-encoded (query and path), and as termsafe shows it. A
// secret of several lines gives each of its lines, trimmed, in those forms
// too, when long enough and not trivial (a line such as "}" or "-----").
func forms(secret string) []string {
	sources := []string{secret}
	if flat := strings.Join(strings.Fields(secret), " "); flat != secret {
		sources = append(sources, flat)
	}
	for _, line := range strings.Split(strings.ReplaceAll(secret, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != secret && nonTrivial(line) {
			sources = append(sources, line)
		}
	}
	var out []string
	for _, s := range sources {
		out = append(out, s, jsonInner(s, true), jsonInner(s, false), jsonInner(jsonInner(s, false), false), logJSON(s),
			jsonInner(jsonInner(s, true), true), quoteInner(s), url.QueryEscape(s), url.PathEscape(s), termsafe.String(s))
	}
	return out
}

// nonTrivial reports whether a line of a secret is worth scrubbing on its
// own: long enough, and with letters or digits enough to be no mere
// punctuation.
func nonTrivial(line string) bool {
	if len(line) < minLen {
		return false
	}
	n := 0
	for _, r := range line {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r > 0x7f {
			n++
		}
	}
	return n >= 4
}

// jsonInner is s as a JSON string's contents (without the quotes).
func jsonInner(s string, escapeHTML bool) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(escapeHTML)
	_ = enc.Encode(s)
	out := strings.TrimSuffix(b.String(), "\n")
	return out[1 : len(out)-1]
}

// quoteInner is s as Go's %q writes it, without the quotes.
func quoteInner(s string) string {
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}

// logJSON is s escaped as zerolog escapes a string in a JSON log line: only
// '"', '\\' and bytes below 0x20 or 0x7f; \b, \f, \n, \r and \t by name;
// an invalid byte as \ufffd; everything else (U+2028 too) as it is.
func logJSON(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		c := s[i]
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\ufffd`)
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c == 0x7f:
			if named := strings.IndexByte("\b\f\n\r\t", c); named >= 0 {
				b.WriteString(`\` + string("bfnrt"[named]))
			} else {
				fmt.Fprintf(&b, `\u%04x`, c)
			}
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}
