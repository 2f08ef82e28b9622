package redact

import (
	"bytes"
	"slices"
	"sync"
)

// Placeholder replaces a secret.
const Placeholder = "[redacted]"

// minLen is the shortest secret, or line or form of one, scrubbed; shorter
// strings would mangle ordinary text (a line such as "}") and are no real
// token.
const minLen = 8

// Set holds the secrets to scrub: each in every form it can take in
// output (see forms), and the writers to flush at the end.
type Set struct {
	mu      sync.RWMutex
	secrets map[string]bool
	forms   [][]byte
	writers []*Writer
}

// Add registers a secret: its raw form, the forms encoding/json, Go's %q
// and URL escaping give it (an API that echoes the value in an error
// escapes it so), and each non-trivial line of a secret of several lines.
func (s *Set) Add(secret string) {
	if len(secret) < minLen {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.secrets[secret] {
		return
	}
	if s.secrets == nil {
		s.secrets = map[string]bool{}
	}
	s.secrets[secret] = true
	known := map[string]bool{}
	for _, f := range s.forms {
		known[string(f)] = true
	}
	for _, f := range forms(secret) {
		if len(f) >= minLen && !known[f] {
			known[f] = true
			s.forms = append(s.forms, []byte(f))
		}
	}
	// The longest first: a whole secret is one placeholder, not one for
	// each of its lines.
	slices.SortStableFunc(s.forms, func(a, b []byte) int { return len(b) - len(a) })
}

// Scrub returns b with every form of every registered secret, and every
// run of at least half a form's length taken from its start or end (a
// message cut short), replaced.
func (s *Set) Scrub(b []byte) []byte {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, f := range s.forms {
		if bytes.Contains(b, f) {
			b = bytes.ReplaceAll(b, f, []byte(Placeholder))
		}
	}
	for _, f := range s.forms {
		half := max(len(f)/2, minLen)
		if half < len(f) {
			b = bytes.ReplaceAll(b, f[:half], []byte(Placeholder))
			b = bytes.ReplaceAll(b, f[len(f)-half:], []byte(Placeholder))
		}
	}
	return b
}

// Flush writes what every writer of the set holds back (a last line
// without its newline). Call it once the program is done writing.
func (s *Set) Flush() {
	s.mu.RLock()
	writers := append([]*Writer(nil), s.writers...)
	s.mu.RUnlock()
	for _, w := range writers {
		_ = w.Flush()
	}
}
