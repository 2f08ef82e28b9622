package cli

import (
	"slices"
	"strings"

	"github.com/pshcron/pshcron/tasks"
)

// The platform offers an action as a link on the environment, and hides it
// while an activity is pending (is_dirty), while the status does not allow
// it, and from a user without the role. doctor tells these apart: a busy
// environment is a warning, an idle active one without its links is the
// user's role, a failure.

// environmentStatus is the environment's status, with the fix that fits
// it: resume is for a paused environment only.
func environmentStatus(env *tasks.Environment, t tasks.Target) finding {
	name := t.Project + "/" + t.Environment
	switch {
	case env.Status == tasks.StatusActive && env.IsDirty:
		return finding{Check: "environment", Verdict: "ok", Detail: name + " is active (" + env.Type + "), an activity pending or in progress"}
	case env.Status == tasks.StatusActive:
		return finding{Check: "environment", Verdict: "ok", Detail: name + " is active (" + env.Type + ")"}
	}
	fix := statusHint(env.Status)
	if env.Status == tasks.StatusPaused {
		fix = "actions run only on an active environment: pshcron environment:resume -e " + t.Environment
	}
	return finding{"environment", "warn", name + " is " + env.Status, fix}
}

// offered lists the actions an environment in its status offers to an
// admin; nil when it offers none whatever the role (inactive, deleting).
func offered(env *tasks.Environment) []string {
	switch env.Status {
	case tasks.StatusActive:
		actions := []string{"backup", "redeploy", "source-operation", "synchronize", "pause"}
		if env.Parent == nil {
			actions = slices.DeleteFunc(actions, func(a string) bool { return a == "synchronize" }) // nothing to synchronize from
		}
		return actions
	case tasks.StatusPaused:
		return []string{"resume"}
	}
	return nil
}

// rights is what the user may do on the environment now, and, when links
// are missing, whether a running activity or the role hides them.
func rights(env *tasks.Environment) finding {
	actions := offered(env)
	if actions == nil {
		return finding{"permissions", "warn", "cannot tell the user's rights: an environment that is " + env.Status + " offers no action", ""}
	}
	var missing []string
	for _, a := range actions {
		if !env.Has(a) {
			missing = append(missing, a)
		}
	}
	switch {
	case env.Links == nil:
		return finding{"permissions", "warn", "the platform's answer names no action links: cannot tell the user's rights", ""}
	case len(missing) == 0:
		return finding{Check: "permissions", Verdict: "ok", Detail: "the user may " + verbs(actions)}
	case env.IsDirty:
		return finding{"permissions", "warn", "not allowed while an activity is pending or in progress: " + strings.Join(missing, ", "),
			"wait for the activity to end (pshcron activity:list): the actions come back then"}
	}
	return finding{"permissions", "fail", "not allowed: " + strings.Join(missing, ", ") + ": the machine user needs the Admin role on this environment", adminHint}
}

// verbs writes actions as what the user may do: "back up, redeploy and pause".
func verbs(actions []string) string {
	said := map[string]string{"backup": "back up", "source-operation": "run source operations"}
	var out []string
	for _, a := range actions {
		if v, ok := said[a]; ok {
			a = v
		}
		out = append(out, a)
	}
	if len(out) < 2 {
		return strings.Join(out, "")
	}
	return strings.Join(out[:len(out)-1], ", ") + " and " + out[len(out)-1]
}
