package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/pshcron/pshcron/tasks"
)

// environmentPause and environmentResume are environment:pause and
// environment:resume: the container's own environment, the environments
// named with -e (repeatable), or a selection with --all, the guard applied
// to each of the project's environments. A selection is one GET of the list,
// then one POST per environment, concurrently over one token exchange.
func (p *program) environmentPause(ctx context.Context, s *Settings) error {
	return p.runMany(ctx, s, tasks.Pause{}, tasks.StatusActive)
}

func (p *program) environmentResume(ctx context.Context, s *Settings) error {
	return p.runMany(ctx, s, tasks.Resume{}, tasks.StatusPaused)
}

// runMany fires action on the target, the targets, or the selection.
func (p *program) runMany(ctx context.Context, s *Settings, action tasks.Action, from string) error {
	switch {
	case s.All && (len(s.Environments) > 0 || s.TargetsFile != ""):
		return usageErr("--all contradicts -e", "name environments with -e, or select them with --all and --env-type or --branch")
	case !s.All:
		w, err := p.locate(s)
		if err != nil {
			return err
		}
		return p.runAction(ctx, s, w, action, nil)
	}
	platform, err := p.platform(s)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	jobs, err := p.manyJobs(ctx, s, platform, action, from)
	if err != nil {
		return withTimeout(ctx, err, s.timeout())
	}
	var fj []fleetJob
	for _, j := range jobs {
		fj = append(fj, fleetJob{platform: platform, job: j})
	}
	return summarize(p, action.Name(), p.runJobs(ctx, s, fj))
}

// manyJobs is one job per environment named with -e, or per environment the
// selection keeps.
func (p *program) manyJobs(ctx context.Context, s *Settings, platform *tasks.Platform, action tasks.Action, from string) ([]tasks.Job, error) {
	project := s.Project
	if project == "" {
		project = p.getenv("PLATFORM_PROJECT")
	}
	if project == "" {
		return nil, usageErr("no project: not in a platform container, and no --project", "pass -p PROJECT")
	}
	named := s.Environments
	if s.All {
		guard := tasks.NewGuard(s.Branches, s.EnvTypes, s.AnyEnvironment, false, tasks.DefaultTypes(action))
		chosen, left, err := platform.Select(ctx, project, guard, func(e tasks.Environment) (bool, string) {
			switch {
			case e.Type == "production":
				return false, "production is " + action.Name() + "d only when named with -e"
			case e.Status != from:
				return false, "it is " + e.Status + ", not " + from
			}
			return true, ""
		})
		if err != nil {
			return nil, err
		}
		for id, why := range left {
			p.log.Debug().Str("environment", id).Msg("not selected: " + why)
		}
		named = nil
		for _, e := range chosen {
			named = append(named, e.ID)
		}
		p.log.Info().Int("selected", len(named)).Int("left_out", len(left)).Msg(action.Name() + ": selected environments")
	}
	var jobs []tasks.Job
	for _, id := range named {
		if err := checkID("environment", id); err != nil {
			return nil, err
		}
		t := tasks.Target{Project: project, Environment: id}
		// Named or selected: the guard was the user's, or already applied.
		guard := tasks.NewGuard(s.Branches, s.EnvTypes, s.AnyEnvironment, true, nil)
		jobs = append(jobs, tasks.Job{Gate: tasks.Gate{Target: t, Guard: guard, LockWait: s.LockWait}, Action: action, Wait: s.Wait})
	}
	return jobs, nil
}

// summarize logs how the run went and returns the failures as one error.
func summarize(p *program, what string, outcomes []tasks.Outcome) error {
	projects := map[string]bool{}
	for _, o := range outcomes {
		projects[o.Target.Project] = true
	}
	var failed []string
	var first error
	mixed, done, skipped := false, 0, 0
	for _, o := range outcomes {
		switch {
		case o.Err != nil:
			name := o.Target.Environment
			if len(projects) > 1 {
				name = o.Target.Project + ":" + name
			}
			failed = append(failed, name)
			if first == nil {
				first = o.Err
			}
			mixed = mixed || exitCode(o.Err) != exitCode(first)
		case o.Result.Skipped:
			skipped++
		default:
			done++
		}
	}
	p.log.Info().Int("accepted", done).Int("skipped", skipped).Int("failed", len(failed)).Msg(what + ": done")
	if first == nil {
		return nil
	}
	noun := "environments"
	if len(projects) > 1 {
		noun = "targets"
	}
	return &manyError{failed: failed, noun: noun, total: len(outcomes), first: first, mixed: mixed}
}

// manyError is a run over several targets in which some failed. Its exit
// code is the failures' when they all agree (6 when each was refused
// permission), else 1; it is never the code of a target that succeeded.
type manyError struct {
	failed []string
	noun   string // what failed: environments, or targets of several projects
	total  int
	first  error
	mixed  bool
}

func (e *manyError) Error() string {
	return fmt.Sprintf("%d of %d %s failed: %s (first: %v)", len(e.failed), e.total, e.noun, strings.Join(e.failed, ", "), e.first)
}

// Unwrap is the failures' common cause, for the exit code and the hint;
// failures of different kinds have none, and exit 1.
func (e *manyError) Unwrap() error {
	if e.mixed {
		return nil
	}
	return e.first
}
