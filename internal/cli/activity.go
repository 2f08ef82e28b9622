package cli

import (
	"context"
	"io"
	"strconv"
	"time"

	"github.com/pshcron/pshcron/internal/termsafe"

	"github.com/pshcron/pshcron/tasks"
)

// activityList is activity:list (activities): the environment's newest
// activities, or the project's with --all, filtered on the platform by
// --type, --state and --result, at most --limit. One GET.
func (p *program) activityList(ctx context.Context, s *Settings) error {
	client, t, err := p.readTarget(s, !s.All)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	acts, err := client.ListActivities(ctx, t, tasks.ActivityFilter{Types: s.Types, State: s.State, Result: s.Result, Count: s.Limit})
	if err != nil {
		return withTimeout(ctx, err, s.timeout())
	}
	return p.printActivities(s, acts)
}

// activityGet is activity:get ID: one activity. One GET.
func (p *program) activityGet(ctx context.Context, s *Settings) error {
	if len(s.Args) != 1 {
		return usageErr("activity:get takes one activity id", "list them with: pshcron activity:list")
	}
	client, t, err := p.readTarget(s, false)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	a, err := client.GetActivity(ctx, t.Project, s.Args[0])
	if err != nil {
		return withTimeout(ctx, err, s.timeout())
	}
	return p.printActivities(s, []tasks.Activity{*a})
}

func (p *program) printActivities(s *Settings, acts []tasks.Activity) error {
	if s.Pipe {
		var ids [][]string
		for _, a := range acts {
			ids = append(ids, []string{a.ID})
		}
		return printRows(p.stdout, "plain", nil, ids, true)
	}
	format := p.listFormat(s)
	if format == "json" {
		for i := range acts {
			acts[i].CreatedAt, acts[i].CompletedAt = utc(acts[i].CreatedAt), utc(acts[i].CompletedAt)
		}
		if acts == nil {
			acts = []tasks.Activity{}
		}
		return writeJSON(p.stdout, acts)
	}
	header := []string{"ID", "Created", "Completed", "Type", "State", "Result", "Progress", "Description"}
	var rows [][]string
	for _, a := range acts {
		rows = append(rows, []string{a.ID, utc(a.CreatedAt), utc(a.CompletedAt), a.Type, a.State, a.Result,
			strconv.Itoa(a.CompletionPercent) + "%", a.Description})
	}
	columns := s.Columns
	if len(columns) == 0 {
		columns = []string{"id", "created", "type", "state", "result", "description"}
	}
	header, rows, err := pick(columns, header, rows)
	if err != nil {
		return err
	}
	return printRows(p.stdout, format, header, rows, s.NoHeader)
}

// readTarget connects for a read of the project, and of an environment
// when env is set.
func (p *program) readTarget(s *Settings, env bool) (*tasks.Client, tasks.Target, error) {
	if !env {
		client, project, err := p.reader(s)
		return client, tasks.Target{Project: project}, err
	}
	w, err := p.locate(s)
	if err != nil {
		return nil, tasks.Target{}, err
	}
	platform, err := p.platform(s)
	if err != nil {
		return nil, tasks.Target{}, err
	}
	client, err := platform.Connect()
	return client, w.target, err
}

// activityCancel is activity:cancel ID: one POST. Naming the activity is
// the intent, so no guard stands before it.
func (p *program) activityCancel(ctx context.Context, s *Settings) error {
	if len(s.Args) != 1 {
		return usageErr("activity:cancel takes one activity id", "list them with: pshcron activity:list --state in_progress")
	}
	client, t, err := p.readTarget(s, false)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	if err := client.CancelActivity(ctx, t.Project, s.Args[0]); err != nil {
		return withTimeout(ctx, err, s.timeout())
	}
	p.log.Info().Str("activity", s.Args[0]).Msg("activity cancelled")
	return nil
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
