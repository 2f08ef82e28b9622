package tasks

import (
	"github.com/pshcron/pshcron/api"

	"context"
	"errors"
	"slices"
	"sort"
)

// Action is one thing a task fires: a single POST that starts an activity.
type Action interface {
	// Name is what logs and results call the action.
	Name() string
	// ActivityType is the type of the activity it starts.
	ActivityType() string
	// request returns the path below the environment and the JSON body.
	request() (segments []string, body any)
	// matches reports whether an activity of the right type can be this
	// action's, from what its payload tells.
	matches(*api.Activity) bool
}

// Backup creates a backup; Live skips the brief pause that makes it safe.
type Backup struct{ Live bool }

// Name implements Action.
func (Backup) Name() string { return "backup" }

// ActivityType implements Action.
func (Backup) ActivityType() string { return "environment.backup" }

func (b Backup) request() ([]string, any) {
	return []string{"backup"}, map[string]bool{"safe": !b.Live}
}

func (Backup) matches(*api.Activity) bool { return true }

// unsupporter is an Action the platform does not offer in some modes.
type unsupporter interface {
	// unsupportedOn says why the action cannot run in mode, or "".
	unsupportedOn(mode string) string
}

func (Backup) unsupportedOn(mode string) string {
	if mode != "enterprise" {
		return ""
	}
	return "on-demand backups are not supported on Dedicated Gen 2 (PLATFORM_MODE=enterprise): " +
		"the platform takes its own snapshots of this environment every 6 hours; remove the backup cron, or ask support for a restore"
}

// Redeploy redeploys the environment, which also renews its certificates.
type Redeploy struct{}

// Name implements Action.
func (Redeploy) Name() string { return "redeploy" }

// ActivityType implements Action.
func (Redeploy) ActivityType() string { return "environment.redeploy" }

func (Redeploy) request() ([]string, any) { return []string{"redeploy"}, nil }

func (Redeploy) matches(*api.Activity) bool { return true }

// SourceOperation runs a source operation with variables, by type (env
// for the operation's environment variables) and name.
type SourceOperation struct {
	Operation string
	Variables map[string]map[string]string
}

// Name implements Action.
func (SourceOperation) Name() string { return "source-operation" }

// ActivityType implements Action.
func (SourceOperation) ActivityType() string { return "environment.source-operation" }

func (s SourceOperation) request() ([]string, any) {
	vars := map[string]map[string]string{}
	for typ, vs := range s.Variables {
		vars[typ] = vs
	}
	return []string{"source-operation"}, map[string]any{"operation": s.Operation, "variables": vars}
}

// matches compares the operation's name when the payload tells it.
func (s SourceOperation) matches(a *api.Activity) bool {
	so, _ := a.Payload["source_operation"].(map[string]any)
	name, ok := so["operation"].(string)
	return !ok || name == s.Operation
}

// explainer is an Action that can say more about why the platform refused
// it, at the cost of a request made only on that error path.
type explainer interface {
	explain(ctx context.Context, c *Client, t api.Target, err error) error
}

// explain turns a refusal of an operation the environment does not define
// into an UnknownOperationError that lists those it does (one GET, on this error path only).
func (s SourceOperation) explain(ctx context.Context, c *Client, t api.Target, err error) error {
	var apiErr *api.APIError
	if !errors.As(err, &apiErr) || apiErr.Status < 400 || apiErr.Status >= 500 || apiErr.Status == 401 || apiErr.Status == 403 {
		return err
	}
	ops, _, lerr := c.ListSourceOperations(ctx, t)
	if lerr != nil {
		return err
	}
	names := []string{}
	for _, op := range ops {
		if op.Operation == s.Operation {
			return err // it exists: the refusal is about something else
		}
		if !slices.Contains(names, op.Operation) {
			names = append(names, op.Operation)
		}
	}
	sort.Strings(names)
	return &UnknownOperationError{Operation: s.Operation, Defined: names, Err: err}
}

// post sends the action's POST and returns the activity it started, or nil
// when the platform accepted the action without naming an activity with an
// id (a valid answer that pshcron cannot follow).
func (c *Client) post(ctx context.Context, t api.Target, a Action) (*api.Activity, error) {
	segs, body := a.request()
	acts, err := c.StartAction(ctx, t, segs, body)
	if err != nil {
		return nil, err
	}
	// The activity of the action's own type comes first; otherwise the oldest.
	sort.SliceStable(acts, func(i, j int) bool {
		return acts[i].Type == a.ActivityType() && acts[j].Type != a.ActivityType()
	})
	if len(acts) == 0 || acts[0].ID == "" {
		return nil, nil
	}
	return &acts[0], nil
}
