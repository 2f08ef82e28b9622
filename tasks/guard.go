package tasks

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// EnvTypes returns the environment types a guard may name.
func EnvTypes() []string { return []string{"production", "staging", "development"} }

// Guard decides whether a task runs on an environment. It is checked before
// any request: a cron line runs in every environment's container.
type Guard struct {
	Branches []string // globs on the environment id; any match passes
	Types    []string // environment types; any match passes
	// Default is set when no guard was given and the action's default
	// applies: a skip by it may surprise, so it is a warning.
	Default bool
	// explicit is a default that passes nothing: the action runs only
	// where a guard names it.
	explicit bool
}

// NewGuard applies the action's default guard (DefaultTypes): with neither
// branches nor types given, a task on the container's own environment runs
// only on those types, while another environment named with -e carries no
// default guard, since naming it is the intent. any turns the guard off.
// Patterns and types are the caller's to check (path.Match syntax;
// EnvTypes).
func NewGuard(branches, types []string, any, named bool, defaults []string) Guard {
	switch {
	case any:
		return Guard{}
	case len(branches) == 0 && len(types) == 0 && !named:
		return Guard{Types: defaults, Default: true, explicit: len(defaults) == 0}
	}
	return Guard{Branches: branches, Types: types}
}

// DefaultTypes is where an action runs when no guard is given: production
// for most; development and staging for pause and resume (production is
// paused only when named); nowhere for a synchronization, which replaces
// the environment's code or data.
func DefaultTypes(a Action) []string {
	if d, ok := a.(interface{ defaultTypes() []string }); ok {
		return d.defaultTypes()
	}
	return []string{"production"}
}

// NeedsType reports whether the environment's type must be known to decide.
func (g Guard) NeedsType() bool { return len(g.Types) > 0 && !g.explicit }

// Check says whether env (an id) of type envType passes, and if not why.
func (g Guard) Check(env, envType string) (ok bool, why string) {
	if g.explicit {
		return false, "no guard says where it runs"
	}
	if len(g.Branches) > 0 {
		matched := false // a bad pattern matches nothing
		for _, b := range g.Branches {
			if m, _ := path.Match(b, env); m {
				matched = true
				break
			}
		}
		if !matched {
			return false, fmt.Sprintf("environment %s does not match --branch %s", env, strings.Join(g.Branches, ","))
		}
	}
	if len(g.Types) > 0 && !slices.Contains(g.Types, envType) {
		if envType == "" {
			envType = "unknown"
		}
		return false, fmt.Sprintf("environment type %s is not %s", envType, strings.Join(g.Types, " or "))
	}
	return true, ""
}
