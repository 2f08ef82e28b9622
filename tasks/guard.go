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
	// Default is set when no guard was given and production is the
	// default: a skip by it may surprise, so it is a warning.
	Default bool
}

// NewGuard applies the default: with neither branches nor types given, a
// task on the container's own environment runs only in production, while
// another environment named with -e carries no default guard, since naming
// it is the intent. any turns the guard off. Patterns and types are the
// caller's to check (path.Match syntax; EnvTypes).
func NewGuard(branches, types []string, any, named bool) Guard {
	switch {
	case any:
		return Guard{}
	case len(branches) == 0 && len(types) == 0 && !named:
		return Guard{Types: []string{"production"}, Default: true}
	}
	return Guard{Branches: branches, Types: types}
}

// NeedsType reports whether the environment's type must be known to decide.
func (g Guard) NeedsType() bool { return len(g.Types) > 0 }

// Check says whether env (an id) of type envType passes, and if not why.
func (g Guard) Check(env, envType string) (ok bool, why string) {
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
