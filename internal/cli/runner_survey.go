package cli

import (
	"context"
	"sync"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/envdetect"
	"github.com/pshcron/pshcron/tasks"
)

// A survey: the checks that report on many environments at once
// (cron:check, health) read each target behind its guard and lock, as act
// does, but keep each target's report instead of printing a line for it:
// the command prints them together, as one table, document or page.

// surveyed is one target's report, or why it was skipped or unread.
type surveyed[R any] struct {
	target  api.Target
	report  R
	skipped string
	skip    *tasks.Skip
	err     error
}

// surveyItem is a target to read: its platform (one a token), its gate,
// and the environment when a list already gave it.
type surveyItem struct {
	platform *tasks.Platform
	gate     tasks.Gate
	env      *api.Environment
}

// surveyTarget is what a survey's read gets of its target: the target,
// the environment when a list or the guard already read it (nil: read it),
// and the flags that name it in a command printed for a person.
type surveyTarget struct {
	api.Target
	env   *api.Environment
	where string
}

// surveyRead reads one target's report.
type surveyRead[R any] func(ctx context.Context, c *tasks.Client, at surveyTarget) (R, error)

// survey reads every target the command line names (the container's own
// environment, -e, a fleet, or with --all the project's environments the
// guard selects), at most --concurrency at once, one token exchange per
// token, and returns the reports in the order named. Only a command line
// the runner cannot act on is an error; each target's own failure is in
// its report.
func survey[R any](ctx context.Context, p *program, s *Settings, read surveyRead[R]) ([]surveyed[R], error) {
	ts, err := p.resolve(ctx, s, scopeSelection)
	if err != nil {
		return nil, err
	}
	var items []surveyItem
	var out []surveyed[R]
	switch {
	case ts.all:
		items, err = p.surveySelection(ctx, s, ts.target.Project)
	case ts.several():
		var unreached []tasks.Outcome
		items, unreached, err = p.surveyFleet(s, ts.fleet)
		for _, o := range unreached {
			out = append(out, surveyed[R]{target: o.Target, err: o.Err})
		}
	default:
		items, err = p.surveyOwn(s, ts.where)
	}
	if err != nil {
		return nil, err
	}
	var reports []surveyed[R]
	err = within(ctx, s, func(ctx context.Context) error {
		reports = surveyAll(ctx, p, s, items, func(ctx context.Context, c *tasks.Client, at surveyTarget) (R, error) {
			at.where = whereFlags(at.Target, ts.env)
			return read(ctx, c, at)
		})
		return nil
	})
	return append(out, reports...), err
}

// surveyAll reads the items concurrently, each behind its gate.
func surveyAll[R any](ctx context.Context, p *program, s *Settings, items []surveyItem, read surveyRead[R]) []surveyed[R] {
	out := make([]surveyed[R], len(items))
	sem := make(chan struct{}, max(1, s.Concurrency))
	var wg sync.WaitGroup
	for i, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			r := surveyOne(ctx, it, read)
			r.err = withTimeout(ctx, r.err, s.timeout())
			if r.skip != nil && len(items) == 1 {
				r.skip.Log(p.log)
			}
			out[i] = r
		}()
	}
	wg.Wait()
	return out
}

// surveyOne reads one item behind its gate: Platform.Work's steps, but
// keeping the environment the guard read, so the read does not ask again.
func surveyOne[R any](ctx context.Context, it surveyItem, read surveyRead[R]) surveyed[R] {
	r := surveyed[R]{target: it.gate.Target}
	prep, skip, err := it.platform.Prepare(ctx, it.gate)
	switch {
	case err != nil:
		r.err = err
	case skip != nil:
		r.skip, r.skipped = skip, skip.Reason
	default:
		defer prep.Close()
		env := it.env
		if env == nil {
			env = prep.Env
		}
		r.report, r.err = read(ctx, prep.Client, surveyTarget{Target: it.gate.Target, env: env})
	}
	return r
}

// surveyOwn is the one target: the container's own environment behind the
// actions' default guard (production), or the one -e names.
func (p *program) surveyOwn(s *Settings, at where) ([]surveyItem, error) {
	pl, err := p.platform(s)
	if err != nil {
		return nil, err
	}
	gate := p.gate(s, at, tasks.Redeploy{})
	gate.Lock = s.Command
	if gate.KnownType, err = at.knownType(); err != nil {
		return nil, err
	}
	return []surveyItem{{platform: pl, gate: gate}}, nil
}

// surveyFleet is a fleet's targets, each with its token's platform; a
// target whose token variable is unset is unreached, not a stop.
func (p *program) surveyFleet(s *Settings, fleet []fleetTarget) ([]surveyItem, []tasks.Outcome, error) {
	p.gated.Store(true)
	var items []surveyItem
	unreached, err := p.eachFleetTarget(s, fleet, func(target api.Target, pl *tasks.Platform) {
		gate := p.namedGate(s, target)
		gate.Lock = s.Command
		items = append(items, surveyItem{platform: pl, gate: gate})
	})
	// A shard that keeps none succeeds, and says so.
	p.log.Info().Int("targets", len(items)+len(unreached)).Int("tokens", tokens(items, func(it surveyItem) *tasks.Platform { return it.platform })).Msg(s.Command + ": starting")
	return items, unreached, err
}

// surveySelection is the project's environments the guard selects, every
// one without a guard, read from one list (which gives each environment,
// so it is not read again).
func (p *program) surveySelection(ctx context.Context, s *Settings, project string) ([]surveyItem, error) {
	pl, err := p.platform(s)
	if err != nil {
		return nil, err
	}
	guard := tasks.NewGuard(s.Branches, s.EnvTypes, len(s.Branches)+len(s.EnvTypes) == 0, true, nil)
	chosen, left, err := pl.Select(ctx, project, guard, func(api.Environment) (bool, string) { return true, "" })
	if err != nil {
		return nil, err
	}
	p.log.Info().Int("selected", len(chosen)).Int("left_out", len(left)).Msg(s.Command + ": selected environments")
	items := make([]surveyItem, 0, len(chosen))
	for i := range chosen {
		t := api.Target{Project: project, Environment: chosen[i].ID}
		if err := checkID("environment", t.Environment); err != nil {
			return nil, &api.BadAnswerError{Method: "GET", Path: "/projects/" + project + "/environments", Problem: "names an environment, " + err.Error()}
		}
		gate := p.monitored(tasks.Gate{Target: t, Lock: s.Command, LockWait: s.LockWait})
		items = append(items, surveyItem{platform: pl, gate: gate, env: &chosen[i]})
	}
	return items, nil
}

// whereFlags are what a command printed for a person needs to name t from
// where pshcron runs: nothing for the container's own environment, -e for
// another of its project, -p and -e from elsewhere.
func whereFlags(t api.Target, env *envdetect.Env) string {
	switch {
	case t.Project != env.Project:
		return " -p " + t.Project + " -e " + t.Environment
	case env.Phase == envdetect.PhaseRuntime && t.Environment == env.Branch:
		return ""
	}
	return " -e " + t.Environment
}

// surveyErr is how a survey ends: nil when every target was read and
// judged well (or skipped); the one target's error; over several, one
// error naming each that failed, unread or judged badly, whose exit code is
// theirs when they agree.
func surveyErr[R any](reports []surveyed[R], judge func(R) error) error {
	outcomes := make([]tasks.Outcome, 0, len(reports))
	for _, r := range reports {
		err := r.err
		if err == nil && r.skipped == "" {
			err = judge(r.report)
		}
		outcomes = append(outcomes, tasks.Outcome{Target: r.target, Err: err})
	}
	if len(outcomes) == 1 {
		return outcomes[0].Err
	}
	return manyOf(outcomes)
}
