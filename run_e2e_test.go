package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runContainer is a production runtime container for `pshcron run`, which
// needs no token and no API; cache is its lock's directory.
func runContainer(cache string) map[string]string {
	return map[string]string{
		"PLATFORM_PROJECT": "proj1", "PLATFORM_BRANCH": "main", "PLATFORM_ENVIRONMENT_TYPE": "production",
		"PSHCRON_LOG_FORMAT": "json", "PSHCRON_LOG_LEVEL": "info", "PSHCRON_CACHE_DIR": cache,
	}
}

// waitFile waits for a job to write path.
func waitFile(t *testing.T, path string) string {
	t.Helper()
	for range 200 {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 && strings.HasSuffix(string(b), "\n") {
			return strings.TrimSpace(string(b))
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("the job never wrote %s", path)
	return ""
}

// gone reports whether pid has left (a zombie reaped by init too).
func gone(pid int) bool {
	for range 100 {
		if syscall.Kill(pid, 0) != nil {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

func TestRunForwardsTERMOnceAndSweepsTheGroup(t *testing.T) {
	dir, cache := t.TempDir(), filepath.Join(t.TempDir(), "cache")
	ready := filepath.Join(dir, "ready")
	// The & grandchild ignores TERM: only the sweep's KILL ends it.
	job := `(trap "" TERM; exec sleep 1000) & echo $! > ` + ready + `
trap 'echo got-term; exit 7' TERM
while :; do sleep 0.05; done`
	cmd, out, errOut := command(t, runContainer(cache), "run", "--name", "job", "--", "sh", "-c", job)
	require.NoError(t, cmd.Start())
	grandchild, err := strconv.Atoi(waitFile(t, ready))
	require.NoError(t, err)
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	r := finish(t, cmd, cmd.Wait(), out, errOut)
	assert.Equal(t, 7, r.code, "the job's own exit code: %s", r.stderr)
	assert.Equal(t, "got-term\n", r.stdout, "the job got TERM once")
	assert.Contains(t, r.stderr, "received and forwarded to the job")
	assert.True(t, gone(grandchild), "the & grandchild is gone")

	// The lock is free right after.
	again := pshcron(t, runContainer(cache), "run", "--name", "job", "--", "echo", "ran")
	assert.Equal(t, 0, again.code, again.stderr)
	assert.NotContains(t, again.stderr, "no safe cache directory")
	assert.Equal(t, "ran\n", again.stdout)
}

func TestRunLockSkipsOrWaits(t *testing.T) {
	dir, cache := t.TempDir(), filepath.Join(t.TempDir(), "cache")
	ready := filepath.Join(dir, "ready")
	cmd, out, errOut := command(t, runContainer(cache), "run", "--name", "job", "--", "sh", "-c", "echo up > "+ready+"; sleep 1")
	require.NoError(t, cmd.Start())
	waitFile(t, ready)

	skipped := pshcron(t, runContainer(cache), "run", "--name", "job", "--", "echo", "ran")
	assert.Equal(t, 0, skipped.code, "a skip is a success")
	assert.Empty(t, skipped.stdout, "the job did not run")
	assert.Contains(t, skipped.stderr, "another pshcron run is already running job in this container")

	other := pshcron(t, runContainer(cache), "run", "--name", "other", "--", "echo", "ran")
	assert.Equal(t, "ran\n", other.stdout, "another name is another lock")

	waited := pshcron(t, runContainer(cache), "run", "--name", "job", "--lock-wait", "10s", "--", "echo", "ran")
	assert.Equal(t, "ran\n", waited.stdout, waited.stderr)
	first := finish(t, cmd, cmd.Wait(), out, errOut)
	assert.Equal(t, 0, first.code)
}

func TestRunSecondTERMKills(t *testing.T) {
	dir, cache := t.TempDir(), filepath.Join(t.TempDir(), "cache")
	ready := filepath.Join(dir, "ready")
	cmd, out, errOut := command(t, runContainer(cache), "run", "--kill-after", "30s", "--", "sh", "-c",
		`trap "" TERM; echo up > `+ready+`; while :; do sleep 0.05; done`)
	require.NoError(t, cmd.Start())
	waitFile(t, ready)
	begin := time.Now()
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	time.Sleep(200 * time.Millisecond)
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	r := finish(t, cmd, cmd.Wait(), out, errOut)
	assert.Equal(t, 137, r.code, r.stderr)
	assert.Less(t, time.Since(begin), 10*time.Second, "the second TERM sent KILL without waiting out --kill-after")
}

func TestRunPassesBytesThrough(t *testing.T) {
	r := pshcron(t, runContainer(filepath.Join(t.TempDir(), "cache")), "run", "--", "printf", `a\000\377\033[31mb`)
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "a\x00\xff\x1b[31mb", r.stdout, "byte for byte, not escaped")
}

// TestRunMemoryFlat runs a job that prints 300 MB: pshcron's peak RSS, as
// GNU time sees it (exec'd by sh, so it is pshcron's own), stays small.
func TestRunMemoryFlat(t *testing.T) {
	if _, err := os.Stat("/usr/bin/time"); err != nil || testing.Short() {
		t.Skip("needs GNU time at /usr/bin/time")
	}
	if slices.Contains(buildFlags, "-race") {
		// The race detector's shadow memory is most of a race build's RSS:
		// make bench measures the release build.
		t.Skip("the binary under test is a race build")
	}
	rss := filepath.Join(t.TempDir(), "rss")
	cmd, out, errOut := command(t, runContainer(filepath.Join(t.TempDir(), "cache")), "-f", "%M", "-o", rss, "sh", "-c",
		`exec "$0" run -- head -c 300000000 /dev/zero > /dev/null`, binary)
	cmd.Path, cmd.Args[0] = "/usr/bin/time", "/usr/bin/time"
	r := finish(t, cmd, cmd.Run(), out, errOut)
	require.Equal(t, 0, r.code, r.stderr)
	raw, err := os.ReadFile(rss)
	require.NoError(t, err)
	kb, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	require.NoError(t, err)
	assert.Less(t, kb, 20*1024, "peak RSS %d kB while the job printed 300 MB", kb)
}
