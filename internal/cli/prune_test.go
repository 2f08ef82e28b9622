package cli

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/internal/retention"
)

// actions maps each backup of a plan to its action.
func actions(rows []pruneRow) map[string]string {
	out := map[string]string{}
	for _, r := range rows {
		out[r.ID] = r.Action
	}
	return out
}

// The backup backup:create just made is still pending when the prune runs:
// it is kept, and the policy still keeps N complete, restorable backups
// besides it, whether the answer named it or not.
func TestPruneCountsCompleteBackupsOnly(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	backups := []api.Backup{
		{ID: "new", CreatedAt: "2026-11-27T03:00:00Z", Status: "CREATED", Restorable: true},
		{ID: "b1", CreatedAt: "2026-11-26T03:00:00Z", Status: "CREATED", Restorable: true},
		{ID: "broken", CreatedAt: "2026-11-25T15:00:00Z", Status: "CREATED"},
		{ID: "b2", CreatedAt: "2026-11-25T03:00:00Z", Status: "CREATED", Restorable: true},
		{ID: "b3", CreatedAt: "2026-11-24T03:00:00Z", Status: "CREATED", Restorable: true},
	}
	target := api.Target{Project: "p", Environment: "main"}
	policy := retention.Policy{Last: 2}
	want := map[string]string{"new": "keep", "b1": "keep", "broken": "keep", "b2": "keep", "b3": "delete"}
	for name, created := range map[string]*createdBackup{
		"named":   {ID: "new"},
		"unnamed": {Since: now},
	} {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, want, actions(planPrune(backups, policy, target, created, now)))
		})
	}
	t.Run("done", func(t *testing.T) {
		got := actions(planPrune(backups, policy, target, &createdBackup{ID: "new", Done: true}, now))
		assert.Equal(t, map[string]string{"new": "keep", "b1": "keep", "broken": "keep", "b2": "delete", "b3": "delete"}, got)
	})
	t.Run("not listed yet", func(t *testing.T) {
		got := actions(planPrune(backups[1:], policy, target, &createdBackup{ID: "new"}, now))
		assert.Equal(t, want, got)
	})
}
