package tasks

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
	CompletedAt       string         `json:"completed_at"`
	Description       string         `json:"text"`
	Environments      []string       `json:"environments"`
	Payload           map[string]any `json:"payload"`
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

// GetActivity fetches one activity.
func (c *Client) GetActivity(ctx context.Context, project, id string) (*Activity, error) {
	var a Activity
	if err := c.do(ctx, "GET", []string{"projects", project, "activities", id}, nil, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// Wait polls the activity until it is done or ctx ends, calling onChange
// whenever its state or progress changes. Polls start at poll and slow to
// ten times that. A failed or cancelled activity is an ActivityError.
func (c *Client) Wait(ctx context.Context, project string, a *Activity, poll time.Duration, onChange func(*Activity)) (*Activity, error) {
	interval := poll
	for !a.Done() {
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			if errors.Is(ctx.Err(), context.Canceled) {
				return a, ctx.Err()
			}
			return a, &ActivityError{ID: a.ID, Type: a.Type, State: a.State, TimedOut: true}
		case <-t.C:
		}
		next, err := c.GetActivity(ctx, project, a.ID)
		if err != nil {
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return a, &ActivityError{ID: a.ID, Type: a.Type, State: a.State, TimedOut: true}
			}
			return a, err
		}
		if next.State != a.State || next.CompletionPercent != a.CompletionPercent {
			onChange(next)
		}
		a = next
		interval = min(interval*3/2, poll*10)
	}
	if !a.Succeeded() && a.State != StateStaged {
		return a, &ActivityError{ID: a.ID, Type: a.Type, State: a.State, Result: a.Result}
	}
	return a, nil
}
