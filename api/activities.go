package api

import (
	"context"
	"errors"
	"time"
)

// Activity is the part of the platform's activity object pshcron reads.
type Activity struct {
	ID                string         `json:"id"`
	Type              string         `json:"type"`
	State             string         `json:"state"`
	Result            string         `json:"result"`
	CompletionPercent int            `json:"completion_percent"`
	CreatedAt         string         `json:"created_at"`
	StartedAt         string         `json:"started_at"`
	CompletedAt       string         `json:"completed_at"`
	Description       string         `json:"text"`
	Environments      []string       `json:"environments"`
	Parameters        map[string]any `json:"parameters"`
	Payload           map[string]any `json:"payload"`
	Links             ActivityLinks  `json:"_links"`
}

// Activity states the platform uses.
const (
	StateComplete  = "complete"
	StateCancelled = "cancelled"
	// StateStaged is a change waiting for a deploy on an environment with
	// manual deployments: it changes no more until someone deploys.
	StateStaged = "staged"
)

// Done reports whether the activity will change no more by itself.
func (a *Activity) Done() bool {
	return a.State == StateComplete || a.State == StateCancelled || a.State == StateStaged
}

// Succeeded reports whether it finished well.
func (a *Activity) Succeeded() bool { return a.State == StateComplete && a.Result == "success" }

// BackupName is the name of the backup an environment.backup activity makes.
func (a *Activity) BackupName() string {
	s, _ := a.Payload["backup_name"].(string)
	return s
}

// CronName is the name of the cron an environment.cron activity ran
// (parameters.cron, else payload.cron), or "".
func (a *Activity) CronName() string {
	if s, _ := a.Parameters["cron"].(string); s != "" {
		return s
	}
	s, _ := a.Payload["cron"].(string)
	return s
}

// GetActivity fetches one activity.
func (c *Client) GetActivity(ctx context.Context, project, id string) (*Activity, *Response, error) {
	var a Activity
	resp, err := c.get(ctx, []string{"projects", project, "activities", id}, nil, &a)
	if err != nil {
		return nil, resp, err
	}
	return &a, resp, nil
}

// ListActivities fetches activities newest first: an environment's, or the
// whole project's when t.Environment is "". The Response places the list
// on the platform's clock.
func (c *Client) ListActivities(ctx context.Context, t Target, f ActivityFilter) ([]Activity, *Response, error) {
	path := []string{"projects", t.Project, "activities"}
	if t.Environment != "" {
		path = []string{"projects", t.Project, "environments", t.Environment, "activities"}
	}
	var out []Activity
	resp, err := c.get(ctx, path, f.query(), &out)
	return out, resp, err
}

// CancelActivity asks the platform to cancel an activity.
func (c *Client) CancelActivity(ctx context.Context, project, id string) error {
	return c.do(ctx, "POST", []string{"projects", project, "activities", id, "cancel"}, nil, nil)
}

// ActivityLog is an activity with its log so far.
type ActivityLog struct {
	Activity
	Log string `json:"log"`
}

// GetActivityLog fetches an activity with its log.
func (c *Client) GetActivityLog(ctx context.Context, project, id string) (*ActivityLog, *Response, error) {
	var a ActivityLog
	resp, err := c.get(ctx, []string{"projects", project, "activities", id}, nil, &a)
	if err != nil {
		return nil, resp, err
	}
	return &a, resp, nil
}

// Wait polls the activity until it is done or ctx ends, calling onChange
// whenever its state or progress changes. Polls start at poll and slow to
// ten times that. A failed or cancelled activity is an ActivityError.
func (c *Client) Wait(ctx context.Context, project string, a *Activity, poll time.Duration, onChange func(*Activity)) (*Activity, error) {
	interval := poll
	for !a.Done() {
		next, err := c.pollOnce(ctx, project, a, interval, onChange)
		if err != nil {
			return a, err
		}
		a = next
		interval = min(interval*3/2, poll*10)
	}
	return a, ended(a)
}

// maxLogCuts is how many cut connections in a row FollowLog reads the log
// again after, before it gives the log up.
const maxLogCuts = 3

// FollowLog reads the activity's log stream, passing each new line to
// emit, until the log is sealed and the activity done, then returns it as
// Wait does. Between reads of an unsealed log it waits (from poll, slowing
// to ten times that) and fetches the activity, calling onChange as Wait
// does. After a cut connection it reads the log again (the lines shown are
// not shown twice); a stream that keeps failing, or that the API refuses,
// falls back to Wait, so the end is still known.
func (c *Client) FollowLog(ctx context.Context, project string, a *Activity, poll time.Duration, emit func(LogLine), onChange func(*Activity)) (*Activity, error) {
	r := c.NewLogReader(project, a, emit)
	interval, cuts := poll, 0
	for {
		sealed, err := r.Read(ctx)
		var netErr *NetError
		switch {
		case err != nil && ctx.Err() != nil:
			return a, stopped(ctx, a)
		case errors.As(err, &netErr) && cuts < maxLogCuts:
			cuts++
			c.log.Debug().Err(err).Str("activity", a.ID).Msg("the log stream was cut; reading it again")
		case err != nil:
			c.log.Warn().Err(err).Str("activity", a.ID).Msg("cannot read the activity's log; polling the activity instead")
			return c.Wait(ctx, project, a, poll, onChange)
		case sealed || a.Done():
			return c.Wait(ctx, project, a, poll, onChange)
		default:
			cuts = 0
		}
		next, err := c.pollOnce(ctx, project, a, interval, onChange)
		if err != nil {
			return a, err
		}
		a = next
		interval = min(interval*3/2, poll*10)
	}
}

// pollOnce waits interval and fetches the activity again, calling onChange
// if its state or progress changed.
func (c *Client) pollOnce(ctx context.Context, project string, a *Activity, interval time.Duration, onChange func(*Activity)) (*Activity, error) {
	t := time.NewTimer(interval)
	select {
	case <-ctx.Done():
		t.Stop()
		return a, stopped(ctx, a)
	case <-t.C:
	}
	next, _, err := c.GetActivity(ctx, project, a.ID)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return a, stopped(ctx, a)
		}
		return a, err
	}
	if next.State != a.State || next.CompletionPercent != a.CompletionPercent {
		onChange(next)
	}
	return next, nil
}

// stopped is why waiting for a stopped: interrupted, or timed out.
func stopped(ctx context.Context, a *Activity) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		return ctx.Err()
	}
	return &ActivityError{ID: a.ID, Type: a.Type, State: a.State, TimedOut: true}
}

// ended is the error of an activity that is done: nil unless it failed or
// was cancelled.
func ended(a *Activity) error {
	if !a.Succeeded() && a.State != StateStaged {
		return &ActivityError{ID: a.ID, Type: a.Type, State: a.State, Result: a.Result}
	}
	return nil
}
