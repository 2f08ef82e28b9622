package cli

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/tasks"
	"github.com/pshcron/pshcron/tokenauth"
)

// classify is the one classifier: the lower packages return facts, and a
// fact that explains a refusal words the hint while the refusal keeps its
// exit code.
func TestClassify(t *testing.T) {
	t.Parallel()
	refused := &api.APIError{Method: "POST", Path: "/x", Status: 400, Message: "no"}
	forbidden := &api.APIError{Method: "DELETE", Path: "/x", Status: 403}
	tests := []struct {
		name string
		err  error
		code int
		hint string
	}{
		{"nothing", nil, exitOK, ""},
		{"no parent", &tasks.StateError{Action: "synchronize", Environment: "main", NoParent: true, Err: refused}, exitFailed,
			"environment main has no parent, so there is nothing to synchronize from (production never has one)"},
		{"busy", &tasks.StateError{Action: "synchronize", Environment: "dev", Busy: true, Err: refused}, exitFailed,
			"an activity is running on dev; synchronize once it ends"},
		{"sync not active", &tasks.StateError{Action: "synchronize", Environment: "dev", Status: "paused", Need: "active", Err: refused}, exitFailed,
			"environment dev is paused, not active"},
		{"pause not active", &tasks.StateError{Action: "pause", Environment: "dev", Status: "inactive", Need: "active", Err: refused}, exitFailed,
			"environment dev is inactive: only an environment that is active can pause"},
		{"no operations", &tasks.UnknownOperationError{Operation: "x", Err: refused}, exitFailed,
			"the environment defines no source operations: add one under source.operations in the app's configuration"},
		{"other operations", fmt.Errorf("run: %w", &tasks.UnknownOperationError{Operation: "x", Defined: []string{"a", "b"}, Err: refused}), exitFailed,
			`the environment defines no source operation "x"; it defines: a, b`},
		{"a prune keeps the code of its first failure", &pruneError{deleted: 1, failed: []string{"b2"}, first: forbidden}, exitPermission,
			"run it again: a second run finishes the job"},
		{"a timeout keeps a refusal's code", &timeoutError{after: time.Minute, err: refused}, exitFailed, timeoutHint},
		{"a timeout waiting", &timeoutError{after: time.Minute, err: &api.NetError{Method: "GET", Path: "/x", Err: context.DeadlineExceeded}}, exitAPI, timeoutHint},
		{"role", &tasks.UnavailableError{Why: tasks.WhyRole}, exitPermission, adminHint},
		{"a misplaced token", &misplacedTokenError{name: "PLATFORMSH_CLI_TOKEN", err: &tokenauth.Error{Kind: tokenauth.KindNoToken}}, exitAuth,
			"the variable PLATFORMSH_CLI_TOKEN exists without the env: prefix, so it is inside PLATFORM_VARIABLES; recreate it as env:PLATFORMSH_CLI_TOKEN to make it an environment variable"},
		{"a hint of the command layer", &hintedError{err: refused, hint: "look"}, exitFailed, "look"},
		{"a bad answer", &api.BadAnswerError{Method: "GET", Path: "/x", Problem: "is empty"}, exitAPI, ""},
		{"anything else", errors.New("x"), exitFailed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, hint := classify(tt.err)
			assert.Equal(t, tt.code, code)
			assert.Equal(t, tt.hint, hint)
		})
	}
}
