package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/emutest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fault suite: what a cron at 3 a.m. meets when the network or the API
// misbehaves. Every case also runs the secret scan.

var backupRoute = emulator.RouteBackup

// backups counts the backups the emulator made on main.
func backups(em *emutest.Env) int { return len(em.Backups(emutest.Project, "main")) }

// liveEmulator runs on the real clock, since pshcron compares the times of
// activities with its own.
func liveEmulator(t *testing.T) *emutest.Env {
	return emutest.Start(t, emulator.Options{Now: time.Now})
}

func TestFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		faults   []emulator.Fault
		args     []string
		code     int
		backups  int
		requests int
		stderr   []string
	}{
		{"503 then success", []emulator.Fault{{Route: backupRoute, Kind: emulator.FaultStatus, Status: 503, RetryAfter: "0", Times: 1}},
			nil, 0, 1, 4, []string{"the backup is not on the platform: sending it again"}},
		{"503 after the backup was made", []emulator.Fault{{Route: backupRoute, Kind: emulator.FaultBody, Status: 503, Body: `{"message":"first byte timeout"}`, Times: 1}},
			nil, 0, 1, 3, []string{"the platform has the backup: not sending it again"}},
		{"429 is sent again blindly", []emulator.Fault{{Route: backupRoute, Kind: emulator.FaultStatus, Status: 429, RetryAfter: "0", Times: 1}},
			nil, 0, 1, 3, []string{"retrying"}},
		{"exchange fails once", []emulator.Fault{{Route: emulator.RouteToken, Kind: emulator.FaultStatus, Status: 502, Times: 1}},
			nil, 0, 1, 3, nil},
		{"answer lost after the backup was made", []emulator.Fault{{Route: backupRoute, Kind: emulator.FaultDropAfter, Times: 1}},
			nil, 0, 1, 3, []string{"the platform's answer was lost", "the platform has the backup: not sending it again"}},
		{"502 after doing nothing", []emulator.Fault{{Route: backupRoute, Kind: emulator.FaultStatus, Status: 502, Times: 1}},
			nil, 0, 1, 4, []string{"the backup is not on the platform: sending it again"}},
		{"connection dropped before anything", []emulator.Fault{{Route: backupRoute, Kind: emulator.FaultDropBefore, Times: 1}},
			nil, 0, 1, 4, []string{"sending it again"}},
		{"API keeps failing", []emulator.Fault{{Route: backupRoute, Kind: emulator.FaultStatus, Status: 500}},
			[]string{"--retries", "1"}, 5, 0, 5, []string{"pshcron: error: the platform answered 500"}},
		{"access token refused twice", []emulator.Fault{{Route: backupRoute, Kind: emulator.FaultStatus, Status: 401}},
			nil, 3, 0, 4, []string{"pshcron: error: the platform answered 401", "pshcron: hint: the access token was refused twice"}},
		{"answer is not JSON", []emulator.Fault{{Route: backupRoute, Kind: emulator.FaultBody, Body: "<html>oops</html>", Times: 1}},
			nil, 0, 1, 3, []string{"answer to POST /api/projects/proj1/environments/main/backup is not JSON", "the platform has the backup"}},
		{"answer is empty", []emulator.Fault{{Route: backupRoute, Kind: emulator.FaultBody, Body: "", Times: 1}},
			nil, 0, 1, 3, []string{"is empty", "the platform has the backup"}},
		{"answer is huge", []emulator.Fault{{Route: backupRoute, Kind: emulator.FaultBody, Body: `{"x":"` + strings.Repeat("a", 9<<20) + `"}`, Times: 1}},
			nil, 0, 1, 3, []string{"is larger than 8 MiB", "the platform has the backup"}},
		{"answer lacks the activity", []emulator.Fault{{Route: backupRoute, Kind: emulator.FaultBody, Body: `{"status": "accepted", "code": 202}`, Times: 1}},
			nil, 0, 1, 2, []string{"backup accepted, but the platform named no activity"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			em := liveEmulator(t)
			for _, f := range tt.faults {
				em.InjectFault(f)
			}
			r := pshcron(t, container(em, "main", "production"), append([]string{"backup:create", "--yes", "--no-wait"}, tt.args...)...)
			assert.Equal(t, tt.code, r.code, r.stderr)
			assert.Equal(t, tt.backups, backups(em), "backups made")
			assert.Equal(t, tt.requests, em.Requests(), "requests: %v", em.Counts())
			for _, s := range tt.stderr {
				assert.Contains(t, r.stderr, s)
			}
			if tt.code == 0 && !strings.Contains(tt.name, "lacks the activity") {
				acts := em.Activities(emutest.Project)
				require.NotEmpty(t, acts)
				assert.Equal(t, acts[len(acts)-1].ID, strings.Fields(r.stdout)[0], "stdout names the backup's activity")
			}
			noSecrets(t, em, r)
		})
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	em := liveEmulator(t)
	em.InjectFault(emulator.Fault{Route: backupRoute, Kind: emulator.FaultStatus, Status: 429, RetryAfter: "1", Times: 1})
	start := time.Now()
	r := pshcron(t, container(em, "main", "production"), "backup")
	require.Equal(t, 0, r.code, r.stderr)
	assert.GreaterOrEqual(t, time.Since(start), time.Second, "waited as Retry-After said")
	assert.Equal(t, 1, backups(em))
}

func TestAccessTokenExpiresMidRun(t *testing.T) {
	t.Parallel()
	em := liveEmulator(t)
	env := container(em, "main", "production")
	env["PSHCRON_CACHE_DIR"] = filepath.Join(t.TempDir(), "cache")
	require.Equal(t, 0, pshcron(t, env, "backup").code)
	em.ExpireAccessTokens()
	em.ResetCounts()
	r := pshcron(t, env, "backup")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, 3, em.Requests(), "refused POST, exchange, POST")
	assert.Equal(t, 2, backups(em))
	noSecrets(t, em, r)
}

func TestAPINeverAnswers(t *testing.T) {
	t.Parallel()
	em := liveEmulator(t)
	em.InjectFault(emulator.Fault{Route: backupRoute, Kind: emulator.FaultHang})
	start := time.Now()
	r := pshcron(t, container(em, "main", "production"), "backup", "--timeout", "1500ms")
	assert.Equal(t, 5, r.code, r.stderr)
	assert.Less(t, time.Since(start), 10*time.Second, "ends within --timeout")
	assert.Contains(t, r.stderr, "pshcron: error: timed out after 1.5s (--timeout) waiting for the answer to POST")
	noSecrets(t, em, r)
}

// waitFor polls cond until it holds or fails the test.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestConcurrentRunsFireOnce(t *testing.T) {
	t.Parallel()
	em := liveEmulator(t)
	env := container(em, "main", "production")
	env["PSHCRON_CACHE_DIR"] = filepath.Join(t.TempDir(), "cache")
	// The first run's POST hangs until its timeout.
	em.InjectFault(emulator.Fault{Route: backupRoute, Kind: emulator.FaultHang, Times: 1})
	first, out1, err1 := command(t, env, "backup", "--timeout", "3s")
	require.NoError(t, first.Start())
	waitFor(t, "the first run's POST", func() bool { return em.Count(backupRoute) == 1 })

	// A monitor hears nothing from a lock skip that changes its state.
	var mu sync.Mutex
	var pings []string
	monitor := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		pings = append(pings, r.URL.Path)
	}))
	defer monitor.Close()
	second := pshcron(t, env, "backup", "--ping", monitor.URL+"/ping/5bf6c3e1-7d2a")
	assert.Equal(t, 0, second.code, second.stderr)
	assert.Contains(t, second.stderr, "skipped: another pshcron run is already doing this backup on this environment")
	assert.Empty(t, second.stdout)
	assert.Equal(t, 1, em.Count(backupRoute), "the second run sent nothing")
	mu.Lock()
	assert.Equal(t, []string{"/ping/5bf6c3e1-7d2a/log"}, pings, "a lock skip sends no /start and no success")
	mu.Unlock()

	// A third waits for the lock, and fires once the first has given up.
	third := pshcron(t, env, "backup", "--lock-wait", "30s")
	assert.Equal(t, 0, third.code, third.stderr)
	r1 := finish(t, first, first.Wait(), out1, err1)
	assert.Equal(t, 5, r1.code, "the first timed out: %s", r1.stderr)
	assert.Equal(t, 1, backups(em), "one backup in all")
	for _, r := range []result{r1, second, third} {
		noSecrets(t, em, r)
	}
}

func TestKilledRunLeavesNoLock(t *testing.T) {
	t.Parallel()
	em := liveEmulator(t)
	env := container(em, "main", "production")
	env["PSHCRON_CACHE_DIR"] = filepath.Join(t.TempDir(), "cache")
	em.InjectFault(emulator.Fault{Route: backupRoute, Kind: emulator.FaultHang, Times: 1})
	first, _, _ := command(t, env, "backup")
	require.NoError(t, first.Start())
	waitFor(t, "the first run's POST", func() bool { return em.Count(backupRoute) == 1 })
	require.NoError(t, first.Process.Kill())
	_ = first.Wait()
	r := pshcron(t, env, "backup")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, 1, backups(em))
}

func TestSignalsCancelTheRequest(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		sig  syscall.Signal
		code int
		name string
	}{{syscall.SIGTERM, 143, "SIGTERM"}, {syscall.SIGINT, 130, "SIGINT"}, {syscall.SIGHUP, 129, "SIGHUP"}} {
		t.Run(c.name, func(t *testing.T) {
			em := liveEmulator(t)
			em.InjectFault(emulator.Fault{Route: backupRoute, Kind: emulator.FaultHang})
			cmd, out, errOut := command(t, container(em, "main", "production"), "backup")
			require.NoError(t, cmd.Start())
			waitFor(t, "the POST", func() bool { return em.Count(backupRoute) == 1 })
			start := time.Now()
			require.NoError(t, cmd.Process.Signal(c.sig))
			r := finish(t, cmd, cmd.Wait(), out, errOut)
			assert.Less(t, time.Since(start), 5*time.Second, "the in-flight request is cancelled")
			assert.Equal(t, c.code, r.code, r.stderr)
			assert.Contains(t, r.stderr, "interrupted: the backup was sent but not confirmed")
			assert.Contains(t, r.stderr, "pshcron: error: interrupted by "+c.name)
			noSecrets(t, em, r)
		})
	}

	// After a 502 the outcome is unknown; a signal while pshcron looks for
	// the activity, or waits to send again, is the signal, not the 502.
	for _, c := range []struct {
		sig   syscall.Signal
		code  int
		name  string
		fault emulator.Fault
	}{
		{syscall.SIGTERM, 143, "SIGTERM while listing", emulator.Fault{Route: emulator.RouteActivities, Kind: emulator.FaultHang}},
		{syscall.SIGINT, 130, "SIGINT while listing", emulator.Fault{Route: emulator.RouteActivities, Kind: emulator.FaultHang}},
		{syscall.SIGHUP, 129, "SIGHUP before sending again", emulator.Fault{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			em := liveEmulator(t)
			em.InjectFault(emulator.Fault{Route: backupRoute, Kind: emulator.FaultStatus, Status: 502, Times: 1})
			if c.fault.Route != "" {
				em.InjectFault(c.fault)
			}
			cmd, out, errOut := command(t, container(em, "main", "production"), "backup")
			require.NoError(t, cmd.Start())
			waitFor(t, "the activity list", func() bool { return em.Count(emulator.RouteActivities) == 1 })
			time.Sleep(100 * time.Millisecond)
			require.NoError(t, cmd.Process.Signal(c.sig))
			r := finish(t, cmd, cmd.Wait(), out, errOut)
			assert.Equal(t, c.code, r.code, r.stderr)
			assert.Contains(t, r.stderr, "interrupted: the backup was sent but not confirmed")
			assert.Contains(t, r.stderr, "pshcron: error: interrupted by "+strings.Fields(c.name)[0])
			assert.Equal(t, 1, em.Count(backupRoute), "not sent again")
		})
	}

	t.Run("while waiting", func(t *testing.T) {
		em := emutest.Start(t, emulator.Options{Now: time.Now, RunningFor: time.Hour})
		cmd, out, errOut := command(t, container(em, "main", "production"), "backup", "--wait")
		require.NoError(t, cmd.Start())
		waitFor(t, "the POST", func() bool { return em.Count(backupRoute) == 1 })
		time.Sleep(200 * time.Millisecond)
		require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
		r := finish(t, cmd, cmd.Wait(), out, errOut)
		assert.Equal(t, 143, r.code, r.stderr)
		assert.Contains(t, r.stderr, "was accepted and goes on on the platform; stopped waiting")
		assert.NotEmpty(t, r.stdout, "the activity id is printed")
	})
}

func TestUnsafeCacheDirIsNotUsed(t *testing.T) {
	t.Parallel()
	em := liveEmulator(t)
	env := container(em, "main", "production")
	dir := filepath.Join(t.TempDir(), "cache")
	require.NoError(t, os.Mkdir(dir, 0o755))
	require.NoError(t, os.Chmod(dir, 0o755))
	env["PSHCRON_CACHE_DIR"] = dir
	r := pshcron(t, env, "backup")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "readable by others")
	assert.Contains(t, r.stderr, "no safe cache directory")
	entries, _ := os.ReadDir(dir)
	assert.Empty(t, entries, "nothing written there")
	noSecrets(t, em, r)
}

// A cron block copied into every app of a multi-app project: the first app's
// run backs up, the others see it and skip.
func TestSkipIfRecent(t *testing.T) {
	t.Parallel()
	em := liveEmulator(t)
	env := container(em, "main", "production")
	r := pshcron(t, env, "backup:create", "--yes", "--no-wait", "--skip-if-recent", "1h")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, 3, em.Requests(), "exchange, the activity list, the POST")

	em.ResetCounts()
	env2 := container(em, "main", "production") // another app: its own cache
	env2["PSHCRON_SKIP_IF_RECENT"] = "1h"
	r = pshcron(t, env2, "backup:create", "--yes", "--no-wait")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "skipped: a backup started within the last 1h0m0s")
	assert.Empty(t, r.stdout)
	assert.Equal(t, 1, backups(em))

	// Another action is not held back by it.
	r = pshcron(t, env2, "redeploy", "--skip-if-recent", "1h")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "redeploy accepted")
}
