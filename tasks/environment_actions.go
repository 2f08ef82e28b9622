package tasks

import (
	"github.com/pshcron/pshcron/api"

	"context"
	"errors"
)

// Synchronize brings the parent's code, data or resources into the
// environment. It is never run by default (DefaultTypes): it replaces what
// the environment had.
type Synchronize struct {
	Code, Data, Resources, Rebase bool
}

// Name implements Action.
func (Synchronize) Name() string { return "synchronize" }

// ActivityType implements Action.
func (Synchronize) ActivityType() string { return "environment.synchronize" }

// request sends synchronize_resources only when asked, as the official
// clients do: projects without flexible resources refuse it. (The
// Platform.sh spec marks it required; the contract checks know this.)
func (s Synchronize) request() ([]string, any) {
	body := map[string]bool{"synchronize_code": s.Code, "synchronize_data": s.Data, "rebase": s.Rebase}
	if s.Resources {
		body["synchronize_resources"] = true
	}
	return []string{"synchronize"}, body
}

func (Synchronize) matches(*api.Activity) bool { return true }

func (Synchronize) defaultTypes() []string { return nil }

// explain says why the platform refused: no parent (production), an
// activity under way, an environment that is not active (one GET, on this
// error path only).
func (s Synchronize) explain(ctx context.Context, c *Client, t api.Target, err error) error {
	var apiErr *api.APIError
	if !errors.As(err, &apiErr) || apiErr.Status < 400 || apiErr.Status >= 500 || apiErr.Status == 401 || apiErr.Status == 403 || apiErr.Status == 404 {
		return err
	}
	env, _, gerr := c.GetEnvironment(ctx, t)
	if gerr != nil {
		return err
	}
	state := &StateError{Action: s.Name(), Environment: t.Environment, Status: env.Status, Need: api.StatusActive, Err: err}
	switch {
	case env.Parent == nil:
		state.NoParent = true
	case env.IsDirty:
		state.Busy = true
	case env.Status == api.StatusActive:
		return err
	}
	return state
}

// Pause pauses an environment; Resume resumes a paused one.
type Pause struct{}

// Name implements Action.
func (Pause) Name() string { return "pause" }

// ActivityType implements Action.
func (Pause) ActivityType() string { return "environment.pause" }

func (Pause) request() ([]string, any)   { return []string{"pause"}, nil }
func (Pause) matches(*api.Activity) bool { return true }
func (Pause) defaultTypes() []string     { return []string{"development", "staging"} }
func (Pause) explain(ctx context.Context, c *Client, t api.Target, err error) error {
	return explainStatus(ctx, c, t, err, api.StatusActive, api.StatusPaused, "pause")
}

// Resume resumes a paused environment.
type Resume struct{}

// Name implements Action.
func (Resume) Name() string { return "resume" }

// ActivityType implements Action.
func (Resume) ActivityType() string { return "environment.resume" }

func (Resume) request() ([]string, any)   { return []string{"resume"}, nil }
func (Resume) matches(*api.Activity) bool { return true }
func (Resume) defaultTypes() []string     { return []string{"development", "staging"} }
func (Resume) explain(ctx context.Context, c *Client, t api.Target, err error) error {
	return explainStatus(ctx, c, t, err, api.StatusPaused, api.StatusActive, "resume")
}

// alreadyDone is a refusal because the environment is already where the
// action would take it (paused, say): as the official CLI does, that is a
// skip, not a failure, so a nightly cron never fails on it.
type alreadyDone struct{ reason string }

func (a *alreadyDone) Error() string { return a.reason }

// explainStatus turns a refusal into "already paused" (a skip) or "the
// environment is X, not Y".
func explainStatus(ctx context.Context, c *Client, t api.Target, err error, from, to, verb string) error {
	var apiErr *api.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 400 && apiErr.Status != 409 {
		return err
	}
	env, _, gerr := c.GetEnvironment(ctx, t)
	switch {
	case gerr != nil || env.Status == from:
		return err
	case env.Status == to:
		return &alreadyDone{reason: "environment " + t.Environment + " is already " + to}
	}
	return &StateError{Action: verb, Environment: t.Environment, Status: env.Status, Need: from, Err: err}
}
