package tasks

import (
	"github.com/pshcron/pshcron/api"

	"context"
)

// As the official CLI does, pause, resume and deploy read the environment
// before they act: pausing a paused environment, resuming an active one or
// deploying with nothing staged is a skip with its reason and no POST; an
// action the environment cannot take now is refused here, with why, rather
// than sent to be refused.

// stateChecker is an Action whose fate the environment's state decides.
type stateChecker interface {
	// check returns why to skip the action on env, or why it cannot run.
	check(env *api.Environment) (skip string, err error)
}

// ReadFirst is a Decision: one GET of the environment, then the action's own
// check of its state (no GET for an action that has none).
func ReadFirst(ctx context.Context, c *Client, t api.Target, a Action) (bool, string, error) {
	if _, ok := a.(stateChecker); !ok {
		return true, "", nil
	}
	env, _, err := c.GetEnvironment(ctx, t)
	if err != nil {
		return false, "", err
	}
	skip, err := CheckState(a, env)
	return skip == "" && err == nil, skip, err
}

// CheckState is the action's check of an environment already read (a
// selection's list): why to skip it, or why it cannot run.
func CheckState(a Action, env *api.Environment) (skip string, err error) {
	if sc, ok := a.(stateChecker); ok {
		return sc.check(env)
	}
	return "", nil
}

// UnavailableError is an action the environment cannot take now, found by
// reading it first: nothing was sent.
type UnavailableError struct {
	Reason string
	// Why is what stands in the way: Busy (an activity pending), Role (the
	// user's), Status (the environment's, in Status), Strategy or NotOffered.
	Why    string
	Status string
}

// What stands in the way of an UnavailableError.
const (
	WhyBusy     = "busy"
	WhyRole     = "role"
	WhyStatus   = "status"
	WhyStrategy = "strategy"
	// WhyNotOffered is an action an admin may take elsewhere but the
	// platform does not offer on this environment.
	WhyNotOffered = "not-offered"
)

func (e *UnavailableError) Error() string { return e.Reason }

func (Pause) check(env *api.Environment) (string, error) {
	switch {
	case env.Status == api.StatusPaused:
		return "environment " + env.ID + " is already paused", nil
	case env.Status != api.StatusActive:
		return "", notActive(env, "paused")
	}
	return "", missingLink(env, "pause")
}

func (Resume) check(env *api.Environment) (string, error) {
	switch {
	case env.Status == api.StatusActive:
		return "environment " + env.ID + " is already active", nil
	case env.Status != api.StatusPaused:
		return "", &UnavailableError{Reason: "environment " + env.ID + " is not paused (it is " + env.Status + "): only a paused environment can be resumed",
			Why: WhyStatus, Status: env.Status}
	}
	return "", missingLink(env, "resume")
}

func (d Deploy) check(env *api.Environment) (string, error) {
	switch {
	case env.Status != api.StatusActive:
		return "", notActive(env, "deployed")
	case env.HasStagedActivities != nil && !*env.HasStagedActivities:
		return "environment " + env.ID + " has no staged changes to deploy", nil
	case d.Strategy == "rolling" && env.CanRollingDeploy != nil && !*env.CanRollingDeploy:
		return "", &UnavailableError{Reason: "the rolling strategy is not available on environment " + env.ID + " (can_rolling_deploy is false)",
			Why: WhyStrategy}
	}
	return "", missingLink(env, "deploy")
}

// notActive refuses an action on an environment that is not active.
func notActive(env *api.Environment, done string) error {
	return &UnavailableError{Reason: "environment " + env.ID + " is not active (it is " + env.Status + "): it cannot be " + done,
		Why: WhyStatus, Status: env.Status}
}

// missingLink explains a missing action link, as the official CLI does: an
// activity pending (is_dirty) first, else the user's role, which only an
// admin's link that every active environment offers (#backup) can tell
// from an action the platform does not offer there. An environment answered
// without any links tells nothing: the POST decides.
func missingLink(env *api.Environment, action string) error {
	switch {
	case env.Links == nil || env.Has(action):
		return nil
	case env.IsDirty:
		return &UnavailableError{Reason: "an activity is pending or in progress on environment " + env.ID + ": it cannot " + action + " now",
			Why: WhyBusy}
	case env.Status == api.StatusActive && env.Has("backup"):
		return &UnavailableError{Reason: "environment " + env.ID + " does not offer the " + action + " operation (its #" + action + " link is missing)",
			Why: WhyNotOffered}
	}
	return &UnavailableError{Reason: "the " + action + " operation is not available to this user on environment " + env.ID, Why: WhyRole}
}
