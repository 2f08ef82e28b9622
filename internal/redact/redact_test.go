package redact

import (
	"bytes"
	"fmt"
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
