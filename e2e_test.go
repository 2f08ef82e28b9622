package main

import (
	"bytes"
	"encoding/base64"
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
	args := append([]string{"build", "-tags", "urfave_cli_no_docs", "-o", binary}, buildFlags...)
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

func TestExitCodesAndMessages(t *testing.T) {
	routes := base64.StdEncoding.EncodeToString([]byte(`{"https://www.example.com/": {"type": "upstream"}}`))
	tests := []struct {
		name     string
		env      func(em *emutest.Env) map[string]string
		args     []string
		code     int
		stdout   string // a substring; "" means empty
		stderr   []string
		requests int
		backups  int
	}{
		{"skipped on development", func(em *emutest.Env) map[string]string { return container(em, "feature/x", "development") },
			[]string{"backup:create", "--yes", "--no-wait"}, 0, "",
			[]string{"skipped by the default guard: environment type development is not production"}, 0, 0},
		{"skip needs no token", func(em *emutest.Env) map[string]string {
			e := container(em, "staging", "staging")
			delete(e, "PLATFORMSH_CLI_TOKEN")
			return e
		}, []string{"backup"}, 0, "", []string{"skipped"}, 0, 0},
		{"type unknown to the container: the API tells", func(em *emutest.Env) map[string]string {
			e := container(em, "main", "production")
			delete(e, "PLATFORM_ENVIRONMENT_TYPE")
			return e
		}, []string{"backup"}, 0, "a", nil, 3, 1},
		{"branch guard", func(em *emutest.Env) map[string]string { return container(em, "staging", "staging") },
			[]string{"backup", "--branch", "main", "--branch", "master"}, 0, "", []string{"does not match --branch main,master"}, 0, 0},
		{"branch guard from the environment", func(em *emutest.Env) map[string]string {
			e := container(em, "staging", "staging")
			e["PSHCRON_BRANCH"] = "stag*,main"
			return e
		}, []string{"backup"}, 0, "a", []string{"backup accepted"}, 2, 1},
		{"named environment, official spellings", func(em *emutest.Env) map[string]string { return container(em, "main", "production") },
			[]string{"backup:create", "--environment=feature/x", "--project=" + emutest.Project, "--yes"}, 0, "a", nil, 2, 1},
		{"flags after the argument", func(em *emutest.Env) map[string]string { return container(em, "main", "production") },
			[]string{"source-operation:run", "update", "--no-wait", "--yes", "-v", "env:A=1"}, 0, "a", []string{"source-operation accepted"}, 2, 0},
		{"build phase", func(em *emutest.Env) map[string]string {
			e := container(em, "", "")
			delete(e, "PLATFORM_BRANCH")
			return e
		}, []string{"backup"}, 2, "", []string{"pshcron: error: the environment is not known in the build hook", "pshcron: hint: run tasks from a cron"}, 0, 0},
		{"not on the platform", func(em *emutest.Env) map[string]string { return map[string]string{} },
			[]string{"backup"}, 2, "", []string{"pshcron: error: no project"}, 0, 0},
		{"no token", func(em *emutest.Env) map[string]string {
			e := container(em, "main", "production")
			delete(e, "PLATFORMSH_CLI_TOKEN")
			return e
		}, []string{"backup"}, 3, "", []string{"pshcron: error: no API token", "env:PLATFORMSH_CLI_TOKEN"}, 0, 0},
		{"token without the env: prefix", func(em *emutest.Env) map[string]string {
			e := container(em, "main", "production")
			delete(e, "PLATFORMSH_CLI_TOKEN")
			e["PLATFORM_VARIABLES"] = base64.StdEncoding.EncodeToString([]byte(`{"PLATFORMSH_CLI_TOKEN": "` + emutest.AdminToken + `"}`))
			return e
		}, []string{"backup"}, 3, "", []string{"pshcron: error: no API token", "exists without the env: prefix", "recreate it as env:PLATFORMSH_CLI_TOKEN"}, 0, 0},
		{"blank token", func(em *emutest.Env) map[string]string {
			e := container(em, "main", "production")
			e["PLATFORMSH_CLI_TOKEN"] = "  \n"
			return e
		}, []string{"backup"}, 3, "", []string{"PLATFORMSH_CLI_TOKEN is set but empty"}, 0, 0},
		{"invalid token", func(em *emutest.Env) map[string]string {
			e := container(em, "main", "production")
			e["PLATFORMSH_CLI_TOKEN"] = "not-a-real-token-123456"
			return e
		}, []string{"backup"}, 3, "", []string{"Invalid API token", "pshcron: hint: check env:PLATFORMSH_CLI_TOKEN"}, 1, 0},
		{"viewer is forbidden", func(em *emutest.Env) map[string]string {
			e := container(em, "main", "production")
			e["PLATFORMSH_CLI_TOKEN"] = emutest.ViewerToken
			return e
		}, []string{"backup"}, 6, "", []string{"403 Forbidden", "Admin"}, 2, 0},
		{"unknown environment", func(em *emutest.Env) map[string]string { return container(em, "main", "production") },
			[]string{"backup", "-e", "nope"}, 1, "", []string{"404 Not Found", "Environment not found: nope"}, 2, 0},
		{"inactive environment", func(em *emutest.Env) map[string]string { return container(em, "main", "production") },
			[]string{"redeploy", "-e", "old"}, 1, "", []string{"is not active"}, 2, 0},
		{"environment id that is not a segment", func(em *emutest.Env) map[string]string { return container(em, "main", "production") },
			[]string{"backup", "-e", ".."}, 2, "", []string{`pshcron: error: ".." is not a valid environment id`}, 0, 0},
		{"combined short flags", func(em *emutest.Env) map[string]string { return container(em, "main", "production") },
			[]string{"backup:create", "-yW"}, 0, "a", nil, 2, 1},
		{"both spellings of --variable", func(em *emutest.Env) map[string]string { return container(em, "main", "production") },
			[]string{"source-operation:run", "update", "-v", "env:A=1", "--variable=env:B=2"}, 0, "a", nil, 2, 0},
		{"an argument where none is taken", func(em *emutest.Env) map[string]string { return container(em, "main", "production") },
			[]string{"backup:create", "master"}, 2, "", []string{`pshcron: error: backup:create takes no arguments, but was given "master"`, "-e ENVIRONMENT"}, 0, 0},
		{"unknown flag", func(em *emutest.Env) map[string]string { return container(em, "main", "production") },
			[]string{"backup", "--bogus"}, 2, "", []string{"pshcron: error: flag provided but not defined: -bogus"}, 0, 0},
		{"bad glob", func(em *emutest.Env) map[string]string { return container(em, "main", "production") },
			[]string{"backup", "--branch", "[a-"}, 2, "", []string{"is not a valid pattern"}, 0, 0},
		{"variable without =", func(em *emutest.Env) map[string]string { return container(em, "main", "production") },
			[]string{"source-operation:run", "update", "-v", "env:A"}, 2, "", []string{`--variable "env:A" has no =`}, 0, 0},
		{"plain http off loopback", func(em *emutest.Env) map[string]string {
			e := container(em, "main", "production")
			e["PSHCRON_API_URL"] = "http://api.example.com"
			return e
		}, []string{"backup"}, 2, "", []string{"is plain http"}, 0, 0},
		{"api unreachable", func(em *emutest.Env) map[string]string {
			e := container(em, "main", "production")
			e["PSHCRON_API_URL"] = "http://127.0.0.1:1/api"
			return e
		}, []string{"backup", "--retries", "1"}, 5, "", []string{"no answer from the API"}, 1, 0},
		{"-e naming the container's own environment keeps the default guard", func(em *emutest.Env) map[string]string {
			return container(em, "feature/x", "development")
		}, []string{"backup:create", "-e", "feature/x", "--yes", "--no-wait"}, 0, "",
			[]string{"skipped by the default guard: environment type development is not production", "add --env-type development or --branch 'feature/x'"}, 0, 0},
		{"negative duration flag", func(em *emutest.Env) map[string]string { return container(em, "main", "production") },
			[]string{"backup", "--skip-if-recent", "-1h"}, 2, "", []string{"pshcron: error: --skip-if-recent -1h0m0s is negative"}, 0, 0},
		{"negative duration variable", func(em *emutest.Env) map[string]string {
			e := container(em, "main", "production")
			e["PSHCRON_LOCK_WAIT"] = "-5s"
			return e
		}, []string{"backup"}, 2, "", []string{"PSHCRON_LOCK_WAIT \"-5s\" is not a duration"}, 0, 0},
		{"--any-environment contradicts a guard", func(em *emutest.Env) map[string]string { return container(em, "main", "production") },
			[]string{"backup", "--any-environment", "--branch", "main"}, 2, "", []string{"pshcron: error: --any-environment contradicts --branch and --env-type"}, 0, 0},
		{"on-demand backups are not offered on Dedicated Gen 2", func(em *emutest.Env) map[string]string {
			e := container(em, "main", "production")
			e["PLATFORM_MODE"] = "enterprise"
			return e
		}, []string{"backup:create", "--yes", "--no-wait"}, 0, "",
			[]string{`"level":"warn"`, "on-demand backups are not supported on Dedicated Gen 2", "its own snapshots"}, 0, 0},
		{"a redeploy on Dedicated Gen 2 runs", func(em *emutest.Env) map[string]string {
			e := container(em, "main", "production")
			e["PLATFORM_MODE"] = "enterprise"
			return e
		}, []string{"redeploy"}, 0, "a", []string{"redeploy accepted"}, 2, 0},
		{"a source operation that does not exist", func(em *emutest.Env) map[string]string { return container(em, "main", "production") },
			[]string{"source-operation:run", "nope"}, 1, "",
			[]string{`Source operation \"nope\" is not defined`, `pshcron: hint: the environment defines no source operation "nope"; it defines: update`}, 3, 0},
		{"json result", func(em *emutest.Env) map[string]string { return container(em, "main", "production") },
			[]string{"redeploy", "--format", "json"}, 0, `"activity_type": "environment.redeploy"`, nil, 2, 0},
		{"quiet", func(em *emutest.Env) map[string]string { return container(em, "main", "production") },
			[]string{"backup", "-q"}, 0, "", nil, 2, 1},
		{"malformed routes", func(em *emutest.Env) map[string]string {
			e := container(em, "main", "production")
			e["PLATFORM_ROUTES"] = "%%%"
			return e
		}, []string{"env"}, 2, "", []string{"pshcron: error: PLATFORM_ROUTES is not valid base64"}, 0, 0},
		{"env", func(em *emutest.Env) map[string]string {
			e := container(em, "main", "production")
			e["PLATFORM_ROUTES"] = routes
			return e
		}, []string{"env", "--format", "json"}, 0, `"domains": [
    "www.example.com"
  ]`, nil, 0, 0},
		{"version", func(em *emutest.Env) map[string]string { return map[string]string{} },
			[]string{"version"}, 0, "pshcron dev", nil, 0, 0},
		{"help hides nothing it should not", func(em *emutest.Env) map[string]string { return container(em, "main", "production") },
			[]string{"backup:create", "--help"}, 0, "--no-wait, -W", nil, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			em := emutest.Start(t, emulator.Options{})
			r := pshcron(t, tt.env(em), tt.args...)
			assert.Equal(t, tt.code, r.code, "exit code; stderr: %s", r.stderr)
			if tt.stdout == "" {
				assert.Empty(t, r.stdout)
			} else {
				assert.Contains(t, r.stdout, tt.stdout)
			}
			for _, s := range tt.stderr {
				assert.Contains(t, r.stderr, s)
			}
			if r.code != 0 {
				lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
				assert.Regexp(t, `^pshcron: (error|hint): [a-zA-Z_-]`, lines[len(lines)-1])
			}
			assert.Equal(t, tt.requests, em.Requests(), "requests")
			backups := 0
			for _, a := range em.Activities(emutest.Project) {
				if a.Type == "environment.backup" {
					backups++
				}
			}
			assert.Equal(t, tt.backups, backups, "backups made")
			noSecrets(t, em, r)
		})
	}
}

func TestWaitFollowsAndFails(t *testing.T) {
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
	em := emutest.Start(t, emulator.Options{})
	r := pshcron(t, container(em, "main", "production"), "source-operation:run", "update", "--no-wait", "-v", "env:A=1", "--variable=env:B=2", "--yes")
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
