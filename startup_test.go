package main

import (
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pshcron's own packages do little when the program starts: every run pays
// for it, `run` before its job starts, whichever packages the command
// needs. A package-level regular expression (lint had four: 24 KB, 165
// allocations, a tenth of a millisecond) is compiled on first use instead.
func TestOwnPackagesInitCheaply(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(binary, "version")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "GODEBUG=inittrace=1"}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Run())
	own := 0
	for _, line := range strings.Split(stderr.String(), "\n") {
		// init PKG @T ms, C ms clock, B bytes, A allocs
		f := strings.Fields(line)
		if len(f) != 11 || f[0] != "init" || !strings.HasPrefix(f[1], "github.com/pshcron/pshcron/") {
			continue
		}
		own++
		n, err := strconv.Atoi(f[7])
		require.NoError(t, err, line)
		assert.Less(t, n, 8<<10, "%s allocates too much at init: %s", f[1], line)
	}
	assert.NotZero(t, own, "no init line of pshcron's packages: %s", stderr.String())
}
