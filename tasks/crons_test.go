package tasks

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pshcron/pshcron/api"
)

var cronNow = time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)

// cronRun is an environment.cron activity of cron name that started ago
// before cronNow and took took (0: still running).
func cronRun(id, name string, ago, took time.Duration, result string) api.Activity {
	start := cronNow.Add(-ago)
	a := api.Activity{ID: id, Type: "environment.cron", State: "complete", Result: result,
		CreatedAt: start.Add(-time.Second).Format(time.RFC3339), StartedAt: start.Format(time.RFC3339),
		Parameters: map[string]any{"cron": name}}
	if took == 0 {
		a.State, a.Result = "in_progress", ""
	} else {
		a.CompletedAt = start.Add(took).Format(time.RFC3339)
	}
	return a
}

// gaps reads specs from a table, as cronspec would.
func gaps(g map[string]time.Duration) func(api.Cron) (time.Duration, string, error) {
	return func(c api.Cron) (time.Duration, string, error) {
		d, ok := g[c.Spec]
		if !ok {
			return 0, "", errors.New("unknown spec")
		}
		return d, "", nil
	}
}

func judge(t *testing.T, chk CronCheck) map[string]CronStatus {
	t.Helper()
	chk.Now, chk.Since = cronNow, cronNow.Add(-26*time.Hour)
	if chk.Schedule == nil {
		chk.Schedule = gaps(map[string]time.Duration{"*/15 * * * *": 15 * time.Minute, "0 3 * * *": 24 * time.Hour, "H H * * 0": 7 * 24 * time.Hour})
	}
	r := chk.Judge()
	out := map[string]CronStatus{}
	for _, c := range r.Crons {
		out[c.Name] = c
	}
	attention := false
	for _, c := range r.Crons {
		attention = attention || c.Attention
	}
	assert.Equal(t, attention, r.Verdict == "fail", "the report fails exactly when a cron needs attention")
	return out
}

func TestCronVerdicts(t *testing.T) {
	t.Parallel()
	crons := []api.Cron{
		{App: "app", Name: "often", Spec: "*/15 * * * *", Timeout: 600},
		{App: "app", Name: "nightly", Spec: "0 3 * * *", Timeout: 3600},
		{App: "app", Name: "weekly", Spec: "H H * * 0", Timeout: 3600},
		{App: "app", Name: "odd", Spec: "whenever", Timeout: 3600},
	}
	got := judge(t, CronCheck{Crons: crons, Runs: []api.Activity{
		cronRun("a5", "often", 10*time.Minute, 20*time.Second, "success"),
		cronRun("a4", "often", 25*time.Minute, 20*time.Second, "failure"),
		cronRun("a3", "nightly", 9*time.Hour, 2*time.Minute, "success"),
		cronRun("a2", "gone", 20*time.Hour, time.Minute, "success"),
	}})
	assert.Equal(t, "ok", got["often"].Verdict, got["often"].Detail)
	assert.Equal(t, 2, got["often"].Runs)
	assert.Equal(t, 1, got["often"].Failures)
	assert.Contains(t, got["often"].Detail, "1 of 2 runs failed in the last 26h")
	assert.Equal(t, "a5", got["often"].Last.Activity)
	assert.Equal(t, 20.0, got["often"].Last.Seconds)
	assert.Equal(t, "ok", got["nightly"].Verdict)
	assert.Equal(t, "not-due", got["weekly"].Verdict, "a weekly cron need not run in 26 hours")
	assert.Equal(t, "unknown", got["odd"].Verdict)
	assert.False(t, got["odd"].Attention)
	assert.Equal(t, "removed", got["gone"].Verdict)
	assert.False(t, got["gone"].Deployed)
}

func TestCronVerdictsNeedingAttention(t *testing.T) {
	t.Parallel()
	crons := []api.Cron{
		{Name: "failing", Spec: "*/15 * * * *", Timeout: 600},
		{Name: "late", Spec: "*/15 * * * *", Timeout: 600},
		{Name: "missing", Spec: "0 3 * * *", Timeout: 600},
		{Name: "overrun", Spec: "0 3 * * *", Timeout: 3600},
	}
	got := judge(t, CronCheck{Crons: crons, Runs: []api.Activity{
		cronRun("a9", "failing", 5*time.Minute, 3*time.Second, "failure"),
		cronRun("a8", "late", 50*time.Minute, time.Second, "success"),
		cronRun("a7", "overrun", 3*time.Hour, 0, ""),
	}})
	for name, verdict := range map[string]string{"failing": "failed", "late": "late", "missing": "missing", "overrun": "overrun"} {
		assert.Equal(t, verdict, got[name].Verdict, name+": "+got[name].Detail)
		assert.True(t, got[name].Attention, name)
		assert.NotEmpty(t, got[name].Hint, name)
	}
	assert.Contains(t, got["failing"].Hint, "pshcron activity:log a9")
	assert.Contains(t, got["overrun"].Detail, "running for 3h, past its 1h timeout")
	assert.Contains(t, got["missing"].Detail, "no run in the last 26h")
}

// A cron within its timeout needs attention only while others wait behind
// it, each named with how long it has waited.
func TestARunningCronBlockingADeploy(t *testing.T) {
	t.Parallel()
	crons := []api.Cron{{Name: "import", Spec: "0 3 * * *", Timeout: 86400}}
	running := cronRun("a1", "import", 2*time.Hour, 0, "")
	got := judge(t, CronCheck{Crons: crons, Runs: []api.Activity{running}})
	assert.Equal(t, "running", got["import"].Verdict)
	assert.False(t, got["import"].Attention)

	push := api.Activity{ID: "p1", Type: "environment.push", State: "pending", CreatedAt: cronNow.Add(-40 * time.Minute).Format(time.RFC3339)}
	got = judge(t, CronCheck{Crons: crons, Runs: []api.Activity{running}, Waiting: []api.Activity{push, running}})
	st := got["import"]
	assert.Equal(t, "blocking", st.Verdict)
	assert.True(t, st.Attention)
	require.Len(t, st.Blocking, 1)
	assert.Equal(t, 2400.0, st.Blocking[0].Seconds)
	assert.Contains(t, st.Detail, "environment.push p1 for 40m")
}

// Paused crons need attention on production only; a deployment newer than
// a cron's period is not yet a missing run.
func TestPausedCronsAndAFreshDeployment(t *testing.T) {
	t.Parallel()
	crons := []api.Cron{{Name: "nightly", Spec: "0 3 * * *"}}
	dev := judge(t, CronCheck{Crons: crons, EnvType: "development", Paused: "its crons are paused"})
	assert.Equal(t, "paused", dev["nightly"].Verdict)
	assert.False(t, dev["nightly"].Attention)
	prod := judge(t, CronCheck{Crons: crons, EnvType: "production", Paused: "its crons are paused"})
	assert.True(t, prod["nightly"].Attention)

	fresh := judge(t, CronCheck{Crons: crons, DeployedAt: cronNow.Add(-2 * time.Hour)})
	assert.Equal(t, "not-due", fresh["nightly"].Verdict, fresh["nightly"].Detail)
}

func TestPausedWhy(t *testing.T) {
	t.Parallel()
	env := func(status, crons string, enabled bool) *api.Environment {
		e := &api.Environment{Status: status}
		e.DeploymentState = &api.DeploymentState{}
		e.DeploymentState.Crons.Enabled, e.DeploymentState.Crons.Status = enabled, crons
		return e
	}
	assert.Equal(t, "", pausedWhy(env("active", "running", true)))
	assert.Equal(t, "", pausedWhy(env("active", "sleeping", true)))
	assert.Equal(t, "its crons are paused", pausedWhy(env("active", "paused", true)))
	assert.Equal(t, "its crons are paused", pausedWhy(env("active", "paused", false)), "the emulator's paused crons, as the platform shows them")
	assert.Equal(t, "its crons are disabled", pausedWhy(env("active", "running", false)))
	assert.Equal(t, "the environment is paused", pausedWhy(env("paused", "running", true)))
}

func TestRoundDur(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{45 * time.Second: "45s", 2 * time.Minute: "2m", 3*time.Hour + 10*time.Minute: "3h10m",
		24 * time.Hour: "24h", 90*time.Second + 400*time.Millisecond: "2m"} {
		assert.Equal(t, want, roundDur(d), d.String())
	}
}

// A run still going that started before the window is the cron's last run.
func TestWithRunning(t *testing.T) {
	t.Parallel()
	inWindow := cronRun("a2", "often", 10*time.Minute, time.Second, "success")
	old := cronRun("a1", "reindex", 3*time.Hour, 0, "")
	push := api.Activity{ID: "p1", Type: "environment.push", State: "pending"}
	runs := withRunning([]api.Activity{inWindow}, []api.Activity{push, old, inWindow})
	require.Len(t, runs, 2)
	assert.Equal(t, "a1", runs[1].ID)
	got := judge(t, CronCheck{Crons: []api.Cron{{Name: "reindex", Spec: "0 3 * * *", Timeout: 3600}}, Runs: runs})
	assert.Equal(t, "overrun", got["reindex"].Verdict)
}
