package cli

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pshcron/pshcron/api"
)

// doctor blames the role only when a link every active environment offers
// an admin is missing on an idle one; a busy environment is a warning, an
// action the platform does not offer there is no one's fault.
func TestRights(t *testing.T) {
	t.Parallel()
	parent := "main"
	links := func(names ...string) map[string]json.RawMessage {
		m := map[string]json.RawMessage{"self": nil}
		for _, n := range names {
			m["#"+n] = nil
		}
		return m
	}
	tests := []struct {
		name    string
		env     api.Environment
		verdict string
		detail  string
	}{
		{"an admin", api.Environment{Status: "active", Parent: &parent, Links: links("backup", "redeploy", "source-operation", "synchronize", "pause")},
			"ok", "the user may back up, redeploy, run source operations, synchronize and pause"},
		{"pause not offered", api.Environment{Status: "active", Links: links("backup", "redeploy", "source-operation")},
			"ok", "the user may back up, redeploy and run source operations; not offered here: pause"},
		{"busy", api.Environment{Status: "active", IsDirty: true, Links: links()},
			"warn", "not allowed while an activity is pending or in progress: backup, redeploy, source-operation, pause; whether the user has the Admin role shows only once it ends"},
		{"the role", api.Environment{Status: "active", Links: links()},
			"fail", "not allowed: backup, redeploy, source-operation, pause: the machine user needs the Admin role on this environment"},
		{"paused, an admin", api.Environment{Status: "paused", Links: links("resume")}, "ok", "the user may resume"},
		{"paused, the role", api.Environment{Status: "paused", Links: links()}, "fail", "not allowed: resume: the machine user needs the Admin role on this environment"},
		{"inactive", api.Environment{Status: "inactive", Links: links()}, "warn", "cannot tell the user's rights: an environment that is inactive offers no action"},
		{"no links at all", api.Environment{Status: "active"}, "warn", "the platform's answer names no action links: cannot tell the user's rights"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := rights(&tt.env)
			assert.Equal(t, tt.verdict, f.Verdict)
			assert.Equal(t, tt.detail, f.Detail)
		})
	}
}
