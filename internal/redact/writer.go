package redact

import (
	"bytes"
	"io"
	"sync"
)

// maxPending bounds what a writer holds back waiting for a line's end.
const maxPending = 64 << 10

// Writer scrubs what is written through it of the set's secrets, line by
// line: a secret split across two writes is still one line when scrubbed.
// A line without its newline is held back until the newline comes, and so
// are whole lines that may begin a secret of several lines, until it is
// whole or cannot be; at most maxPending is held, until Flush. Writes are serialised, so
// goroutines acting on several environments at once can share it whatever
// it writes to.
type Writer struct {
	set     *Set
	mu      sync.Mutex
	w       io.Writer
	pending []byte
}

// Writer returns w scrubbed of the set's secrets. The set's Flush flushes
// it.
func (s *Set) Writer(w io.Writer) *Writer {
	out := &Writer{set: s, w: w}
	s.mu.Lock()
	s.writers = append(s.writers, out)
	s.mu.Unlock()
	return out
}

// Write scrubs and writes every whole line, holding back the rest.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pending = append(w.pending, p...)
	cut := w.set.holdFrom(w.pending, bytes.LastIndexByte(w.pending, '\n')+1)
	if len(w.pending) > maxPending {
		cut = len(w.pending)
	}
	if cut == 0 {
		return len(p), nil
	}
	lines := w.pending[:cut]
	w.pending = append([]byte(nil), w.pending[cut:]...)
	if _, err := w.w.Write(w.set.Scrub(lines)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush scrubs and writes what is held back.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.pending) == 0 {
		return nil
	}
	rest := w.pending
	w.pending = nil
	_, err := w.w.Write(w.set.Scrub(rest))
	return err
}

// holdFrom is where the text to write, b[:cut], must stop so that no
// secret of several lines is split: the start of the first line from which
// the text to cut could begin one of the set's forms that holds a newline.
func (s *Set) holdFrom(b []byte, cut int) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	hold := cut
	for _, f := range s.forms {
		if bytes.IndexByte(f, '\n') < 0 {
			continue
		}
		for p := max(0, cut-len(f)+1); p < hold; p++ {
			if b[p] == f[0] && bytes.HasPrefix(f, b[p:cut]) {
				hold = bytes.LastIndexByte(b[:p], '\n') + 1
				break
			}
		}
	}
	return hold
}

// Fd is the descriptor of the file written to, or ^uintptr(0) (no file)
// when it is not one: code that escapes text for a terminal, or colours
// it, asks the writer it holds whether a terminal is behind it.
func (w *Writer) Fd() uintptr {
	if f, ok := w.w.(interface{ Fd() uintptr }); ok {
		return f.Fd()
	}
	return ^uintptr(0)
}
