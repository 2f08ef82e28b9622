package termsafe

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// unsafe reports whether r must not reach a terminal raw.
func unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f:
		return true
	}
	return false
}

// String returns s with every unsafe rune and invalid byte escaped. Safe
// text is returned as it is, without copying.
func String(s string) string {
	clean := true
	for i, r := range s {
		if unsafe(r) || (r == utf8.RuneError && !validAt(s, i)) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && unsafe(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafe(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// validAt reports whether the U+FFFD at s[i:] is really there, not a bad byte.
func validAt(s string, i int) bool {
	_, n := utf8.DecodeRuneInString(s[i:])
	return n == 3
}

// JSONWriter passes JSON lines through, escaping the unsafe runes that JSON
// encoders leave raw (C1 controls, bidirectional overrides) as \u escapes, so
// the line stays the same JSON and is safe on a terminal. encoding/json and
// zerolog already escape C0 controls.
func JSONWriter(w io.Writer) io.Writer { return jsonWriter{w} }

type jsonWriter struct{ w io.Writer }

func (j jsonWriter) Write(p []byte) (int, error) {
	s := string(p)
	clean := true
	for _, r := range s {
		if r >= 0x80 && unsafe(r) {
			clean = false
			break
		}
	}
	if clean {
		return j.w.Write(p)
	}
	var b strings.Builder
	for _, r := range s {
		if r >= 0x80 && unsafe(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.WriteRune(r)
		}
	}
	if _, err := io.WriteString(j.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}
