package cli

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/tasks"
	"github.com/pshcron/pshcron/tokenauth"
)

// Every hint that names a flag, a command or a variable the user sets lives
// here, so the lower packages report what happened and the command layer
// says what to do about it, in the words of the command line.

// timeoutHint is what to do about a command that ran out of --timeout.
const timeoutHint = "raise --timeout (or PSHCRON_TIMEOUT); the action may have reached the platform: see its activities"

// explained is the hint for a failure that a lower package, or this one,
// explained with what it read after it (a refusal, a misplaced token), and
// the failure it explains.
func explained(err error) (hint string, inner error, ok bool) {
	var (
		op     *tasks.UnknownOperationError
		state  *tasks.StateError
		misset *misplacedTokenError
	)
	var refused *api.APIError
	switch {
	case errors.As(err, &op) && errors.As(op.Err, &refused) && refusalHint(refused.Message) != "":
		// The platform's own reason (the environment is not active, say)
		// comes first; the unknown name is worth a word after it.
		return refusalHint(refused.Message) + fmt.Sprintf("; note that the environment defines no source operation %q", op.Operation), op.Err, true
	case errors.As(err, &op) && len(op.Defined) == 0:
		return "the environment defines no source operations: add one under source.operations in the app's configuration", op.Err, true
	case errors.As(err, &op):
		return fmt.Sprintf("the environment defines no source operation %q; it defines: %s", op.Operation, strings.Join(op.Defined, ", ")), op.Err, true
	case errors.As(err, &state):
		return stateHint(state), state.Err, true
	case errors.As(err, &misset):
		return "the variable " + misset.name + " exists without the env: prefix, so it is inside PLATFORM_VARIABLES; " +
			"recreate it as env:" + misset.name + " to make it an environment variable", misset.err, true
	}
	return "", nil, false
}

// stateHint is what to do about an action refused in the environment's
// state, as read after the refusal.
func stateHint(e *tasks.StateError) string {
	switch {
	case e.NoParent:
		return "environment " + e.Environment + " has no parent, so there is nothing to synchronize from (production never has one)"
	case e.Busy:
		return "an activity is running on " + e.Environment + "; " + e.Action + " once it ends"
	case e.Action == "synchronize":
		return "environment " + e.Environment + " is " + e.Status + ", not " + e.Need
	}
	return "environment " + e.Environment + " is " + e.Status + ": only an environment that is " + e.Need + " can " + e.Action
}

// tokenHint names the variable or file the token was read from, and both
// variables when none was set.
func tokenHint(e *tokenauth.Error) string {
	switch {
	case e.Kind == tokenauth.KindRejected && e.From != "":
		return "check " + asVariable(e.From) + ": the token may be revoked, mistyped or for another account"
	case e.Kind == tokenauth.KindRejected:
		return "check the API token: it may be revoked, mistyped or for another account"
	case e.Kind != tokenauth.KindNoToken:
		return e.Hint()
	case e.Hint() != "":
		return e.Hint()
	case e.From == "":
		return "create an API token for a machine user and set it as the project variable env:PLATFORMSH_CLI_TOKEN " +
			"(env:UPSUN_CLI_TOKEN works too), or name a file with --token-file"
	case isTokenVar(e.From):
		return "set " + asVariable(e.From) + " to the API token of a machine user"
	}
	return "check the file given with --token-file (or PSHCRON_TOKEN_FILE)"
}

// asVariable writes a token variable as the platform's project variable.
func asVariable(from string) string {
	if isTokenVar(from) {
		return "env:" + from
	}
	return from
}

func isTokenVar(name string) bool {
	return slices.Contains(tokenauth.TokenVars(), name)
}

func apiHint(e *api.APIError) string {
	switch {
	case e.Status == http.StatusUnauthorized:
		return "the access token was refused twice; check that the API token belongs to a user of this project"
	case e.Status == http.StatusForbidden:
		return adminHint
	case e.Status == http.StatusNotFound && strings.Contains(e.Path, "/backups/"):
		return "list the backups with: pshcron backup:list"
	case e.Status == http.StatusNotFound && strings.Contains(e.Path, "/activities/"):
		return "list the activities with: pshcron activity:list (--all for the whole project)"
	case e.Status == http.StatusNotFound && strings.Contains(e.Path, "/variables/"):
		return "list the variables of both levels with: pshcron variable:list"
	case e.Status == http.StatusNotFound:
		return "check the project id (-p) and environment id (-e); the environment id is PLATFORM_BRANCH, not PLATFORM_ENVIRONMENT"
	case e.Status == http.StatusBadRequest:
		return refusalHint(e.Message)
	case e.Status == http.StatusConflict && e.Method == http.MethodPost && strings.HasSuffix(e.Path, "/variables"):
		return "the variable exists already: change it with pshcron variable:update, or add --update to create it or change it"
	case e.Status == http.StatusConflict:
		return "the platform reports a conflict with a change under way: see pshcron activity:list, then try again"
	}
	return ""
}

// unavailableHint is what to do about an action the environment cannot take
// now, as reading it first found.
func unavailableHint(e *tasks.UnavailableError) string {
	switch e.Why {
	case tasks.WhyBusy:
		return "wait for the activity to end (pshcron activity:list), then run this again"
	case tasks.WhyRole:
		return adminHint
	case tasks.WhyStrategy:
		return "leave out --strategy, or use --strategy stopstart"
	case tasks.WhyNotOffered:
		return "the platform does not offer this action on this environment: see its actions in the console"
	}
	return statusHint(e.Status)
}

// adminHint is the fix for a user who may not act.
const adminHint = "actions need the Admin role on the environment: give the machine user Admin access"

// statusHint is the fix for an environment in status: resume is for a
// paused one only.
func statusHint(status string) string {
	switch status {
	case api.StatusPaused:
		return "resume it first: pshcron environment:resume -e ENVIRONMENT"
	case api.StatusActive:
		return "nothing to do: the environment is active"
	case "inactive":
		return "an inactive environment must be activated first (in the console, or the official CLI's environment:activate); environment:resume is for paused ones"
	case "deleting":
		return "the environment is being deleted: nothing can run on it; point the cron at another environment"
	}
	return "wait until the environment is active: pshcron environment:list shows its status"
}

// refusalHint is what to do about a refusal, from the platform's reason
// (detail.error): "" when the reason, already shown, says it all.
func refusalHint(reason string) string {
	r := strings.ToLower(reason)
	switch {
	case strings.Contains(r, "cannot be cancelled"):
		return "the activity has already ended: there is nothing to cancel"
	case strings.Contains(r, "parent") && strings.Contains(r, "not active"):
		return "the parent environment must be active: activate or resume it, then synchronize"
	case strings.Contains(r, "integration"):
		return "the project's integration manages this environment's code: synchronize data only, or push through the integration"
	case strings.Contains(r, "pending or in progress"), strings.Contains(r, "activity is running"):
		return "an activity holds the environment: wait for it to end (pshcron activity:list), then run this again"
	case strings.Contains(r, "is paused"):
		return "the environment is paused: pshcron environment:resume brings it back"
	case strings.Contains(r, "not active"), strings.Contains(r, "inactive"):
		return "only an active environment takes actions: check its status with pshcron environment:list"
	}
	return ""
}

// explainMissingToken spots the commonest setup mistake: the token created
// as a project variable without the env: prefix, so that it sits inside
// PLATFORM_VARIABLES instead of being an environment variable.
func explainMissingToken(vars map[string]any, err error) error {
	var authErr *tokenauth.Error
	if !errors.As(err, &authErr) || authErr.Kind != tokenauth.KindNoToken || authErr.From != "" {
		return err
	}
	var found []string
	for _, name := range tokenauth.TokenVars() {
		if _, ok := vars[name]; ok {
			found = append(found, name)
		}
	}
	if len(found) == 0 {
		return err
	}
	return &misplacedTokenError{name: found[0], err: err}
}

// misplacedTokenError is a missing token whose variable exists without the
// env: prefix (explainMissingToken).
type misplacedTokenError struct {
	name string
	err  error
}

func (e *misplacedTokenError) Error() string { return e.err.Error() }
func (e *misplacedTokenError) Unwrap() error { return e.err }

// isStatus reports whether err is the API answering status.
func isStatus(err error, status int) bool {
	var apiErr *api.APIError
	return errors.As(err, &apiErr) && apiErr.Status == status
}
