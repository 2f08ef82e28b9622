package cli

import (
	"context"
	"errors"
	"maps"
	"slices"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/tasks"
)

// environmentPause and environmentResume are environment:pause and
// environment:resume: the container's own environment, the environments
// named with -e (repeatable), or a selection with --all, the guard applied
// to each of the project's environments. Each reads first, as the official
// CLI does: an environment already paused (or active) is a skip, with no
// POST. A selection reads only the list, then sends one POST per
// environment it keeps, concurrently over one token exchange, and says why
// it left each other out.
func (p *program) environmentPause(ctx context.Context, s *Settings) error {
	return p.runMany(ctx, s, tasks.Pause{})
}

func (p *program) environmentResume(ctx context.Context, s *Settings) error {
	return p.runMany(ctx, s, tasks.Resume{})
}

// runMany fires action on the target, the targets (a fleet), or the
// selection.
func (p *program) runMany(ctx context.Context, s *Settings, action tasks.Action) error {
	switch {
	case s.All && (len(s.Environments) > 0 || s.TargetsFile != ""):
		return usageErr("--all contradicts -e", "name environments with -e, or select them with --all and --env-type or --branch")
	case !s.All:
		w, err := p.locate(s)
		if err != nil {
			return err
		}
		return p.runAction(ctx, s, w, action, tasks.ReadFirst)
	}
	// A selection that keeps nothing is a skip: no success ping.
	p.gated.Store(true)
	platform, err := p.platform(s)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	jobs, refused, err := p.selectJobs(ctx, s, platform, action)
	if err != nil {
		return withTimeout(ctx, err, s.timeout())
	}
	var fj []fleetJob
	for _, j := range jobs {
		fj = append(fj, fleetJob{platform: platform, job: j})
	}
	for i, o := range refused {
		if !s.Quiet {
			p.printOutcome(s, o, i+1, len(refused)+len(fj))
		}
	}
	return summarize(p, action.Name(), append(refused, p.runJobs(ctx, s, fj)...))
}

// selectJobs is one job per environment the selection keeps: those the
// guard passes, not production, and in the state the action starts from, as
// the list tells (no GET of each). An environment the guard keeps but that
// cannot take the action now (busy, or the user lacks the role) is not left
// out quietly: it is refused, a failure of the run, as it is when named
// with -e.
func (p *program) selectJobs(ctx context.Context, s *Settings, platform *tasks.Platform, action tasks.Action) ([]tasks.Job, []tasks.Outcome, error) {
	scope, err := p.readScope(s, false)
	if err != nil {
		return nil, nil, err
	}
	var refused []tasks.Outcome
	guard := tasks.NewGuard(s.Branches, s.EnvTypes, s.AnyEnvironment, false, tasks.DefaultTypes(action))
	chosen, left, err := platform.Select(ctx, scope.Project, guard, func(e api.Environment) (bool, string) {
		if e.Type == "production" {
			return false, "production is " + action.Name() + "d only when named with -e"
		}
		skip, err := tasks.CheckState(action, &e)
		var unavailable *tasks.UnavailableError
		switch {
		case errors.As(err, &unavailable) && unavailable.Why != tasks.WhyStatus:
			refused = append(refused, tasks.Outcome{Target: api.Target{Project: scope.Project, Environment: e.ID}, Err: err})
			return false, ""
		case errors.As(err, &unavailable):
			return false, err.Error()
		case skip != "":
			return false, skip
		}
		return true, ""
	})
	if err != nil {
		return nil, nil, err
	}
	for _, id := range slices.Sorted(maps.Keys(left)) {
		if left[id] == "" {
			continue // refused: a failure line says why
		}
		p.log.Info().Str("environment", id).Str("reason", left[id]).Msg("left out: " + left[id])
	}
	p.log.Info().Int("selected", len(chosen)).Int("left_out", len(left)-len(refused)).Int("refused", len(refused)).Msg(action.Name() + ": selected environments")
	var jobs []tasks.Job
	for _, e := range chosen {
		if err := checkID("environment", e.ID); err != nil {
			// The API named it: a bad answer, not the user's mistake.
			return nil, nil, &api.BadAnswerError{Method: "GET", Path: "/projects/" + scope.Project + "/environments", Problem: "names an environment, " + err.Error()}
		}
		gate := p.namedGate(s, api.Target{Project: scope.Project, Environment: e.ID})
		jobs = append(jobs, tasks.Job{Gate: gate, Action: action, Wait: s.Wait})
	}
	return jobs, refused, nil
}
