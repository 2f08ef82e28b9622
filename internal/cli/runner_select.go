package cli

import (
	"context"
	"errors"
	"maps"
	"slices"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/tasks"
)

// A selection: environment:pause and environment:resume with --all read the
// project's list once and keep the environments the guard passes, in the
// state the action starts from, each then acted on as a fleet's target.

// selectJobs is one job per environment the selection keeps: those the
// guard passes, not production, and in the state the action starts from, as
// the list tells (no GET of each). An environment the guard keeps but that
// cannot take the action now (busy, or the user lacks the role) is not left
// out quietly: it is refused, a failure of the run, as it is when named
// with -e.
func (p *program) selectJobs(ctx context.Context, s *Settings, project string, action tasks.Action) ([]fleetJob, []tasks.Outcome, error) {
	platform, err := p.platform(s)
	if err != nil {
		return nil, nil, err
	}
	var refused []tasks.Outcome
	guard := tasks.NewGuard(s.Branches, s.EnvTypes, s.AnyEnvironment, false, tasks.DefaultTypes(action))
	chosen, left, err := platform.Select(ctx, project, guard, func(e api.Environment) (bool, string) {
		if e.Type == "production" {
			return false, "production is " + action.Name() + "d only when named with -e"
		}
		skip, err := tasks.CheckState(action, &e)
		var unavailable *tasks.UnavailableError
		switch {
		case errors.As(err, &unavailable) && unavailable.Why != tasks.WhyStatus:
			refused = append(refused, tasks.Outcome{Target: api.Target{Project: project, Environment: e.ID}, Err: err})
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
	var jobs []fleetJob
	for _, e := range chosen {
		if err := checkID("environment", e.ID); err != nil {
			// The API named it: a bad answer, not the user's mistake.
			return nil, nil, &api.BadAnswerError{Method: "GET", Path: "/projects/" + project + "/environments", Problem: "names an environment, " + err.Error()}
		}
		gate := p.namedGate(s, api.Target{Project: project, Environment: e.ID})
		jobs = append(jobs, fleetJob{platform: platform, job: tasks.Job{Gate: gate, Action: action, Wait: s.Wait}})
	}
	return jobs, refused, nil
}
