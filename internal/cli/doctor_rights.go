package cli

import (
	"slices"
	"strings"

	"github.com/pshcron/pshcron/api"
)

// The platform offers an action as a link on the environment, and hides it
// while an activity is pending (is_dirty), while the status does not allow
// it, and from a user without the role. doctor tells these apart: a busy
// environment is a warning, an idle active one without its links is the
// user's role, a failure.

// environmentStatus is the environment's status, with the fix that fits
// it: resume is for a paused environment only.
func environmentStatus(env *api.Environment, t api.Target) finding {
	name := t.Project + "/" + t.Environment
	switch {
	case env.Status == api.StatusActive && env.IsDirty:
		return finding{Check: "environment", Verdict: "ok", Detail: name + " is active (" + env.Type + "), an activity pending or in progress"}
	case env.Status == api.StatusActive:
		return finding{Check: "environment", Verdict: "ok", Detail: name + " is active (" + env.Type + ")"}
	}
	fix := statusHint(env.Status)
	if env.Status == api.StatusPaused {
		fix = "actions run only on an active environment: pshcron environment:resume -e " + t.Environment
	}
	return finding{"environment", "warn", name + " is " + env.Status, fix}
}

// offered lists the actions an environment in its status offers to an
// admin: core ones, which every such environment offers (so their absence
// is the role's), and others, which the platform may not offer there. Both
// are nil when it offers none whatever the role (inactive, deleting).
func offered(env *api.Environment) (core, other []string) {
	switch env.Status {
	case api.StatusActive:
		other = []string{"source-operation", "synchronize", "pause"}
		if env.Parent == nil {
			other = slices.DeleteFunc(other, func(a string) bool { return a == "synchronize" }) // nothing to synchronize from
		}
		return []string{"backup", "redeploy"}, other
	case api.StatusPaused:
		return []string{"resume"}, nil
	}
	return nil, nil
}

// rights is what the user may do on the environment now, and, when links
// are missing, whether a running activity or the role hides them.
func rights(env *api.Environment) finding {
	core, other := offered(env)
	if core == nil {
		return finding{"permissions", "warn", "cannot tell the user's rights: an environment that is " + env.Status + " offers no action", ""}
	}
	if env.Links == nil {
		return finding{"permissions", "warn", "the platform's answer names no action links: cannot tell the user's rights", ""}
	}
	may, missing := split(env, core)
	mayOther, notOffered := split(env, other)
	may = append(may, mayOther...)
	switch {
	case len(missing) > 0 && env.IsDirty:
		// The platform hides the links from a busy environment whatever the
		// role: the role cannot be told apart until the activity ends.
		return finding{"permissions", "warn", "not allowed while an activity is pending or in progress: " + strings.Join(append(missing, notOffered...), ", ") +
			"; whether the user has the Admin role shows only once it ends",
			"run pshcron doctor again when the activity has ended (pshcron activity:list -i lists what is running)"}
	case len(missing) > 0:
		return finding{"permissions", "fail", "not allowed: " + strings.Join(append(missing, notOffered...), ", ") + ": the machine user needs the Admin role on this environment", adminHint}
	case len(notOffered) > 0:
		return finding{Check: "permissions", Verdict: "ok", Detail: "the user may " + verbs(may) + "; not offered here: " + strings.Join(notOffered, ", ")}
	}
	return finding{Check: "permissions", Verdict: "ok", Detail: "the user may " + verbs(may)}
}

// split sorts actions into those the environment offers now and the others.
func split(env *api.Environment, actions []string) (has, lacks []string) {
	for _, a := range actions {
		if env.Has(a) {
			has = append(has, a)
		} else {
			lacks = append(lacks, a)
		}
	}
	return has, lacks
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
