// Package redact scrubs known secrets from text at the boundary where it
// leaves the program. It is the safety net behind code that never prints a
// token in the first place.
package redact

import (
	"bytes"
	"io"
	"sync"
)

// Placeholder replaces a secret.
const Placeholder = "[redacted]"

// minLen is the shortest secret scrubbed; shorter strings would mangle
// ordinary text and are no real token.
const minLen = 8

// Set holds the secrets to scrub.
type Set struct {
	mu      sync.RWMutex
	secrets [][]byte
}

// Add registers a secret.
func (s *Set) Add(secret string) {
	if len(secret) < minLen {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, known := range s.secrets {
		if string(known) == secret {
			return
		}
	}
	s.secrets = append(s.secrets, []byte(secret))
}

// Scrub returns b with every registered secret, and every run of at least
// half a secret's length taken from its start or end, replaced.
func (s *Set) Scrub(b []byte) []byte {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, sec := range s.secrets {
		if bytes.Contains(b, sec) {
			b = bytes.ReplaceAll(b, sec, []byte(Placeholder))
		}
		half := max(len(sec)/2, minLen)
		if half < len(sec) {
			b = bytes.ReplaceAll(b, sec[:half], []byte(Placeholder))
			b = bytes.ReplaceAll(b, sec[len(sec)-half:], []byte(Placeholder))
		}
	}
	return b
}

// Writer returns w scrubbed of the set's secrets. Each Write is scrubbed on
// its own: callers write whole lines (zerolog writes one event per call).
// Writes are serialised, so goroutines acting on several environments at
// once can share it whatever w is.
func (s *Set) Writer(w io.Writer) io.Writer { return &writer{set: s, w: w} }

type writer struct {
	set *Set
	mu  sync.Mutex
	w   io.Writer
}

func (w *writer) Write(p []byte) (int, error) {
	clean := w.set.Scrub(bytes.Clone(p))
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, err := w.w.Write(clean); err != nil {
		return 0, err
	}
	return len(p), nil
}
