package cli

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/envdetect"
	"github.com/pshcron/pshcron/tasks"
)

// Every command that fires one action goes through runAction: where, the
// guard, the job, the result. A command file only says which action, and
// which decision stands before it.

// where is what a command acts on: the container as detected, and the
// target the flags and the container name.
type where struct {
	env    *envdetect.Env
	target api.Target
}

// own reports whether the target is the container's own environment, whose
// type, mode and routes the container tells.
func (w where) own() bool {
	return w.env.Phase == envdetect.PhaseRuntime && w.target.Project == w.env.Project && w.target.Environment == w.env.Branch
}

// knownType is the container's own environment type, when the target is
// its own environment and the container says it; "" means ask the API. A
// value the platform never sets is the user's mistake (exit 2), not a
// type the guard should quietly skip on.
func (w where) knownType() (string, error) {
	if !w.own() || w.env.Type == "" {
		return "", nil
	}
	t := strings.ToLower(strings.TrimSpace(w.env.Type))
	if !slices.Contains(tasks.EnvTypes(), t) {
		return "", &envdetect.VarError{Name: "PLATFORM_ENVIRONMENT_TYPE", Problem: "is " + strconv.Quote(w.env.Type) + ", not an environment type",
			Expect: "production, staging or development"}
	}
	return t, nil
}

// locate detects the container and resolves the one target.
func (p *program) locate(s *Settings) (where, error) {
	if s.isFleet() {
		return where{env: envdetect.Detect(p.getenv)}, nil // runAction runs the fleet
	}
	if len(s.Environments) > 1 {
		return where{}, usageErr(s.Command+" acts on one environment, but -e was given "+fmt.Sprint(len(s.Environments))+" times",
			"name one environment; environment:pause and environment:resume take several")
	}
	env := envdetect.Detect(p.getenv)
	t, err := s.target(env)
	return where{env: env, target: t}, err
}

// platform is how every command reaches the platform.
func (p *program) platform(s *Settings) (*tasks.Platform, error) {
	return p.platformWith(s, "")
}

// platformWith is the platform with the token read from tokenVar alone
// when it is set (a fleet target's token_env).
func (p *program) platformWith(s *Settings, tokenVar string) (*tasks.Platform, error) {
	return tasks.New(tasks.Config{
		Getenv: p.getenv, TokenFile: s.TokenFile, TokenVar: tokenVar, Retries: s.Retries,
		UserAgent: userAgent(), Log: p.log, Now: time.Now, Secret: p.secrets.Add,
	})
}

// gate is a target's guard and lock. Naming the container's own
// environment (-e $PLATFORM_BRANCH) is not naming another: the default guard
// stays.
func (p *program) gate(s *Settings, w where, action tasks.Action) tasks.Gate {
	named := s.Environment != "" && !w.own()
	guard := tasks.NewGuard(s.Branches, s.EnvTypes, s.AnyEnvironment, named, tasks.DefaultTypes(action))
	return p.monitored(tasks.Gate{Target: w.target, Guard: guard, LockWait: s.LockWait, DefaultGuardHint: defaultGuardHint(guard, w, s.Environment != "")})
}

// defaultGuardHint says how to widen an action's default guard. -e naming
// the container's own environment keeps that default (a cron line copied
// into every environment often says -e $PLATFORM_BRANCH), so the hint says
// so when it was given.
func defaultGuardHint(g tasks.Guard, w where, namedOwn bool) string {
	keeps := ""
	if namedOwn {
		keeps = " (-e naming the container's own environment keeps this default)"
	}
	if len(g.Types) == 0 {
		return "with no guard given, pshcron never runs this: name where with --branch '" + w.target.Environment + "' or --env-type" + keeps
	}
	return "with no guard given, pshcron runs this only on " + strings.Join(g.Types, " and ") + " environments" + keeps +
		"; to run here, add --env-type " + w.env.Type + " or --branch '" + w.target.Environment + "' (or --any-environment)"
}

// actOnTarget runs work on the one target behind the guard (the actions'
// default) and the overlap lock named lock, within --timeout: for commands
// whose work is not one action that starts one activity.
func (p *program) actOnTarget(ctx context.Context, s *Settings, lock string, work func(context.Context, *tasks.Client, api.Target) error) error {
	if s.isFleet() {
		return p.workFleet(ctx, s, lock, work)
	}
	w, err := p.locate(s)
	if err != nil {
		return err
	}
	platform, err := p.platform(s)
	if err != nil {
		return err
	}
	gate := p.gate(s, w, tasks.Redeploy{})
	gate.Lock = lock
	if gate.KnownType, err = w.knownType(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	skip, err := platform.Work(ctx, gate, work)
	if skip != nil {
		skip.Log(p.log)
	}
	return withTimeout(ctx, err, s.timeout())
}

// runAction guards, fires the action (after decide, when given) and prints
// the result.
func (p *program) runAction(ctx context.Context, s *Settings, w where, action tasks.Action, decide tasks.Decision) error {
	_, err := p.runActionResult(ctx, s, w, action, decide)
	return err
}

// runActionResult is runAction, with the result for a command that does
// more once the action was accepted.
func (p *program) runActionResult(ctx context.Context, s *Settings, w where, action tasks.Action, decide tasks.Decision) (*tasks.Result, error) {
	if s.isFleet() {
		return nil, p.runFleet(ctx, s, action, decide)
	}
	known, err := w.knownType()
	if err != nil {
		return nil, err
	}
	platform, err := p.platform(s)
	if err != nil {
		return nil, err
	}
	job := tasks.Job{Gate: p.gate(s, w, action), Action: action, Wait: s.Wait}
	if w.own() {
		// Unset, the API is asked: a guard must never skip a production
		// backup for good because a variable is missing.
		job.KnownType, job.KnownMode = known, w.env.Mode
	}
	// The cheaper check first: one GET of activities before the command's own.
	if s.SkipIfRecent > 0 {
		job.Decide = append(job.Decide, tasks.SkipIfRecent(s.SkipIfRecent))
	}
	if decide != nil {
		job.Decide = append(job.Decide, decide)
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	res, err := platform.Run(ctx, job)
	err = withTimeout(ctx, err, s.timeout())
	if vars, verr := w.env.Variables(); verr == nil {
		err = explainMissingToken(vars, err)
	}
	if res != nil && !s.Quiet {
		if perr := printResult(p.stdout, s.Format, res); perr != nil {
			// The platform's answer stands: a full disk or a closed pipe on
			// stdout is not the platform refusing the action.
			p.log.Warn().Err(perr).Msg("cannot write the result to stdout")
		}
	}
	return res, err
}
