package tasks

import (
	"github.com/pshcron/pshcron/api"

	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// What reading the environment first decides, action by action: a skip,
// a refusal with what stands in the way, or the POST.
func TestCheckState(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	links := func(names ...string) map[string]json.RawMessage {
		m := map[string]json.RawMessage{"self": nil}
		for _, n := range names {
			m["#"+n] = nil
		}
		return m
	}
	tests := []struct {
		name    string
		action  Action
		env     api.Environment
		skip    string
		why     string // the UnavailableError's, "" for none
		errText string
	}{
		{"pause an active one", Pause{}, api.Environment{ID: "d", Status: "active", Links: links("pause")}, "", "", ""},
		{"pause a paused one", Pause{}, api.Environment{ID: "d", Status: "paused"}, "environment d is already paused", "", ""},
		{"pause an inactive one", Pause{}, api.Environment{ID: "d", Status: "inactive"}, "", WhyStatus, "environment d is not active (it is inactive): it cannot be paused"},
		{"pause a busy one", Pause{}, api.Environment{ID: "d", Status: "active", IsDirty: true, Links: links()}, "", WhyBusy, "an activity is pending"},
		{"pause without the role", Pause{}, api.Environment{ID: "d", Status: "active", Links: links()}, "", WhyRole, "not available to this user"},
		{"pause not offered (production, say)", Pause{}, api.Environment{ID: "d", Status: "active", Links: links("backup")}, "", WhyNotOffered, "does not offer the pause operation"},
		{"deploy on a paused one", Deploy{}, api.Environment{ID: "d", Status: "paused", HasStagedActivities: &yes}, "", WhyStatus, "it cannot be deployed"},
		{"no links at all: the POST decides", Pause{}, api.Environment{ID: "d", Status: "active"}, "", "", ""},
		{"resume an active one", Resume{}, api.Environment{ID: "d", Status: "active"}, "environment d is already active", "", ""},
		{"resume a deleting one", Resume{}, api.Environment{ID: "d", Status: "deleting"}, "", WhyStatus, "only a paused environment can be resumed"},
		{"deploy nothing staged", Deploy{}, api.Environment{ID: "d", Status: "active", HasStagedActivities: &no}, "environment d has no staged changes to deploy", "", ""},
		{"deploy, staged unknown: the POST decides", Deploy{}, api.Environment{ID: "d", Status: "active"}, "", "", ""},
		{"rolling where it cannot", Deploy{Strategy: "rolling"}, api.Environment{ID: "d", Status: "active", HasStagedActivities: &yes, CanRollingDeploy: &no}, "", WhyStrategy, "rolling"},
		{"rolling where it can", Deploy{Strategy: "rolling"}, api.Environment{ID: "d", Status: "active", HasStagedActivities: &yes, CanRollingDeploy: &yes, Links: links("deploy")}, "", "", ""},
		{"a backup reads nothing", Backup{}, api.Environment{ID: "d", Status: "inactive"}, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			skip, err := CheckState(tt.action, &tt.env)
			assert.Equal(t, tt.skip, skip)
			if tt.why == "" {
				assert.NoError(t, err)
				return
			}
			var u *UnavailableError
			require.ErrorAs(t, err, &u)
			assert.Equal(t, tt.why, u.Why)
			assert.Contains(t, u.Error(), tt.errText)
		})
	}
}
