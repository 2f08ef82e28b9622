package tasks

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/emutest"
)

const routeActivities = emulator.RouteActivities

// Exactly once must not depend on this machine's clock agreeing with the
// platform's: a CI runner minutes ahead or behind still makes one backup
// when the answer is lost.
func TestLostAnswerUnderClockSkew(t *testing.T) {
	t.Parallel()
	for _, skew := range []time.Duration{-10 * time.Minute, -61 * time.Second, 61 * time.Second, 5 * time.Minute, 48 * time.Hour} {
		t.Run(skew.String(), func(t *testing.T) {
			em := emutest.Start(t, emulator.Options{})
			var logs bytes.Buffer
			cfg := config(t, em, emutest.AdminToken, &logs)
			cfg.Now = func() time.Time { return em.Now().Add(skew) }
			em.InjectFault(emulator.Fault{Route: routeBackup, Kind: emulator.FaultDropAfter, Times: 1})
			res, err := run(t, context.Background(), cfg, job("main", Backup{}))
			require.NoError(t, err, logs.String())
			assert.Len(t, em.Backups(emutest.Project, "main"), 1, "one backup, not two")
			acts := em.Activities(emutest.Project)
			require.Len(t, acts, 1)
			assert.Equal(t, acts[0].ID, res.Activity.ID)
		})
	}
}

// An activity of the same type that started before the POST (a person, a
// cron in another app) is never taken for this run's.
func TestEarlierActivityIsNotThisRuns(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{})
	var logs bytes.Buffer
	cfg := config(t, em, emutest.AdminToken, &logs)
	cfg.Retries = 1
	earlier, err := run(t, context.Background(), cfg, job("main", Backup{}))
	require.NoError(t, err)
	em.Advance(30 * time.Second)

	em.InjectFault(emulator.Fault{Route: routeBackup, Kind: emulator.FaultStatus, Status: 502, Times: 1})
	res, err := run(t, context.Background(), cfg, job("main", Backup{}))
	require.NoError(t, err, logs.String())
	assert.NotEqual(t, earlier.Activity.ID, res.Activity.ID, "the 30 s old backup is not this run's")
	assert.Len(t, em.Backups(emutest.Project, "main"), 2, "the backup was sent again and made")
	assert.Contains(t, logs.String(), "is not on the platform: sending it again")
}

// A 5xx or an unreadable 2xx can come after the platform acted (a proxy's
// first-byte timeout): the activities are checked before sending again.
func TestUnknownOutcomesAreCheckedBeforeResending(t *testing.T) {
	t.Parallel()
	for name, f := range map[string]emulator.Fault{
		"503 after acting":       {Kind: emulator.FaultBody, Status: 503, Body: `{"message":"first byte timeout"}`},
		"500 after acting":       {Kind: emulator.FaultBody, Status: 500, Body: `{}`},
		"empty 202 after acting": {Kind: emulator.FaultBody, Body: ""},
		"not JSON after acting":  {Kind: emulator.FaultBody, Body: "<html>"},
	} {
		t.Run(name, func(t *testing.T) {
			em := emutest.Start(t, emulator.Options{})
			em.RequestsMayBreakSpec.Store(true)
			var logs bytes.Buffer
			f.Route, f.Times = routeBackup, 1
			em.InjectFault(f)
			res, err := run(t, context.Background(), config(t, em, emutest.AdminToken, &logs), job("main", Backup{}))
			require.NoError(t, err, logs.String())
			assert.Len(t, em.Backups(emutest.Project, "main"), 1)
			assert.Equal(t, 1, em.Count(routeBackup), "not sent again")
			assert.Equal(t, 1, em.Count(routeActivities))
			assert.Equal(t, em.Activities(emutest.Project)[0].ID, res.Activity.ID)
		})
	}
}

// Every cron run makes an activity: the check asks the platform for the
// action's type, or a busy page of crons hides the earlier backup.
func TestActivityChecksFilterOnThePlatform(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{})
	var logs bytes.Buffer
	cfg := config(t, em, emutest.AdminToken, &logs)
	_, err := run(t, context.Background(), cfg, job("main", Backup{}))
	require.NoError(t, err)
	em.Advance(time.Minute)
	em.AddActivities(emutest.Project, "main", "environment.cron", 150)
	em.Advance(time.Minute)

	j := job("main", Backup{})
	j.Decide = []Decision{SkipIfRecent(time.Hour)}
	res, err := run(t, context.Background(), cfg, j)
	require.NoError(t, err)
	assert.True(t, res.Skipped, "the backup two minutes ago is found behind 150 crons")
	assert.Len(t, em.Backups(emutest.Project, "main"), 1)

	var query url.Values
	for _, x := range em.Exchanges() {
		if strings.HasSuffix(x.Path, "/activities") {
			query, _ = url.ParseQuery(x.Query)
		}
	}
	assert.Equal(t, []string{"environment.backup"}, query["type"])
	assert.NotEmpty(t, query.Get("count"))
}

// A valid accepted answer that names no activity is accepted: nothing to
// follow, no error.
func TestAcceptedWithoutActivity(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{})
	var logs bytes.Buffer
	em.InjectFault(emulator.Fault{Route: routeBackup, Kind: emulator.FaultBody, Body: `{"status":"accepted","code":202}`, Times: 1})
	j := job("main", Backup{})
	j.Wait = true
	res, err := run(t, context.Background(), config(t, em, emutest.AdminToken, &logs), j)
	require.NoError(t, err)
	assert.Nil(t, res.Activity)
	assert.Contains(t, logs.String(), "accepted, but the platform named no activity")
	assert.Equal(t, 1, em.Count(routeBackup))
}
