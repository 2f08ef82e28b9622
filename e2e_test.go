package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/emutest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests run the built binary as a cron would, against the emulator.

var (
	buildFlags []string
	binary     string
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pshcron-e2e-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "pshcron")
	args := append([]string{"build", "-tags", "urfave_cli_no_docs,urfave_cli_no_suggest,nethttpomithttp2", "-o", binary}, buildFlags...)
	cmd := exec.Command("go", append(args, ".")...)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building pshcron:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// container returns the variables of a runtime container on env.
func container(em *emutest.Env, branch, typ string) map[string]string {
	return map[string]string{
		"PLATFORM_PROJECT":          emutest.Project,
		"PLATFORM_BRANCH":           branch,
		"PLATFORM_ENVIRONMENT":      strings.ReplaceAll(branch, "/", "-") + "-abc123",
		"PLATFORM_ENVIRONMENT_TYPE": typ,
		"PLATFORM_APPLICATION_NAME": "app",
		"PLATFORM_APP_DIR":          "/app",
		"PLATFORM_TREE_ID":          "tree",
		"PLATFORMSH_CLI_TOKEN":      emutest.AdminToken + "\n",
		"PSHCRON_API_URL":           em.URL + emulator.APIPath,
		"PSHCRON_AUTH_URL":          em.URL,
		// The tests read the log lines as JSON (logMessages); plain dated
		// lines are the default off a terminal.
		"PSHCRON_LOG_FORMAT": "json",
	}
}

type result struct {
	code           int
	stdout, stderr string
}

// command prepares a pshcron process. Logs are at debug level unless the
// test says otherwise, so the secret scan sees everything a user could.
func command(t *testing.T, env map[string]string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	if _, ok := env["PSHCRON_CACHE_DIR"]; !ok {
		env["PSHCRON_CACHE_DIR"] = filepath.Join(t.TempDir(), "cache")
	}
	if _, ok := env["PSHCRON_LOG_LEVEL"]; !ok {
		env["PSHCRON_LOG_LEVEL"] = "debug"
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	return cmd, &out, &errOut
}

func pshcron(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	cmd, out, errOut := command(t, env, args...)
	return finish(t, cmd, cmd.Run(), out, errOut)
}

func finish(t *testing.T, cmd *exec.Cmd, err error, out, errOut *bytes.Buffer) result {
	t.Helper()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return result{code, out.String(), errOut.String()}
}

// noSecrets fails if a token, or a good part of one, shows in the output.
func noSecrets(t *testing.T, em *emutest.Env, r result) {
	t.Helper()
	secrets := append([]string{emutest.AdminToken, emutest.ViewerToken}, em.AccessTokens()...)
	for _, s := range secrets {
		for _, part := range []string{s, s[:len(s)/2], s[len(s)/2:]} {
			assert.NotContains(t, r.stdout, part, "a secret on stdout")
			assert.NotContains(t, r.stderr, part, "a secret on stderr")
		}
	}
}

func TestBackupFromACron(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{})
	env := container(em, "main", "production")
	env["PSHCRON_CACHE_DIR"] = filepath.Join(t.TempDir(), "cache")

	r := pshcron(t, env, "backup:create", "--yes", "--no-wait")
	require.Equal(t, 0, r.code, r.stderr)
	fields := strings.Fields(r.stdout)
	require.Len(t, fields, 2, "stdout is the activity id and the backup name")
	acts := em.Activities(emutest.Project)
	require.Len(t, acts, 1)
	assert.Equal(t, acts[0].ID, fields[0])
	assert.Equal(t, em.Backups(emutest.Project, "main"), fields[1:])
	assert.Equal(t, 2, em.Requests(), "cold: exchange and POST")
	messages := logMessages(t, r.stderr)
	assert.Contains(t, messages, "backup accepted")
	noSecrets(t, em, r)

	em.ResetCounts()
	r = pshcron(t, env, "snapshot:create", "-y", "-W", "--log-level", "debug")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, 1, em.Requests(), "warm: the POST alone")
	noSecrets(t, em, r)

	fi, err := os.Stat(env["PSHCRON_CACHE_DIR"])
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), fi.Mode().Perm())
	entries, err := os.ReadDir(env["PSHCRON_CACHE_DIR"])
	require.NoError(t, err)
	assert.Len(t, entries, 2, "the token cache and the backup's lock")
	for _, e := range entries {
		info, err := e.Info()
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), e.Name())
		b, _ := os.ReadFile(filepath.Join(env["PSHCRON_CACHE_DIR"], e.Name()))
		assert.NotContains(t, string(b), emutest.AdminToken, "the API token is never written")
	}
}

// logMessages parses stderr's JSON log lines (logs are JSON off a terminal)
// and returns their messages; error and hint lines are skipped.
func logMessages(t *testing.T, stderr string) []string {
	t.Helper()
	var msgs []string
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if line == "" || strings.HasPrefix(line, "pshcron: ") {
			continue
		}
		var ev map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &ev), "a log line that is not JSON: %s", line)
		msgs = append(msgs, ev["message"].(string))
	}
	return msgs
}

func TestWaitFollowsAndFails(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{PendingFor: 50 * time.Millisecond, RunningFor: 100 * time.Millisecond, Now: time.Now})
	em.AddProject("failing", emulator.Environment{ID: "main", Type: "production", FailActivities: true})
	r := pshcron(t, container(em, "main", "production"), "redeploy", "--wait")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "redeploy finished")

	env := container(em, "main", "production")
	env["PLATFORM_PROJECT"] = "failing"
	r = pshcron(t, env, "backup", "--wait")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "ended with result failure")
	assert.NotEmpty(t, r.stdout, "the activity id is printed even when it fails")

	r = pshcron(t, container(em, "main", "production"), "backup", "--wait", "--no-wait")
	assert.Equal(t, 2, r.code)
}

func TestSourceOperationVariablesFromEverySpelling(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{})
	r := pshcron(t, container(em, "main", "production"), "source-operation:run", "update", "--no-wait", "--variable", "env:A=1", "--variable=env:B=2", "--yes")
	require.Equal(t, 0, r.code, r.stderr)
	acts := em.Activities(emutest.Project)
	require.Len(t, acts, 1)
	so := acts[0].Payload["source_operation"].(map[string]any)
	assert.Equal(t, "update", so["operation"])
	assert.Equal(t, map[string]map[string]any{"env": {"A": "1", "B": "2"}}, so["variables"])
}

// On an environment with manual deployments a source operation ends staged:
// --wait stops there with a note, instead of waiting until the timeout.
func TestWaitStopsAtStaged(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{PendingFor: 50 * time.Millisecond, RunningFor: 50 * time.Millisecond, Now: time.Now})
	em.AddProject("manual", emulator.Environment{ID: "main", Type: "production", ManualDeploy: true, SourceOperations: []string{"update"}})
	env := container(em, "main", "production")
	env["PLATFORM_PROJECT"] = "manual"
	start := time.Now()
	r := pshcron(t, env, "source-operation:run", "update", "--wait", "--timeout", "20s", "--format", "json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Less(t, time.Since(start), 10*time.Second)
	assert.Contains(t, r.stderr, "a deploy is pending")
	assert.Contains(t, r.stdout, `"state": "staged"`)
}

// The backup's name may be missing from the POST's answer: the id alone is
// printed then, and JSON has no backup_name.
func TestBackupNameMissingFromTheAnswer(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{})
	body := `{"status":"accepted","code":202,"_embedded":{"activities":[{"id":"a1","type":"environment.backup","state":"pending","payload":{"backup_name":""}}]}}`
	em.InjectFault(emulator.Fault{Route: backupRoute, Kind: emulator.FaultBody, Body: body, Times: 2})
	r := pshcron(t, container(em, "main", "production"), "backup")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "a1\n", r.stdout)
	r = pshcron(t, container(em, "main", "production"), "backup", "--format", "json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "backup_name")
}

// activity:log of a running activity prints the log so far and ends, even
// when the platform holds the stream open; --follow reads it to its end.
func TestActivityLogOfARunningActivity(t *testing.T) {
	t.Parallel()
	// The fixture's clock stands still: the activity runs until it moves.
	em := emutest.Start(t, emulator.Options{RunningFor: time.Hour, HoldLogStream: time.Minute})
	env := container(em, "main", "production")
	r := pshcron(t, env, "redeploy", "--no-wait")
	require.Equal(t, 0, r.code, r.stderr)
	id := strings.TrimSpace(r.stdout)

	start := time.Now()
	r = pshcron(t, env, "activity:log", id, "--timeout", "2s")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "Starting environment.redeploy\n", r.stdout)
	assert.Contains(t, r.stderr, "the activity is still in_progress: its log goes on (--follow to follow it)")
	assert.Less(t, time.Since(start), 30*time.Second, "not held for the stream's minute")

	em.Advance(2 * time.Hour)
	r = pshcron(t, env, "activity:log", id, "--follow")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "Starting environment.redeploy\nHalf way through environment.redeploy\nFinished: success\n", r.stdout)
}
