package tasks

import (
	"github.com/pshcron/pshcron/api"

	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/pshcron/pshcron/internal/httpretry"
)

// An action must not run twice because of a retry. The retry transport
// repeats a POST only when the platform surely did nothing (the connection
// was never made, or 429); for every other failure the outcome is unknown,
// and Fire looks among the environment's activities for the one it asked
// for before sending it again.
//
// Which activity is this run's is decided on the platform's clock, never on
// this machine's: the list's Date header, less the time this machine's
// monotonic clock measured since the POST was sent, is a point on the
// platform's time line no later than the POST. Only an activity created at
// or after it can be the POST's. The error is the list's own round trip and
// the headers' one-second resolution, never the clocks' disagreement.

// activityPage is how many activities of the action's type a check reads,
// newest first: crons make an activity each, so the list is filtered by type
// on the platform, not here.
const activityPage = 20

// recent filters an environment's activities down to the action's newest.
func recent(a Action) api.ActivityFilter {
	return api.ActivityFilter{Types: []string{a.ActivityType()}, Count: activityPage}
}

// errNoPlatformClock means the platform's answer told no time, so the POST
// cannot be placed on its time line.
var errNoPlatformClock = errors.New("the platform's answer has no Date header, so pshcron cannot tell whether the activity is this run's")

// unknownOutcome reports whether err leaves open whether the platform acted:
// any 5xx or 408 (a proxy may time out after the platform acted), a 2xx
// whose body could not be read, a connection that broke after sending.
func unknownOutcome(err error) bool {
	var apiErr *api.APIError
	if errors.As(err, &apiErr) {
		return apiErr.Status >= 500 || apiErr.Status == http.StatusRequestTimeout
	}
	var bad *api.BadAnswerError
	if errors.As(err, &bad) {
		return true
	}
	var netErr *api.NetError
	if errors.As(err, &netErr) {
		return !httpretry.NothingSent(err) && !errors.Is(err, context.Canceled)
	}
	return false
}

// Fire sends the action's one POST and returns the activity it started,
// which is nil when the platform accepted the action without naming one. On
// an unknown outcome it checks the activity list, and sends again (up to the
// client's resend limit) only if the action is not there. Interrupted while
// settling an unknown outcome, it returns an error wrapping ctx's.
func (c *Client) Fire(ctx context.Context, t api.Target, a Action) (*api.Activity, error) {
	for attempt := 0; ; attempt++ {
		sent := c.Clock()
		act, err := c.post(ctx, t, a)
		if err == nil || !unknownOutcome(err) || ctx.Err() != nil {
			return act, err
		}
		c.log.Warn().Err(err).Msg("the platform's answer was lost; looking for the " + a.Name() + " among recent activities")
		found, lerr := c.findAction(ctx, t, a, sent)
		switch {
		case ctx.Err() != nil:
			return nil, unconfirmed(ctx, err)
		case lerr != nil:
			c.log.Warn().Err(lerr).Msg("cannot tell whether the " + a.Name() + " started; not sending it again")
			return nil, err
		case found != nil:
			c.log.Info().Str("activity", found.ID).Msg("the platform has the " + a.Name() + ": not sending it again")
			return found, nil
		case attempt >= c.resends:
			return nil, err
		}
		c.log.Info().Msg("the " + a.Name() + " is not on the platform: sending it again")
		timer := time.NewTimer(time.Second)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, unconfirmed(ctx, err)
		case <-timer.C:
		}
	}
}

// unconfirmed is the error of a run stopped while an action's outcome was
// unknown: it wraps ctx's error, so a signal is reported as the signal.
func unconfirmed(ctx context.Context, lost error) error {
	return fmt.Errorf("stopped before the outcome was known (%v): %w", lost, ctx.Err())
}

// lander is an Action whose activity is recorded on another environment
// than the one it is sent to (a restore with a target).
type lander interface {
	landsOn(t api.Target) api.Target
}

// landing is the environment whose activities hold the action's.
func landing(a Action, t api.Target) api.Target {
	if l, ok := a.(lander); ok {
		return l.landsOn(t)
	}
	return t
}

// findAction returns the activity the POST sent at sent (this machine's
// clock) started, if the platform has one, where the action's activity
// lands.
func (c *Client) findAction(ctx context.Context, t api.Target, a Action, sent time.Time) (*api.Activity, error) {
	acts, ans, err := c.ListActivities(ctx, landing(a, t), recent(a))
	if err != nil {
		return nil, err
	}
	if ans.Date.IsZero() {
		return nil, errNoPlatformClock
	}
	// No later than the POST on the platform's clock; created_at and Date
	// are both to the second.
	since := ans.Date.Add(-ans.Received.Sub(sent)).Truncate(time.Second)
	return newest(acts, a, since), nil
}

// newest returns the newest activity of the action's type (and, where the
// payload tells, the same operation) created at or after since, or nil.
func newest(acts []api.Activity, a Action, since time.Time) *api.Activity {
	var best *api.Activity
	var bestAt time.Time
	for i := range acts {
		act := &acts[i]
		at, err := time.Parse(time.RFC3339, act.CreatedAt)
		if err != nil || act.Type != a.ActivityType() || at.Before(since) || !a.matches(act) {
			continue
		}
		if best == nil || at.After(bestAt) {
			best, bestAt = act, at
		}
	}
	return best
}

// SkipIfRecent returns a Decision that skips the action when the same one
// started on the environment within the last window, on the platform's
// clock: one GET of the activities, for a cron copied into every app of a
// multi-app project.
func SkipIfRecent(window time.Duration) Decision {
	return func(ctx context.Context, c *Client, t api.Target, a Action) (bool, string, error) {
		acts, ans, err := c.ListActivities(ctx, landing(a, t), recent(a))
		if err != nil {
			return false, "", err
		}
		now := ans.Date
		if now.IsZero() {
			now = c.Clock()
			c.log.Debug().Msg("the activity list has no Date header: --skip-if-recent uses this machine's clock")
		}
		act := newest(acts, a, now.Add(-window))
		if act == nil {
			return true, "", nil
		}
		return false, fmt.Sprintf("a %s started within the last %s (activity %s)", a.Name(), window, act.ID), nil
	}
}
