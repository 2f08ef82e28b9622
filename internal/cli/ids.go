package cli

import (
	"errors"
	"slices"
	"strings"

	"github.com/pshcron/pshcron/api"
)

// Ids the user gives become path segments of API requests. checkID refuses
// the bad ones early, with a friendly message; the client refuses them
// again where every path is built (api.IDError), which also catches ids
// taken from the platform's answers.

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
func idOrigin(given []string, getenv func(string) string, err error) error {
	var idErr *api.IDError
	if !errors.As(err, &idErr) {
		return err
	}
	given = append(given, getenv("PLATFORM_PROJECT"), getenv("PLATFORM_BRANCH"))
	// An empty id the user gave was refused early (checkID): "" here came
	// from an answer, however many flags were left empty.
	if idErr.Value != "" && slices.Contains(given, idErr.Value) {
		return usageErr(err.Error(), "use the id the platform gives (PLATFORM_PROJECT, PLATFORM_BRANCH); nothing was sent")
	}
	return err
}
