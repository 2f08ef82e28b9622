package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func targetsProgram(stdin io.Reader, logs io.Writer) *program {
	return &program{getenv: func(string) string { return "" }, stdin: stdin, log: zerolog.New(logs)}
}

// A FIFO whose writer never comes, or stdin that never ends, must not
// outlive --timeout, nor a signal (the command's context ending).
func TestTargetsThatNeverEnd(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "targets")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	stdin, w := io.Pipe()
	defer w.Close()
	for _, path := range []string{fifo, "-"} {
		p := targetsProgram(stdin, io.Discard)
		start := time.Now()
		_, err := p.readTargets(context.Background(), path, 200*time.Millisecond)
		require.Error(t, err, path)
		assert.Equal(t, exitUsage, codeOf(err))
		assert.Contains(t, err.Error(), "did not end within 200ms (--timeout)")
		assert.Less(t, time.Since(start), 5*time.Second)

		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel) // SIGTERM cancels the command's context
		start = time.Now()
		_, err = p.readTargets(ctx, path, time.Hour)
		assert.ErrorIs(t, err, context.Canceled, path)
		assert.Less(t, time.Since(start), 5*time.Second)
	}
}

// Too long a line, or too large a file, is an error naming it; targets are
// never silently dropped.
func TestTargetsBounds(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	long := filepath.Join(dir, "long.txt")
	require.NoError(t, os.WriteFile(long, []byte("p1:main\np2:main\n"+strings.Repeat("x", 70<<10)+"\np3:main\n"), 0o600))
	_, err := targetsProgram(nil, io.Discard).readTargets(context.Background(), long, time.Minute)
	require.Error(t, err)
	assert.Equal(t, exitUsage, codeOf(err))
	assert.Contains(t, err.Error(), "line 3 is longer than 64 KiB")

	big := filepath.Join(dir, "big.txt")
	require.NoError(t, os.WriteFile(big, bytes.Repeat([]byte("p1:main\n"), (8<<20)/8+1), 0o600))
	_, err = targetsProgram(nil, io.Discard).readTargets(context.Background(), big, time.Minute)
	require.Error(t, err)
	assert.Equal(t, exitUsage, codeOf(err))
	assert.Contains(t, err.Error(), "is larger than 8 MiB")

	// A JSON array may be long on one line, within the file's bound.
	var js strings.Builder
	js.WriteString("[")
	for i := range 5000 {
		if i > 0 {
			js.WriteString(",")
		}
		js.WriteString(`{"project": "p1", "environment": "e` + strings.Repeat("0", 10) + `"}`)
	}
	js.WriteString("]")
	got, err := targetsProgram(strings.NewReader(js.String()), io.Discard).readTargets(context.Background(), "-", time.Minute)
	require.NoError(t, err)
	assert.Len(t, got, 5000)
}

// A byte order mark that an editor wrote is not part of the first id, in
// lines and in JSON.
func TestTargetsBOM(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"\ufeffp1:main\np2:e1\n", "\ufeff[{\"project\": \"p1\", \"environment\": \"main\"}, {\"project\": \"p2\", \"environment\": \"e1\"}]"} {
		got, err := targetsProgram(strings.NewReader(in), io.Discard).readTargets(context.Background(), "-", time.Minute)
		require.NoError(t, err)
		assert.Equal(t, []fleetTarget{{Project: "p1", Environment: "main"}, {Project: "p2", Environment: "e1"}}, got)
	}
}

// Empty and path-like ids are refused, naming the line or the entry.
func TestTargetsIDs(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"p1:main\n:main\n":       "--targets - line 2: an empty project id",
		"p1:\n":                  "--targets - line 1: an empty environment id",
		"p1:..\n":                `--targets - line 1: ".." is not a valid environment id`,
		`[{"project": "p1"}]`:    "--targets - target 1: an empty environment id",
		`[{"environment": "e"}]`: "--targets - target 1: an empty project id",
	} {
		_, err := targetsProgram(strings.NewReader(in), io.Discard).readTargets(context.Background(), "-", time.Minute)
		require.Error(t, err, in)
		assert.Equal(t, exitUsage, codeOf(err))
		assert.Equal(t, want, err.Error())
	}
}

// Each distinct target runs once, in first-seen order, and a log line
// names what was dropped.
func TestTargetsDistinct(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	p := targetsProgram(strings.NewReader("p1:main\np2:main\np1:main\np1\n"), &logs)
	got, err := p.fleetTargets(context.Background(), &Settings{fleetOptions: fleetOptions{TargetsFile: "-"}})
	require.NoError(t, err)
	assert.Equal(t, []fleetTarget{{Project: "p1", Environment: "main"}, {Project: "p2", Environment: "main"}}, got)
	assert.Contains(t, logs.String(), `"dropped":["p1:main","p1:main"]`)
}

func TestShardBound(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"1/4294967296", "1/10001", "1/18446744073709551617"} {
		assert.NotPanics(t, func() {
			_, _, err := parseShard(bad)
			assert.Equal(t, exitUsage, codeOf(err), bad)
		})
	}
	_, n, err := parseShard("10000/10000")
	require.NoError(t, err)
	in := 0
	for k := 1; k <= n; k++ {
		if inShard(fleetTarget{Project: "p", Environment: "e"}, k, n) {
			in++
		}
	}
	assert.Equal(t, 1, in, "a target is in one of the 10000 shards")
}
