package tasks

import (
	"github.com/pshcron/pshcron/api"

	"context"
	"errors"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/pshcron/pshcron/internal/termsafe"
)

// Every command that acts goes through one pipeline: Prepare (the guard,
// the overlap lock, a connection), then what the command does with it. Run
// is that for the actions that start one activity: decide, fire, follow.

// Gate is what stands before any work on a target: its guard and its lock.
type Gate struct {
	Target api.Target
	// KnownType is the environment's type when the container told it; ""
	// means ask the API, if the guard needs it.
	KnownType string
	// KnownMode is PLATFORM_MODE when the container told it ("enterprise"
	// on Dedicated Gen 2), for actions the platform does not offer there.
	KnownMode string
	Guard     Guard
	// DefaultGuardHint is logged with a skip by the default guard: how to
	// widen it, in the caller's words.
	DefaultGuardHint string
	// Lock names the work for the overlap lock (an action's name): two
	// runs of the same work on the same target never overlap.
	Lock string
	// LockWait is how long to wait for another run holding the lock; 0
	// means skip at once.
	LockWait time.Duration
	// OnPass, when set, is called once the target is past its guard and
	// lock: the work really starts (a monitor's /start). Concurrent in a
	// fleet.
	OnPass func()
}

// Job is one run of an action that starts one activity.
type Job struct {
	Gate
	Action Action
	Wait   bool
	Poll   time.Duration // first interval between polls with Wait
	// Decide runs once connected and before the action; the first "no"
	// wins (a skip, exit 0).
	Decide []Decision
}

// Decision says whether a job's action should fire on its target, and if
// not why. It runs once connected, so it may ask the API.
type Decision func(ctx context.Context, c *Client, t api.Target, a Action) (fire bool, why string, err error)

// Result is what a run did, for output.
type Result struct {
	Action      string
	Project     string
	Environment string
	Skipped     bool
	Reason      string
	Activity    *api.Activity // nil for a skip, or an accepted action that named none
}

// Prepared is a target past its guard and lock, with a client. Close
// releases the lock.
type Prepared struct {
	Client  *Client
	Env     *api.Environment // as the guard read it for its type; nil if not read
	release func()
}

// Close releases the overlap lock.
func (p *Prepared) Close() {
	if p != nil && p.release != nil {
		p.release()
	}
}

// Skip is why a target was skipped; Warn when the reason may surprise (the
// default guard, an action not offered here).
type Skip struct {
	Reason string
	Warn   bool
	// DefaultGuard is a skip by the default guard; Hint says how to widen it.
	DefaultGuard bool
	Hint         string
}

// Prepare checks the guard (with one GET of the environment when its type
// must come from the API), takes the overlap lock and connects. A skip by
// the guard (unless the type must come from the API) or by the lock makes
// no request and needs no token.
func (p *Platform) Prepare(ctx context.Context, g Gate) (*Prepared, *Skip, error) {
	remoteType := g.Guard.NeedsType() && g.KnownType == ""
	local := g.Guard
	if remoteType {
		local = Guard{Branches: g.Guard.Branches}
	}
	if ok, why := local.Check(g.Target.Environment, g.KnownType); !ok {
		return nil, g.guardSkip(why), nil
	}
	prep := &Prepared{}
	if dir := p.cacheDir(); dir != "" && g.Lock != "" {
		release, err := acquireLock(ctx, lockPath(dir, g.Lock, g.Target), g.LockWait)
		switch {
		case errors.Is(err, errLocked):
			return nil, &Skip{Reason: "another pshcron run is already doing this " + g.Lock + " on this environment"}, nil
		case err != nil && ctx.Err() != nil:
			return nil, nil, err
		case err != nil:
			p.cfg.Log.Warn().Err(err).Msg("cannot take the overlap lock; going on without it")
		default:
			prep.release = release
		}
	}
	client, err := p.Connect()
	if err != nil {
		prep.Close()
		return nil, nil, err
	}
	prep.Client = client
	if remoteType {
		env, _, err := client.GetEnvironment(ctx, g.Target)
		if err != nil {
			prep.Close()
			return nil, nil, err
		}
		if ok, why := g.Guard.Check(g.Target.Environment, env.Type); !ok {
			prep.Close()
			return nil, g.guardSkip(why), nil
		}
		prep.Env = env
	}
	if g.OnPass != nil {
		g.OnPass()
	}
	return prep, nil, nil
}

// GuardSkip checks the guard against what the container told (KnownType)
// alone, asking nothing: the skip, or nil when the target passes. For work
// that never reaches the platform (pshcron run).
func (g Gate) GuardSkip() *Skip {
	if ok, why := g.Guard.Check(g.Target.Environment, g.KnownType); !ok {
		return g.guardSkip(why)
	}
	return nil
}

// guardSkip is a skip by the guard: a warning with how to widen it when it
// was the default guard.
func (g Gate) guardSkip(why string) *Skip {
	if g.Guard.Default {
		return &Skip{Reason: why, Warn: true, DefaultGuard: true, Hint: g.DefaultGuardHint}
	}
	return &Skip{Reason: why}
}

// Work prepares the gate's target and, unless it is skipped, runs work on
// it with the client, then releases the lock: the pipeline for commands
// whose work is not one action that starts one activity.
func (p *Platform) Work(ctx context.Context, g Gate, work func(context.Context, *Client, api.Target) error) (*Skip, error) {
	prep, skip, err := p.Prepare(ctx, g)
	if err != nil || skip != nil {
		return skip, err
	}
	defer prep.Close()
	return nil, work(ctx, prep.Client, g.Target)
}

// Run prepares the job's target, asks its decisions, then fires the action
// and, with Wait, follows it.
func (p *Platform) Run(ctx context.Context, job Job) (*Result, error) {
	res := &Result{Action: job.Action.Name(), Project: job.Target.Project, Environment: job.Target.Environment}
	log := p.cfg.Log.With().Str("action", res.Action).Str("project", res.Project).Str("environment", res.Environment).Logger()
	skipped := func(s *Skip) (*Result, error) {
		res.Skipped, res.Reason = true, s.Reason
		s.Log(log)
		return res, nil
	}
	if job.Lock == "" {
		job.Lock = job.Action.Name()
	}
	if s := unsupported(job); s != nil {
		return skipped(s) // known from the container: no token, no request
	}
	prep, skip, err := p.Prepare(ctx, job.Gate)
	if err != nil {
		return nil, err
	}
	if skip != nil {
		return skipped(skip)
	}
	defer prep.Close()
	client := prep.Client
	for _, decide := range job.Decide {
		fire, why, err := decide(ctx, client, job.Target, job.Action)
		if err != nil {
			return nil, err
		}
		if !fire {
			return skipped(&Skip{Reason: why})
		}
	}
	act, err := client.Fire(ctx, job.Target, job.Action)
	if err != nil {
		if errors.Is(ctx.Err(), context.Canceled) {
			log.Warn().Msg("interrupted: the " + res.Action + " was sent but not confirmed; it may or may not have started (see the environment's activities)")
		}
		if ex, ok := job.Action.(explainer); ok && ctx.Err() == nil {
			err = ex.explain(ctx, client, job.Target, err)
		}
		var done *alreadyDone
		if errors.As(err, &done) {
			return skipped(&Skip{Reason: done.reason})
		}
		return nil, err
	}
	res.Activity = act
	return res, follow(ctx, log, client, job, res)
}

// unsupported skips an action the platform does not offer in the
// container's mode.
func unsupported(job Job) *Skip {
	if u, ok := job.Action.(unsupporter); ok {
		if why := u.unsupportedOn(job.KnownMode); why != "" {
			return &Skip{Reason: why, Warn: true}
		}
	}
	return nil
}

// Log says why the target was skipped: a warning when it may surprise.
func (s *Skip) Log(log zerolog.Logger) {
	switch {
	case s.DefaultGuard:
		log.Warn().Str("reason", s.Reason).Str("hint", s.Hint).Msg("skipped by the default guard: " + s.Reason)
	case s.Warn:
		log.Warn().Str("reason", s.Reason).Msg("skipped: " + s.Reason)
	default:
		log.Info().Str("reason", s.Reason).Msg("skipped: " + s.Reason)
	}
}

// follow reports the accepted activity and, with Wait, follows it to its
// end, into res.
func follow(ctx context.Context, log zerolog.Logger, client *Client, job Job, res *Result) error {
	act := res.Activity
	if act == nil {
		log.Warn().Msg(res.Action + " accepted, but the platform named no activity: pshcron cannot follow it (see the environment's activities)")
		return nil
	}
	ev := log.Info().Str("activity", act.ID).Str("state", act.State)
	if n := act.BackupName(); n != "" {
		ev = ev.Str("backup", n)
	}
	ev.Msg(res.Action + " accepted")
	if !job.Wait {
		return nil
	}
	poll := job.Poll
	if poll <= 0 {
		poll = 2 * time.Second
	}
	final, err := client.FollowLog(ctx, job.Target.Project, act, poll, logTo(log, act.ID), func(a *api.Activity) {
		if a.Done() {
			return // the line after Wait reports the end
		}
		log.Info().Str("activity", a.ID).Str("state", a.State).Int("percent", a.CompletionPercent).Msg(res.Action + " " + a.State)
	})
	res.Activity = final
	switch {
	case err == nil && final.State == api.StateStaged:
		log.Warn().Str("activity", final.ID).Msg(res.Action + " staged: the environment has manual deployments, so a deploy is pending; run environment:deploy to apply it")
	case err == nil:
		log.Info().Str("activity", final.ID).Str("result", final.Result).Msg(res.Action + " finished")
	case errors.Is(ctx.Err(), context.Canceled):
		log.Warn().Str("activity", final.ID).Msg("interrupted: the " + res.Action + " was accepted and goes on on the platform; stopped waiting for it")
	}
	return err
}

// logTo returns an emit for FollowLog that logs each line of the activity's
// log at info, as the official CLI prints the log on stderr while it waits:
// stdout keeps the result alone. The text is the platform's: escaped.
func logTo(log zerolog.Logger, activity string) func(api.LogLine) {
	return func(l api.LogLine) {
		for _, line := range strings.Split(strings.TrimSuffix(l.Message, "\n"), "\n") {
			log.Info().Str("activity", activity).Msg(termsafe.String(strings.TrimSuffix(line, "\r")))
		}
	}
}
