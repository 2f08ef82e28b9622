package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The README's emulator recipe works, and works again: a second run once
// found the first run's env file, sourced a port no one listened on, and
// failed.
func TestReadmeEmulatorRecipeRunsTwice(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("README.md")
	require.NoError(t, err)
	_, after, ok := strings.Cut(string(raw), "Try a cron line before deploying")
	require.True(t, ok, "the README's emulator recipe")
	_, block, _ := strings.Cut(after, "```sh\n")
	block, _, _ = strings.Cut(block, "```")

	dir := t.TempDir()
	emulator := filepath.Join(dir, "pshcron-emulator")
	build := exec.Command("go", "build", "-o", emulator, "./cmd/pshcron-emulator")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())
	script := strings.NewReplacer("make build\n", "", "bin/pshcron-emulator", emulator, "bin/pshcron", binary,
		"/tmp/emulator.env", filepath.Join(dir, "emulator.env")).Replace(block)
	for run := 1; run <= 2; run++ {
		// The emulator the recipe leaves running is stopped at the end.
		cmd := exec.Command("sh", "-c", "set -e\ntrap 'kill $! 2>/dev/null' EXIT\n"+script)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "run %d of the recipe:\n%s", run, out)
		assert.Contains(t, string(out), "backup accepted", "run %d", run)
		assert.Contains(t, string(out), "skipped by the default guard", "run %d", run)
	}
}
