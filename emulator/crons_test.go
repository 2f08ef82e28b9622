package emulator_test

import (
	"testing"
	"time"

	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/emutest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The current deployment carries each app's crons with the platform's
// defaults, and the app's timezone; an environment without crons still has
// its web app, with none.
func TestDeploymentServesCrons(t *testing.T) {
	t.Parallel()
	f := start(t)
	tok := f.token(t, emutest.AdminToken)
	f.em.Configure("proj1", "main", func(e *emulator.Environment) {
		e.Timezone = "Europe/Paris"
		e.Crons = []emulator.Cron{
			{Name: "backup", Spec: "0 3 * * *", Start: "pshcron backup:create --yes --no-wait"},
			{App: "admin", Name: "report", Spec: "*/15 * * * *", Start: "php report.php", Stop: "pkill -f report.php", Timeout: 3600, ShutdownTimeout: 30},
		}
	})
	st, dep, _ := f.call(t, tok, "GET", "/projects/proj1/environments/main/deployments/current", "")
	require.Equal(t, 200, st)
	apps := dep["webapps"].(map[string]any)
	app := apps["app"].(map[string]any)
	assert.Equal(t, "Europe/Paris", app["timezone"])
	assert.Equal(t, map[string]any{
		"spec": "0 3 * * *", "commands": map[string]any{"start": "pshcron backup:create --yes --no-wait", "stop": nil},
		"timeout": 86400.0, "shutdown_timeout": 10.0,
	}, app["crons"].(map[string]any)["backup"], "the platform's defaults")
	report := apps["admin"].(map[string]any)["crons"].(map[string]any)["report"].(map[string]any)
	assert.Equal(t, 3600.0, report["timeout"])
	assert.Equal(t, 30.0, report["shutdown_timeout"])
	assert.Equal(t, "pkill -f report.php", report["commands"].(map[string]any)["stop"])

	_, dep, _ = f.call(t, tok, "GET", "/projects/proj1/environments/staging/deployments/current", "")
	app = dep["webapps"].(map[string]any)["app"].(map[string]any)
	assert.Equal(t, map[string]any{}, app["crons"])
	assert.Nil(t, app["timezone"], "UTC unless the app says")
}

// Paused crons show in the environment's deployment_state, and a paused
// environment's own runs stop.
func TestPausedCrons(t *testing.T) {
	t.Parallel()
	f := start(t)
	tok := f.token(t, emutest.AdminToken)
	f.em.Configure("proj1", "feature/x", func(e *emulator.Environment) { e.CronsPaused = true })
	_, env, _ := f.call(t, tok, "GET", "/projects/proj1/environments/feature%2Fx", "")
	assert.Equal(t, map[string]any{"enabled": false, "status": "paused"}, env["deployment_state"].(map[string]any)["crons"])
	_, env, _ = f.call(t, tok, "GET", "/projects/proj1/environments/main", "")
	assert.Equal(t, map[string]any{"enabled": true, "status": "running"}, env["deployment_state"].(map[string]any)["crons"])

	crons := []emulator.Cron{{Name: "queue", Spec: "*/15 * * * *", Start: "php queue.php"}}
	now := f.em.Now()
	require.NoError(t, f.em.SeedCronHistory("proj1", "feature/x", crons, now.Add(-26*time.Hour), emulator.SeedOptions{}))
	assert.Empty(t, f.em.Activities("proj1"), "paused: no run")
	require.NoError(t, f.em.SeedCronHistory("proj1", "feature/x", crons, now.Add(-26*time.Hour),
		emulator.SeedOptions{Until: now.Add(-24 * time.Hour)}))
	_, _, list := f.call(t, tok, "GET", "/projects/proj1/environments/feature%2Fx/activities?type=environment.cron", "")
	assert.Len(t, list, 8, "the two hours before the pause, every 15 minutes")
	for _, a := range list {
		completed, err := time.Parse(time.RFC3339, a.(map[string]any)["completed_at"].(string))
		require.NoError(t, err)
		assert.False(t, completed.After(now.Add(-24*time.Hour)), "none after the pause")
	}

	// A redeploy resumes them.
	status, _, _ := f.call(t, tok, "POST", "/projects/proj1/environments/feature%2Fx/redeploy", "")
	require.Less(t, status, 300)
	_, env, _ = f.call(t, tok, "GET", "/projects/proj1/environments/feature%2Fx", "")
	assert.Equal(t, map[string]any{"enabled": true, "status": "running"}, env["deployment_state"].(map[string]any)["crons"])
}

// A finished cron run: an environment.cron activity carrying its name, its
// times and result, and its output in a sealed log stream.
func TestCronRunActivity(t *testing.T) {
	t.Parallel()
	f := start(t)
	tok := f.token(t, emutest.AdminToken)
	started := f.em.Now().Add(-time.Hour)
	id := f.em.AddCronRun("proj1", "main", emulator.CronRun{Name: "sitemap", Started: started, Took: 90 * time.Second,
		Failed: true, Log: []string{"Generating the sitemap", "Error: disk full"}})
	_, a, _ := f.call(t, tok, "GET", "/projects/proj1/activities/"+id, "")
	assert.Equal(t, "environment.cron", a["type"])
	assert.Equal(t, map[string]any{"cron": "sitemap"}, a["parameters"])
	assert.Equal(t, "sitemap", a["payload"].(map[string]any)["cron"])
	assert.Equal(t, "2026-11-27T01:59:58Z", a["created_at"], "created just before it started")
	assert.Equal(t, "2026-11-27T02:00:00Z", a["started_at"])
	assert.Equal(t, "2026-11-27T02:01:30Z", a["completed_at"])
	assert.Equal(t, "complete", a["state"])
	assert.Equal(t, "failure", a["result"])
	assert.Equal(t, 100.0, a["completion_percent"])
	assert.Equal(t, map[string]any{"wait": 2.0, "execute": 90.0}, a["timings"])
	assert.Equal(t, "Platform.sh Bot ran cron sitemap", a["text"])
	assert.Equal(t, "<user>Platform.sh Bot</user> ran cron <strong>sitemap</strong>", a["description"])
	assert.Equal(t, []any{"main"}, a["environments"])

	msgs, sealed := f.streamLog(t, tok, href(t, a, "log"))
	assert.Equal(t, []string{"Generating the sitemap\n", "Error: disk full\n"}, msgs)
	assert.True(t, sealed)
}

// A cron stuck for hours stays in progress, its log open, the environment
// busy, until it is cancelled.
func TestRunningCronUntilCancelled(t *testing.T) {
	t.Parallel()
	f := start(t)
	id := f.em.AddCronRun("proj1", "staging", emulator.CronRun{Name: "reindex", Started: f.em.Now().Add(-3 * time.Hour),
		Running: true, Log: []string{"Reindexing 1/3"}})
	f.advance(10 * time.Hour)
	tok := f.token(t, emutest.AdminToken)
	_, a, _ := f.call(t, tok, "GET", "/projects/proj1/activities/"+id, "")
	assert.Equal(t, "in_progress", a["state"])
	assert.Nil(t, a["completed_at"])
	assert.Nil(t, a["result"])
	assert.Equal(t, map[string]any{}, a["timings"])
	msgs, sealed := f.streamLog(t, tok, href(t, a, "log"))
	assert.Equal(t, []string{"Reindexing 1/3\n"}, msgs)
	assert.False(t, sealed, "still running: no seal")

	_, env, _ := f.call(t, tok, "GET", "/projects/proj1/environments/staging", "")
	assert.Equal(t, true, env["is_dirty"])
	st, refusal, _ := f.call(t, tok, "POST", "/projects/proj1/environments/staging/backup", `{"safe": true}`)
	assert.Equal(t, 400, st)
	assert.Contains(t, refusal["detail"].(map[string]any)["error"], "pending or in progress")

	st, _, _ = f.call(t, tok, "POST", href(t, a, "#cancel")[len(emulator.APIPath):], "")
	require.Equal(t, 202, st)
	_, a, _ = f.call(t, tok, "GET", "/projects/proj1/activities/"+id, "")
	assert.Equal(t, "cancelled", a["state"])
	assert.Equal(t, "2026-11-27T13:00:00Z", a["cancelled_at"])
	msgs, sealed = f.streamLog(t, tok, href(t, a, "log"))
	assert.Equal(t, []string{"Reindexing 1/3\n", "Cancelled.\n"}, msgs)
	assert.True(t, sealed)
	_, env, _ = f.call(t, tok, "GET", "/projects/proj1/environments/staging", "")
	assert.Equal(t, false, env["is_dirty"])
}

// A push queued behind a running cron waits, pending, saying so in its
// log, until the cron ends; then it runs as any activity does.
func TestQueuedBehindRunningCron(t *testing.T) {
	t.Parallel()
	f := start(t)
	now := f.em.Now()
	cron := f.em.AddCronRun("proj1", "staging", emulator.CronRun{Name: "reindex", Started: now.Add(-3 * time.Hour), Running: true})
	push := f.em.AddQueued("proj1", "staging", "environment.push", now.Add(-40*time.Minute))
	f.advance(time.Hour)
	tok := f.token(t, emutest.AdminToken)

	_, _, list := f.call(t, tok, "GET", "/projects/proj1/environments/staging/activities?state=pending", "")
	require.Len(t, list, 1)
	p := list[0].(map[string]any)
	assert.Equal(t, push, p["id"])
	assert.Equal(t, "environment.push", p["type"])
	assert.Equal(t, "2026-11-27T02:20:00Z", p["created_at"])
	assert.Nil(t, p["started_at"])
	msgs, sealed := f.streamLog(t, tok, href(t, p, "log"))
	assert.Equal(t, []string{"Waiting for other activities to complete.\n"}, msgs)
	assert.False(t, sealed)

	st, _, _ := f.call(t, tok, "POST", "/projects/proj1/activities/"+cron+"/cancel", "")
	require.Equal(t, 202, st)
	f.advance(1500 * time.Millisecond)
	_, p, _ = f.call(t, tok, "GET", "/projects/proj1/activities/"+push, "")
	assert.Equal(t, "in_progress", p["state"], "it runs once the cron has gone")
	assert.Equal(t, "2026-11-27T04:00:01Z", p["started_at"])
	f.advance(2 * time.Second)
	_, p, _ = f.call(t, tok, "GET", "/projects/proj1/activities/"+push, "")
	assert.Equal(t, "complete", p["state"])
	assert.Equal(t, "success", p["result"])
}

// The list is newest first by creation whatever the order runs were
// recorded in, and pages back with starts_at, an inclusive upper bound, as
// the official ActivityLoader does (it sends the PHP form unescaped).
func TestActivityListPagesWithStartsAt(t *testing.T) {
	t.Parallel()
	f := start(t)
	tok := f.token(t, emutest.AdminToken)
	now := f.em.Now()
	crons := []emulator.Cron{{Name: "queue", Spec: "*/15 * * * *", Start: "php queue.php"}}
	require.NoError(t, f.em.SeedCronHistory("proj1", "main", crons, now.Add(-6*time.Hour), emulator.SeedOptions{}))
	// Recorded last, started first: listed by creation all the same.
	f.em.AddCronRun("proj1", "main", emulator.CronRun{Name: "old", Started: now.Add(-7 * time.Hour), Took: time.Minute})
	f.call(t, tok, "POST", "/projects/proj1/environments/main/redeploy", "")

	var ids []string
	seen := map[string]bool{}
	last := time.Time{}
	query := "type=environment.cron&count=7"
	for page := 0; page < 20; page++ {
		_, _, list := f.call(t, tok, "GET", "/projects/proj1/environments/main/activities?"+query, "")
		fresh := 0
		for _, item := range list {
			a := item.(map[string]any)
			at, err := time.Parse(time.RFC3339, a["created_at"].(string))
			require.NoError(t, err)
			if !last.IsZero() {
				assert.False(t, at.After(last), "newest first, and none after starts_at")
			}
			last = at
			if !seen[a["id"].(string)] {
				seen[a["id"].(string)] = true
				ids = append(ids, a["id"].(string))
				fresh++
			}
		}
		if fresh == 0 {
			break
		}
		query = "type=environment.cron&count=7&starts_at=" + last.Format("2006-01-02T15:04:05.000000") + "+00:00"
	}
	assert.Len(t, ids, 25, "24 runs in six hours and the old one, each once")
	assert.Equal(t, "old", f.em.Activities("proj1")[0].Payload["cron"], "kept in order of creation")

	_, _, list := f.call(t, tok, "GET", "/projects/proj1/environments/main/activities?starts_at="+now.Add(-7*time.Hour).Add(-cronDelay).Format(time.RFC3339), "")
	assert.Len(t, list, 1, "inclusive: the run created at that second")
	f.em.RequestsMayBreakSpec.Store(true)
	st, obj, _ := f.call(t, tok, "GET", "/projects/proj1/environments/main/activities?starts_at=yesterday", "")
	assert.Equal(t, 400, st)
	assert.Contains(t, obj["error"], "starts_at")
}

// cronDelay is how long before its start a run's activity is created.
const cronDelay = 2 * time.Second

// A seeded history follows each cron's schedule over the window: runs that
// have ended by its end, the last one failed where asked.
func TestSeedCronHistory(t *testing.T) {
	t.Parallel()
	em := emulator.New(emulator.Options{Now: func() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }})
	em.AddProject("p", emulator.Environment{ID: "main", Type: "production"})
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	crons := []emulator.Cron{
		{Name: "backup", Spec: "0 3 * * *", Start: "pshcron backup:create --yes --no-wait"},
		{Name: "sitemap", Spec: "0 */6 * * *", Start: "php sitemap.php"},
		{Name: "h", Spec: "H H * * *", Start: "true"},
	}
	require.NoError(t, em.SeedCronHistory("p", "main", crons, now.Add(-48*time.Hour), emulator.SeedOptions{FailLast: []string{"sitemap"}}))
	runs := map[string][]emulator.Activity{}
	for _, a := range em.Activities("p") {
		assert.Equal(t, "environment.cron", a.Type)
		assert.Equal(t, "complete", a.State, "a seed leaves nothing running")
		runs[a.Payload["cron"].(string)] = append(runs[a.Payload["cron"].(string)], a)
	}
	assert.Len(t, runs["backup"], 2)
	assert.Len(t, runs["h"], 2)
	require.Len(t, runs["sitemap"], 8)
	for i, a := range runs["sitemap"] {
		want := "success"
		if i == len(runs["sitemap"])-1 {
			want = "failure"
		}
		assert.Equal(t, want, a.Result, "run %d", i)
	}
	assert.ErrorContains(t, em.SeedCronHistory("p", "main", []emulator.Cron{{Name: "x", Spec: "0 3 1 * *"}}, now.Add(-time.Hour), emulator.SeedOptions{}),
		"only minute and hour")
}

// An activity AddActivity records as already run is older than one made
// just before it, and listed so.
func TestActivitiesStayInOrderOfCreation(t *testing.T) {
	t.Parallel()
	f := start(t)
	tok := f.token(t, emutest.AdminToken)
	f.call(t, tok, "POST", "/projects/proj1/environments/main/redeploy", "")
	f.advance(time.Second)
	f.em.AddActivity("proj1", "main", "environment.backup", "complete")
	acts := f.em.Activities("proj1")
	require.Len(t, acts, 2)
	assert.Equal(t, "environment.backup", acts[0].Type, "created 2s before the redeploy")
	_, _, list := f.call(t, tok, "GET", "/projects/proj1/environments/main/activities", "")
	require.Len(t, list, 2)
	assert.Equal(t, "environment.redeploy", list[0].(map[string]any)["type"], "newest first")
}

// A push cancelled while it waits behind a cron never ran: no start, and
// its log ends there.
func TestQueuedCancelledWhileWaiting(t *testing.T) {
	t.Parallel()
	f := start(t)
	now := f.em.Now()
	f.em.AddCronRun("proj1", "staging", emulator.CronRun{Name: "reindex", Started: now.Add(-time.Hour), Running: true})
	push := f.em.AddQueued("proj1", "staging", "environment.push", now.Add(-10*time.Minute))
	tok := f.token(t, emutest.AdminToken)
	st, _, _ := f.call(t, tok, "POST", "/projects/proj1/activities/"+push+"/cancel", "")
	require.Equal(t, 202, st)
	f.advance(time.Minute)
	_, p, _ := f.call(t, tok, "GET", "/projects/proj1/activities/"+push, "")
	assert.Equal(t, "cancelled", p["state"])
	assert.Nil(t, p["started_at"])
	msgs, sealed := f.streamLog(t, tok, href(t, p, "log"))
	assert.Equal(t, []string{"Waiting for other activities to complete.\n", "Cancelled.\n"}, msgs)
	assert.True(t, sealed)
}

// The platform reads a cron's spec in the app's timezone: a seed too.
func TestSeedReadsSpecsInTheTimezone(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	em := emulator.New(emulator.Options{Now: func() time.Time { return now }})
	em.AddProject("p", emulator.Environment{ID: "main", Type: "production", Timezone: "Asia/Kolkata"})
	crons := []emulator.Cron{{Name: "backup", Spec: "0 3 * * *", Start: "true"}}
	require.NoError(t, em.SeedCronHistory("p", "main", crons, now.Add(-24*time.Hour), emulator.SeedOptions{}))
	em.AddToken("tok", emulator.RoleAdmin)
	acts := em.Activities("p")
	require.Len(t, acts, 1)
	require.NoError(t, em.Start("127.0.0.1:0"))
	t.Cleanup(func() { _ = em.Close() })
	f := &fixture{em: &emutest.Env{Server: em}}
	_, a, _ := f.call(t, f.token(t, "tok"), "GET", "/projects/p/activities/"+acts[0].ID, "")
	started, err := time.Parse(time.RFC3339, a["started_at"].(string))
	require.NoError(t, err)
	local := started.In(time.FixedZone("IST", 5*3600+1800))
	assert.Equal(t, 3, local.Hour(), "03:00 in Kolkata, 21:30 UTC")
	assert.Less(t, local.Minute(), 3, "plus the cron's own short delay")

	em.Configure("p", "main", func(e *emulator.Environment) { e.Timezone = "Nowhere/Atlantis" })
	assert.ErrorContains(t, em.SeedCronHistory("p", "main", crons, now.Add(-time.Hour), emulator.SeedOptions{}), "timezone")
}

// Crons queue behind each other: a run fired while another cron runs waits,
// pending, carrying its name.
func TestQueuedCron(t *testing.T) {
	t.Parallel()
	f := start(t)
	now := f.em.Now()
	f.em.AddCronRun("proj1", "staging", emulator.CronRun{Name: "reindex", Started: now.Add(-2 * time.Hour), Running: true})
	id := f.em.AddQueuedCron("proj1", "staging", "reindex", now.Add(-time.Hour))
	tok := f.token(t, emutest.AdminToken)
	_, a, _ := f.call(t, tok, "GET", "/projects/proj1/activities/"+id, "")
	assert.Equal(t, "environment.cron", a["type"])
	assert.Equal(t, "pending", a["state"])
	assert.Equal(t, map[string]any{"cron": "reindex"}, a["parameters"])
	assert.Equal(t, "Platform.sh Bot ran cron reindex", a["text"])
	_, _, list := f.call(t, tok, "GET", "/projects/proj1/environments/staging/activities?type=environment.cron", "")
	require.Len(t, list, 2)
	assert.Equal(t, id, list[0].(map[string]any)["id"], "newest first by creation")
}
