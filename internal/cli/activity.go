package cli

import (
	"context"
	"io"
	"strconv"
	"time"

	"github.com/pshcron/pshcron/internal/termsafe"

	"github.com/pshcron/pshcron/tasks"
)

// activityList is activity:list (activities, act): the environment's
// newest activities, or the project's with --all, filtered on the platform
// by --type, --state and --result, at most --limit. One GET.
func (p *program) activityList(ctx context.Context, s *Settings) error {
	return p.read(ctx, s, !s.All, func(ctx context.Context, c *tasks.Client, t tasks.Target) error {
		acts, err := c.ListActivities(ctx, t, tasks.ActivityFilter{Types: s.Types, State: s.State, Result: s.Result, Count: s.Limit})
		if err != nil {
			return err
		}
		return p.printActivities(s, acts)
	})
}

// activityGet is activity:get ID: one activity. One GET.
func (p *program) activityGet(ctx context.Context, s *Settings) error {
	if len(s.Args) != 1 {
		return usageErr("activity:get takes one activity id", "list them with: pshcron activity:list")
	}
	return p.read(ctx, s, false, func(ctx context.Context, c *tasks.Client, t tasks.Target) error {
		a, err := c.GetActivity(ctx, t.Project, s.Args[0])
		if err != nil {
			return err
		}
		return p.printActivities(s, []tasks.Activity{*a})
	})
}

func (p *program) printActivities(s *Settings, acts []tasks.Activity) error {
	l := listing{header: []string{"ID", "Created", "Completed", "Type", "State", "Result", "Progress", "Description"},
		columns: []string{"id", "created", "type", "state", "result", "description"}}
	for i := range acts {
		a := &acts[i]
		a.CreatedAt, a.CompletedAt = utc(a.CreatedAt), utc(a.CompletedAt)
		l.ids = append(l.ids, a.ID)
		l.rows = append(l.rows, []string{a.ID, a.CreatedAt, a.CompletedAt, a.Type, a.State, a.Result,
			strconv.Itoa(a.CompletionPercent) + "%", a.Description})
	}
	l.json = nonNil(acts)
	return p.printListing(s, l)
}

// activityCancel is activity:cancel ID: one POST. Naming the activity is
// the intent, so no guard stands before it.
func (p *program) activityCancel(ctx context.Context, s *Settings) error {
	if len(s.Args) != 1 {
		return usageErr("activity:cancel takes one activity id", "list them with: pshcron activity:list --state in_progress")
	}
	return p.read(ctx, s, false, func(ctx context.Context, c *tasks.Client, t tasks.Target) error {
		if err := c.CancelActivity(ctx, t.Project, s.Args[0]); err != nil {
			return err
		}
		p.log.Info().Str("activity", s.Args[0]).Msg("activity cancelled")
		return nil
	})
}

// activityLog is activity:log ID: the activity's log, and with --follow what
// it adds until it ends, within --timeout (default 30m when following).
func (p *program) activityLog(ctx context.Context, s *Settings) error {
	if len(s.Args) != 1 {
		return usageErr("activity:log takes one activity id", "list them with: pshcron activity:list")
	}
	client, t, err := p.readTarget(s, false)
	if err != nil {
		return err
	}
	timeout := s.Timeout
	if timeout == 0 && s.Follow {
		timeout = 30 * time.Minute
	} else if timeout == 0 {
		timeout = time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	printed, poll := 0, 2*time.Second
	for {
		a, err := client.GetActivityLog(ctx, t.Project, s.Args[0])
		if err != nil {
			return withTimeout(ctx, err, timeout)
		}
		if len(a.Log) > printed {
			text := a.Log[printed:]
			if isTerminal(p.stdout) {
				text = termsafe.String(text)
			}
			if _, err := io.WriteString(p.stdout, text); err != nil {
				return err
			}
			printed = len(a.Log)
		}
		if !s.Follow || a.Done() {
			return nil
		}
		timer := time.NewTimer(poll)
		select {
		case <-ctx.Done():
			timer.Stop()
			return withTimeout(ctx, &tasks.ActivityError{ID: a.ID, Type: a.Type, State: a.State, TimedOut: true}, timeout)
		case <-timer.C:
		}
		poll = min(poll*3/2, 20*time.Second)
	}
}
