package cli

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/internal/termsafe"

	"github.com/pshcron/pshcron/tasks"
)

// activityListOptions are activity:list's: its filters, and --all.
type activityListOptions struct {
	Settings
	typeOption
	activityFilter
}

// activityList is activity:list (activities, act): the environment's
// newest activities, or the project's with -a/--all, at most --limit. As in
// the official CLI every filter is the API's: --type, --state and --result
// are query parameters, --exclude-type asks for every other known type and
// -i/--incomplete for the states in_progress and pending. One GET.
func (p *program) activityList(ctx context.Context, s *activityListOptions) error {
	f, err := p.filterActivities(s)
	if err != nil {
		return err
	}
	return p.read(ctx, &s.Settings, environmentIf(!s.All), func(ctx context.Context, c *tasks.Client, t api.Target) error {
		acts, _, err := c.ListActivities(ctx, t, f)
		if err != nil {
			return err
		}
		return p.printActivities(&s.Settings, acts)
	})
}

// activityStates are the states an activity can be in.
var activityStates = []string{"pending", "in_progress", "complete", "cancelled", "scheduled", "staged"}

// filterActivities is the list's filter from the flags.
func (p *program) filterActivities(s *activityListOptions) (api.ActivityFilter, error) {
	f := api.ActivityFilter{Result: s.Result, Count: s.Limit}
	for _, st := range strings.Split(s.State, ",") {
		if st = strings.ToLower(strings.TrimSpace(st)); st == "" {
			continue
		}
		if !slices.Contains(activityStates, st) {
			return f, usageErr("--state "+st+" is not an activity state", "use "+strings.Join(activityStates, ", "))
		}
		f.States = append(f.States, st)
	}
	if s.Incomplete {
		if len(f.States) > 0 && !slices.Equal(f.States, api.IncompleteStates()) {
			p.log.Warn().Msg("--incomplete means --state in_progress,pending: the --state given is left aside")
		}
		f.States = api.IncompleteStates()
	}
	types, unknown := api.ActivityTypes(s.Types, s.ExcludeTypes)
	for _, u := range unknown {
		p.log.Warn().Str("type", u).Msg("not a known activity type: " + u)
	}
	if len(types) == 0 && (len(s.Types) > 0 || len(s.ExcludeTypes) > 0) {
		// No type left would send no type filter: every activity.
		return f, usageErr("--type and --exclude-type leave no activity type to list", "drop the --exclude-type that names a --type")
	}
	f.Types = types
	return f, nil
}

// activityGet is activity:get ID: one activity, as properties or with
// --format json as one object. One GET.
func (p *program) activityGet(ctx context.Context, s *Settings) error {
	if len(s.Args) != 1 {
		return usageErr("activity:get takes one activity id", "list them with: pshcron activity:list")
	}
	return p.read(ctx, s, scopeProject, func(ctx context.Context, c *tasks.Client, t api.Target) error {
		a, _, err := c.GetActivity(ctx, t.Project, s.Args[0])
		if err != nil {
			return err
		}
		a.CreatedAt, a.StartedAt, a.CompletedAt = utc(a.CreatedAt), utc(a.StartedAt), utc(a.CompletedAt)
		if s.Format == "json" {
			return writeJSON(p.stdout, a)
		}
		rows := [][]string{{"id", a.ID}, {"type", a.Type}, {"state", a.State}, {"result", a.Result},
			{"progress", strconv.Itoa(a.CompletionPercent) + "%"}, {"created_at", a.CreatedAt}, {"started_at", a.StartedAt},
			{"completed_at", a.CompletedAt}, {"environments", strings.Join(a.Environments, ", ")}, {"description", a.Description}}
		return printRows(p.stdout, "table", nil, rows, true)
	})
}

func (p *program) printActivities(s *Settings, acts []api.Activity) error {
	l := listing{header: []string{"ID", "Created", "Completed", "Type", "State", "Result", "Progress", "Description", "Environments"},
		columns: []string{"id", "created", "type", "state", "result", "description"}}
	if s.All {
		l.columns = append(l.columns, "environments") // the project's: whose, as the official list says
	}
	for i := range acts {
		a := &acts[i]
		a.CreatedAt, a.CompletedAt = utc(a.CreatedAt), utc(a.CompletedAt)
		l.ids = append(l.ids, a.ID)
		l.rows = append(l.rows, []string{a.ID, a.CreatedAt, a.CompletedAt, a.Type, a.State, a.Result,
			strconv.Itoa(a.CompletionPercent) + "%", a.Description, strings.Join(a.Environments, ", ")})
	}
	l.json = nonNil(acts)
	return p.printListing(s, l)
}

// activityCancel is activity:cancel ID: one POST. Naming the activity is
// the intent, so no guard stands before it. The platform refuses to cancel
// an activity that has ended: its reason is shown, with a hint to look at
// the activity.
func (p *program) activityCancel(ctx context.Context, s *Settings) error {
	if len(s.Args) != 1 {
		return usageErr("activity:cancel takes one activity id", "list them with: pshcron activity:list --incomplete")
	}
	id := s.Args[0]
	return p.read(ctx, s, scopeProject, func(ctx context.Context, c *tasks.Client, t api.Target) error {
		err := c.CancelActivity(ctx, t.Project, id)
		var apiErr *api.APIError
		if errors.As(err, &apiErr) && apiErr.Status == http.StatusBadRequest && strings.Contains(apiErr.Message, "cannot be cancelled") {
			return &hintedError{err: err, hint: cancelRefusedHint(ctx, c, t.Project, id)}
		}
		if err != nil {
			return err
		}
		p.log.Info().Str("activity", id).Msg("activity cancelled")
		return nil
	})
}

// cancelRefusedHint says why the platform would not cancel the activity,
// from its state (one more GET, as the official activity:cancel does).
func cancelRefusedHint(ctx context.Context, c *tasks.Client, project, id string) string {
	see := "see pshcron activity:get " + id + " and its log: pshcron activity:log " + id
	a, _, err := c.GetActivity(ctx, project, id)
	switch {
	case err != nil:
		return "the activity may have ended already: " + see
	case a.Done() && a.Result != "":
		return "the activity already ended (" + a.State + ", " + a.Result + "): " + see
	case a.Done():
		return "the activity already ended (" + a.State + "): " + see
	}
	return "the activity is " + a.State + " and cannot be cancelled in that state: " + see
}

// activityLog is activity:log ID: the activity's log, read from its log
// stream as the official clients do (one GET of the activity, one of the
// stream); with --follow, read again until the log is sealed and the
// activity ends, within --timeout (default 30m when following). The log is
// printed as it came, or with --format json as one JSON object a line.
func (p *program) activityLog(ctx context.Context, s *Settings) error {
	if len(s.Args) != 1 {
		return usageErr("activity:log takes one activity id", "list them with: pshcron activity:list")
	}
	return p.read(ctx, s, scopeProject, func(ctx context.Context, client *tasks.Client, t api.Target) error {
		a, _, err := client.GetActivity(ctx, t.Project, s.Args[0])
		if err != nil {
			return err
		}
		emit := p.logPrinter(s)
		if !s.Follow {
			return p.logSoFar(ctx, client, t.Project, a, emit, s.timeout())
		}
		_, err = client.FollowLog(ctx, t.Project, a, 2*time.Second, emit, func(*api.Activity) {})
		var ended *api.ActivityError
		if errors.As(err, &ended) && !ended.TimedOut {
			return nil // the log is what was asked for, whatever the result
		}
		return err
	})
}

// logSoFar prints the log once. The platform may hold an unfinished
// activity's stream open while it runs: the read then ends after a window
// (10s, or half of a shorter --timeout), and what came is the log so far.
func (p *program) logSoFar(ctx context.Context, client *tasks.Client, project string, a *api.Activity, emit func(api.LogLine), timeout time.Duration) error {
	readCtx := ctx
	if !a.Done() {
		var cancel context.CancelFunc
		readCtx, cancel = context.WithTimeout(ctx, min(10*time.Second, timeout/2))
		defer cancel()
	}
	sealed, err := client.NewLogReader(project, a, emit).Read(readCtx)
	if err != nil && ctx.Err() == nil && readCtx.Err() != nil {
		err = nil // the window closed on a stream still open
	}
	if err == nil && !sealed && !a.Done() {
		p.log.Info().Str("activity", a.ID).Str("state", a.State).Msg("the activity is still " + a.State + ": its log goes on (--follow to follow it)")
	}
	return err
}

// logPrinter writes each line of an activity's log to stdout: its text as
// it came (escaped on a terminal), or with --format json one object a line.
func (p *program) logPrinter(s *Settings) func(api.LogLine) {
	terminal := isTerminal(p.stdout)
	if s.Format == "json" {
		w := p.stdout
		if terminal {
			w = termsafe.JSONWriter(w)
		}
		enc := json.NewEncoder(w)
		return func(l api.LogLine) { _ = enc.Encode(l) }
	}
	return func(l api.LogLine) {
		text := l.Message
		if terminal {
			lines := strings.Split(text, "\n")
			for i := range lines {
				lines[i] = termsafe.String(lines[i])
			}
			text = strings.Join(lines, "\n")
		}
		_, _ = io.WriteString(p.stdout, text)
	}
}
