package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pshcron/pshcron/emulator"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The variables the emulator prints are a whole runtime container, which a
// shell sources as they are.
func TestExportsAreARuntimeContainer(t *testing.T) {
	t.Parallel()
	f := filepath.Join(t.TempDir(), "emulator.env")
	require.NoError(t, writeAtomically(f, exports("http://127.0.0.1:1", "tok", "proj")))
	out, err := exec.Command("sh", "-c", `. "$0" && echo "$PLATFORM_PROJECT $PLATFORM_BRANCH $PLATFORM_ENVIRONMENT_TYPE $PSHCRON_API_URL $PLATFORMSH_CLI_TOKEN" && env | grep -c '^PLATFORM_'`, f).Output()
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	assert.Equal(t, "proj main production http://127.0.0.1:1/api tok", lines[0])
	assert.Equal(t, "8", lines[1], "every runtime variable pshcron reads, exported")
	fi, err := os.Stat(f)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "it holds a token")
}

// The official CLI takes a project id with anything but letters and digits
// for a URL; the default has the platform's form.
func TestDefaultProjectHasThePlatformsForm(t *testing.T) {
	t.Parallel()
	assert.Regexp(t, `^[a-z0-9]{13}$`, defaultProject)
}

// The default project tells the stories its startup message tells, and
// leaves main free for `make demo`'s redeploy and backup.
func TestDefaultProjectTellsItsStories(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC)
	em, err := newEmulator(emulator.Options{Now: func() time.Time { return now }}, defaultProject, "tok", "viewer", nil)
	require.NoError(t, err)

	type key struct{ env, typ, cron, state, result string }
	seen := map[key]int{}
	last := map[string]string{}
	for _, a := range em.Activities(defaultProject) {
		name, _ := a.Payload["cron"].(string)
		seen[key{a.Environment, a.Type, name, a.State, a.Result}]++
		if a.Environment == "main" {
			last[name] = a.Result
		}
	}
	for k := range seen {
		if k.env == "main" || k.env == "feature/x" {
			assert.Equal(t, "complete", k.state, "%v: nothing running", k)
		}
	}
	assert.Equal(t, map[string]string{"backup": "success", "queue": "success", "sitemap": "failure"}, last)
	assert.Equal(t, 2, seen[key{"main", "environment.cron", "backup", "complete", "success"}], "two nights")
	assert.Equal(t, 1, seen[key{"staging", "environment.cron", "reindex", "in_progress", ""}])
	assert.Equal(t, 1, seen[key{"staging", "environment.push", "", "pending", ""}])
	assert.Equal(t, 3*96, seen[key{"feature/x", "environment.cron", "queue", "complete", "success"}], "three days, then paused")
	assert.Contains(t, storiesSummary, "sitemap")
}
