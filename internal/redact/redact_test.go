package redact

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestScrub(t *testing.T) {
	t.Parallel()
	var s Set
	s.Add("SECRET-0123456789abcdef")
	s.Add("short")
	var out bytes.Buffer
	w := s.Writer(&out)
	fmt.Fprintln(w, "whole SECRET-0123456789abcdef here")
	fmt.Fprintln(w, "prefix SECRET-01234 and suffix 3456789abcdef")
	fmt.Fprintln(w, "short stays")
	assert.Equal(t, "whole [redacted] here\nprefix [redacted]4 and suffix 34[redacted]\nshort stays\n", out.String(), "half a secret from either end is scrubbed")
}

// Goroutines acting on several environments log at once: the writer
// serialises them, whatever it writes to.
func TestWriterIsSafeForConcurrentUse(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	w := (&Set{}).Writer(&out)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				_, _ = w.Write([]byte("line\n"))
			}
		}()
	}
	wg.Wait()
	if got := bytes.Count(out.Bytes(), []byte("line\n")); got != 800 {
		t.Fatalf("%d lines, not 800", got)
	}
}
