package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The two sides of the overhead line alternate, and which goes first
// alternates too: a block of one side then a block of the other would
// charge a burst of load elsewhere to one side alone.
func TestPairsAlternate(t *testing.T) {
	t.Parallel()
	log := filepath.Join(t.TempDir(), "order")
	side := func(name string) func() *exec.Cmd {
		return func() *exec.Cmd { return exec.Command("sh", "-c", `printf '%s ' "$0" >> "$1"`, name, log) }
	}
	as, bs, err := pairs(4, side("a"), side("b"))
	require.NoError(t, err)
	assert.Len(t, as, 4)
	assert.Len(t, bs, 4)
	got, err := os.ReadFile(log)
	require.NoError(t, err)
	assert.Equal(t, "a b b a a b b a", strings.TrimSpace(string(got)))
}

// The overhead is the median of the pairs' differences, never below zero.
func TestOverhead(t *testing.T) {
	t.Parallel()
	ms := func(v ...int) []time.Duration {
		var d []time.Duration
		for _, x := range v {
			d = append(d, time.Duration(x)*time.Millisecond)
		}
		return d
	}
	tests := []struct {
		name          string
		wrapped, bare []time.Duration
		want          time.Duration
	}{
		{"steady", ms(9, 9, 9), ms(1, 1, 1), 8 * time.Millisecond},
		// A loaded moment slows both sides of its pair: the pair's
		// difference stays what the wrapper adds.
		{"a loaded pair", ms(9, 40, 9), ms(1, 32, 1), 8 * time.Millisecond},
		// The medians of each side alone would say 9 - 1 = 8 here; pair by
		// pair the wrapper added 2, 3 and 20.
		{"pairs, not medians", ms(3, 9, 21), ms(1, 6, 1), 3 * time.Millisecond},
		{"faster than the job alone", ms(1, 1, 1), ms(2, 2, 2), 0},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, overhead(tt.wrapped, tt.bare), tt.name)
	}
}
