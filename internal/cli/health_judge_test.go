package cli

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/tasks"
)

// What waits is a warning after 5 minutes and a failure after 30; work
// other than a cron running for over an hour is a warning; a cron running
// is the crons' concern, not this one's.
func TestActivitiesCell(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	act := func(typ, state string, ago time.Duration) api.Activity {
		at := now.Add(-ago).Format(time.RFC3339)
		return api.Activity{ID: "a1", Type: typ, State: state, CreatedAt: at, StartedAt: at}
	}
	for _, c := range []struct {
		acts []api.Activity
		want string
	}{
		{nil, verdictOK},
		{[]api.Activity{act("environment.push", "pending", 4*time.Minute)}, verdictOK},
		{[]api.Activity{act("environment.push", "pending", 6*time.Minute)}, verdictWarn},
		{[]api.Activity{act("environment.push", "pending", 31*time.Minute)}, verdictFail},
		{[]api.Activity{act("environment.redeploy", "in_progress", 2*time.Hour)}, verdictWarn},
		{[]api.Activity{act("environment.cron", "in_progress", 5*time.Hour)}, verdictOK},
		{[]api.Activity{act("environment.cron", "in_progress", 5*time.Hour), act("environment.push", "pending", 40*time.Minute)}, verdictFail},
	} {
		got := activitiesCell(&tasks.Facts{Now: now, Unfinished: c.acts})
		assert.Equal(t, c.want, got.Verdict, "%+v: %+v", c.acts, got)
	}
}

// Backups are production's safeguard: none elsewhere is not a fault, an
// old one a warning.
func TestBackupsCell(t *testing.T) {
	t.Parallel()
	none := backupVerdict{Verdict: "none", Detail: "the environment has no backup"}
	old := backupVerdict{Verdict: "too-old", AgeSeconds: 30 * 3600}
	assert.Equal(t, verdictFail, backupsCell(none, true).Verdict)
	assert.Equal(t, "", backupsCell(none, false).Verdict)
	assert.Equal(t, verdictFail, backupsCell(old, true).Verdict)
	assert.Equal(t, verdictWarn, backupsCell(old, false).Verdict)
	assert.Equal(t, "30h old", backupsCell(old, false).Summary)
}

// A paused or inactive environment, or a failed last deployment.
func TestStatusCell(t *testing.T) {
	t.Parallel()
	failed := false
	env := func(status string, ok *bool) *api.Environment {
		return &api.Environment{Status: status, DeploymentState: &api.DeploymentState{LastDeploymentSuccessful: ok}}
	}
	assert.Equal(t, verdictOK, statusCell(env("active", nil), true).Verdict)
	assert.Equal(t, verdictFail, statusCell(env("paused", nil), true).Verdict)
	assert.Equal(t, verdictWarn, statusCell(env("inactive", nil), false).Verdict)
	assert.Equal(t, "last deploy failed", statusCell(env("active", &failed), false).Summary)
}
