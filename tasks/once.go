package tasks

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/pshcron/pshcron/internal/httpretry"
)

// An action must not run twice because of a retry. The retry transport
// repeats a POST only when the platform surely did nothing; for the other
// failures the outcome is unknown, and Fire looks among the environment's
// recent activities for the one it asked for before sending it again.

// matchWindow is how long before the POST an activity may have been created
// and still be taken for the one the POST started: room for clock skew
// between this machine and the platform, and short enough that a previous
// run's activity is not mistaken for this one's.
const matchWindow = time.Minute

// unknownOutcome reports whether err leaves open whether the platform acted.
func unknownOutcome(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		switch apiErr.Status {
		case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout, http.StatusRequestTimeout:
			return true
		}
		return false
	}
	var netErr *NetError
	if errors.As(err, &netErr) {
		return !httpretry.NothingSent(err) && !errors.Is(err, context.Canceled)
	}
	return false
}

// Fire sends the action's one POST and returns the activity it started. On
// an unknown outcome it checks the activity list, and sends again (up to the
// client's resend limit) only if the action is not there.
func (c *Client) Fire(ctx context.Context, t Target, a Action) (*Activity, error) {
	for attempt := 0; ; attempt++ {
		sent := c.now()
		act, err := c.post(ctx, t, a)
		if err == nil || !unknownOutcome(err) || ctx.Err() != nil {
			return act, err
		}
		c.log.Warn().Err(err).Msg("the platform's answer was lost; looking for the " + a.Name() + " among recent activities")
		found, lerr := c.findAction(ctx, t, a, sent)
		if lerr != nil {
			c.log.Warn().Err(lerr).Msg("cannot list activities; not sending again")
			return nil, err
		}
		if found != nil {
			c.log.Info().Str("activity", found.ID).Msg("the platform has the " + a.Name() + ": not sending it again")
			return found, nil
		}
		if attempt >= c.resends {
			return nil, err
		}
		c.log.Info().Msg("the " + a.Name() + " is not on the platform: sending it again")
		timer := time.NewTimer(time.Second)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, err
		case <-timer.C:
		}
	}
}

// findAction returns the activity a POST sent at sent started, if the
// platform has one.
func (c *Client) findAction(ctx context.Context, t Target, a Action, sent time.Time) (*Activity, error) {
	return c.latest(ctx, t, a, sent.Add(-matchWindow))
}

// latest returns the newest activity of the action's type (and, where the
// payload tells, the same operation) created at or after since, or nil.
func (c *Client) latest(ctx context.Context, t Target, a Action, since time.Time) (*Activity, error) {
	var acts []Activity
	// The type and count filters are not in the spec: filter here.
	if err := c.do(ctx, "GET", []string{"projects", t.Project, "environments", t.Environment, "activities"}, nil, &acts); err != nil {
		return nil, err
	}
	var best *Activity
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
	return best, nil
}

// SkipIfRecent returns a Decision that skips the action when the same one
// started on the environment within the last window: one GET of the
// activities, for a cron copied into every app of a multi-app project.
func SkipIfRecent(window time.Duration) Decision {
	return func(ctx context.Context, c *Client, t Target, a Action) (bool, string, error) {
		act, err := c.latest(ctx, t, a, c.now().Add(-window))
		if err != nil || act == nil {
			return err == nil, "", err
		}
		return false, fmt.Sprintf("a %s started within the last %s (activity %s)", a.Name(), window, act.ID), nil
	}
}
