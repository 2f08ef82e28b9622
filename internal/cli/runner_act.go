package cli

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/envdetect"
	"github.com/pshcron/pshcron/tasks"
)

// work is what a command does on each target it acts on: an action the
// pipeline fires (guard, lock, decide, act, follow), or do, run behind the
// guard and the lock named lock.
type work struct {
	action tasks.Action
	// decide stands before the action, after --skip-if-recent's check.
	decide tasks.Decision
	// decideOn, when set, builds decide from the target (a fleet's is
	// never the container's own): cert:renew reads the container's routes.
	decideOn func(where) (tasks.Decision, error)

	lock string
	do   func(ctx context.Context, c *tasks.Client, t api.Target, out reporter) error
}

// name is what the work is called in a fleet's log lines.
func (w work) name() string {
	if w.action != nil {
		return w.action.Name()
	}
	return w.lock
}

// act runs w on the targets the command line names, as sc allows, within
// the timeout. It returns the one target's result, nil for several.
func (p *program) act(ctx context.Context, s *Settings, sc scope, w work) (*tasks.Result, error) {
	ts, err := p.resolve(ctx, s, sc)
	if err != nil {
		return nil, err
	}
	if w.decideOn != nil {
		if w.decide, err = w.decideOn(ts.where); err != nil {
			return nil, err
		}
	}
	var res *tasks.Result
	err = within(ctx, s, func(ctx context.Context) error {
		switch {
		case ts.several():
			return p.actSeveral(ctx, s, ts, w)
		case w.action == nil:
			return p.workOne(ctx, s, ts.where, w)
		}
		var ferr error
		res, ferr = p.fireOne(ctx, s, ts.where, w)
		return ferr
	})
	if vars, verr := ts.env.Variables(); verr == nil && w.action != nil && !ts.several() {
		err = explainMissingToken(vars, err)
	}
	return res, err
}

// within runs fn within the command's timeout: what fails because the time
// ran out says so (in a run over several targets, each target's line does).
func within(ctx context.Context, s *Settings, fn func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	err := fn(ctx)
	var many *manyError
	if errors.As(err, &many) {
		return err
	}
	return withTimeout(ctx, err, s.timeout())
}

// fireOne fires w's action on the one target, through the pipeline, and
// prints the result.
func (p *program) fireOne(ctx context.Context, s *Settings, at where, w work) (*tasks.Result, error) {
	platform, err := p.platform(s)
	if err != nil {
		return nil, err
	}
	known, err := at.knownType()
	if err != nil {
		return nil, err
	}
	job := tasks.Job{Gate: p.gate(s, at, w.action), Action: w.action, Wait: s.Wait, Decide: s.decisions(w.decide)}
	if at.own() {
		// Unset, the API is asked: a guard must never skip a production
		// backup for good because a variable is missing.
		job.KnownType, job.KnownMode = known, at.env.Mode
	}
	res, err := platform.Run(ctx, job)
	if res != nil && !s.Quiet {
		if perr := printResult(p.stdout, s.Format, res); perr != nil {
			// The platform's answer stands: a full disk or a closed pipe on
			// stdout is not the platform refusing the action.
			p.log.Warn().Err(perr).Msg("cannot write the result to stdout")
		}
	}
	return res, err
}

// workOne runs w.do on the one target behind the guard (the actions'
// default) and the lock.
func (p *program) workOne(ctx context.Context, s *Settings, at where, w work) error {
	platform, err := p.platform(s)
	if err != nil {
		return err
	}
	gate := p.gate(s, at, tasks.Redeploy{})
	gate.Lock = w.lock
	if gate.KnownType, err = at.knownType(); err != nil {
		return err
	}
	out := reporter{p: p, silent: s.Quiet}
	skip, err := platform.Work(ctx, gate, func(ctx context.Context, c *tasks.Client, t api.Target) error {
		return w.do(ctx, c, t, out)
	})
	if skip != nil {
		skip.Log(p.log)
	}
	return err
}

// decisions is what stands before an action: the cheaper check first (one
// GET of activities), then the command's own.
func (s *Settings) decisions(decide tasks.Decision) []tasks.Decision {
	var out []tasks.Decision
	if s.SkipIfRecent > 0 {
		out = append(out, tasks.SkipIfRecent(s.SkipIfRecent))
	}
	if decide != nil {
		out = append(out, decide)
	}
	return out
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
