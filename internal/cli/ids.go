package cli

import (
	"errors"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/pshcron/pshcron/api"
)

// Ids the user gives become path segments of API requests. checkID refuses
// the bad ones early, with a friendly message; the client refuses them
// again where every path is built (api.IDError), which also catches ids
// taken from the platform's answers.

// checkFlagIDs checks every -p, -e, --target and --branch-from given,
// before any is used: an empty one (-e "$UNSET") must not fall back to the
// container's own environment.
func checkFlagIDs(c *cli.Context) error {
	for _, f := range []struct{ flag, what string }{{"project", "project"}, {"environment", "environment"}} {
		for _, v := range c.StringSlice(f.flag) {
			if err := checkID(f.what, strings.TrimSpace(v)); err != nil {
				return err
			}
		}
	}
	for _, name := range []string{"target", "branch-from"} {
		if !c.IsSet(name) {
			continue
		}
		if err := checkID("environment", c.String(name)); err != nil {
			return usageErr("--"+name+": "+err.Error(), "name an environment by its id, as in PLATFORM_BRANCH")
		}
	}
	return nil
}

// checkArgIDs checks the arguments of a command that takes an ID or a
// NAME: each becomes a path segment.
func checkArgIDs(args string, s *Settings) error {
	what := map[string]string{"ID": "id", "NAME": "variable name", "[NAME]": "variable name"}[args]
	if what == "" {
		return nil
	}
	if what == "id" {
		// backup:get ID is a backup's, activity:log ID an activity's.
		what, _, _ = strings.Cut(s.Command, ":")
	}
	for _, a := range s.Args {
		if err := checkID(what, a); err != nil {
			return err
		}
	}
	return nil
}

// idOrigin says where an id the client refused came from: one the user
// gave is a usage error; any other came from an answer of the API, and
// stays a api.IDError (a bad answer).
func idOrigin(s *Settings, getenv func(string) string, err error) error {
	var idErr *api.IDError
	if !errors.As(err, &idErr) {
		return err
	}
	given := append(append(append([]string{s.Project, s.Environment, s.Name}, s.Args...), s.Projects...), s.Environments...)
	given = append(given, getenv("PLATFORM_PROJECT"), getenv("PLATFORM_BRANCH"))
	// An empty id the user gave was refused early (checkID): "" here came
	// from an answer, however many flags were left empty.
	if idErr.Value != "" && slices.Contains(given, idErr.Value) {
		return usageErr(err.Error(), "use the id the platform gives (PLATFORM_PROJECT, PLATFORM_BRANCH); nothing was sent")
	}
	return err
}
