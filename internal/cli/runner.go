package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/envdetect"
	"github.com/pshcron/pshcron/tasks"
)

// The runner: every command that acts on or reads the platform goes
// through act (runner_act.go) or read and connect (below); doctor, which
// checks each step of a connection on its own, and env, which only
// describes one, do not. resolve is the one place that turns a
// command line into targets; the runner then connects, sets up the
// timeout, the guard and the lock (with the ping) and the report of each
// target, once, and hands the command's work a client, a target and a
// reporter. A command says what it does, never how it gets there.

// scope is what a command's targets may be.
type scope int

const (
	// scopeNone is no target: who the token acts as (auth:info).
	scopeNone scope = iota
	// scopeProject is the project: -p, or the container's.
	scopeProject
	// scopeEnvironment is one environment: the container's own, or the one
	// -p and -e name.
	scopeEnvironment
	// scopeTargets is what acts: one environment, or a fleet (every pair
	// of -p and -e, --targets, --shard).
	scopeTargets
	// scopeSelection is scopeTargets, or with --all the project's
	// environments its guard selects (environment:pause and resume).
	scopeSelection
)

// where is a target: the container as detected, and the target the flags
// and the container name.
type where struct {
	env    *envdetect.Env
	target api.Target
}

// own reports whether the target is the container's own environment, whose
// type, mode and routes the container tells.
func (w where) own() bool {
	return w.env.Phase == envdetect.PhaseRuntime && w.target.Project == w.env.Project && w.target.Environment == w.env.Branch
}

// targets is what a command line names: one target (or, for a project's
// read and a selection, its project), a fleet, or a selection.
type targets struct {
	where
	fleet []fleetTarget // several targets: -p x -e, --targets, --shard
	// fleeted is a command line naming several targets, even when its
	// shard keeps none of them: a CI job with nothing to do succeeds.
	fleeted bool
	all     bool // --all: the environments the guard selects
}

// several reports whether the work runs on several targets, each reported
// by a line of its own.
func (ts targets) several() bool { return ts.fleeted || ts.all }

// resolve turns the command line into targets, as sc allows.
func (p *program) resolve(ctx context.Context, s *Settings, sc scope) (targets, error) {
	env := envdetect.Detect(p.getenv)
	ts := targets{where: where{env: env}}
	var err error
	switch {
	case sc == scopeNone:
		return ts, nil
	case sc == scopeSelection && s.All:
		if len(s.Environments) > 0 || s.TargetsFile != "" {
			return ts, usageErr("--all contradicts -e", "name environments with -e, or select them with --all and --env-type or --branch")
		}
		if s.ShardN > 0 {
			// Every shard's job would act on the whole selection.
			return ts, usageErr("--all contradicts --shard", "a selection is one project's: run it in one job, or list the targets with --targets and shard those")
		}
		ts.all = true
		ts.target, err = p.projectOf(s)
		return ts, err
	case sc == scopeProject:
		ts.target, err = p.projectOf(s)
		return ts, err
	case sc >= scopeTargets && s.isFleet():
		ts.fleeted = true
		ts.fleet, err = p.fleetTargets(ctx, s)
		return ts, err
	case len(s.Environments) > 1:
		what := "acts on"
		if sc == scopeEnvironment {
			what = "reads"
		}
		return ts, usageErr(fmt.Sprintf("%s %s one environment, but -e was given %d times", s.Command, what, len(s.Environments)),
			"name one environment; environment:pause and environment:resume take several")
	case s.isFleet():
		return ts, usageErr(s.Command+" reads one environment, but several targets were given", "name one project with -p and one environment with -e")
	}
	ts.target, err = s.target(env)
	return ts, err
}

// projectOf is the project a read or a selection is about: -p, or the
// container's.
func (p *program) projectOf(s *Settings) (api.Target, error) {
	if len(s.Projects) > 1 {
		return api.Target{}, usageErr(fmt.Sprintf("%s reads one project, but -p was given %d times", s.Command, len(s.Projects)),
			"name one project; the actions take several, for a fleet")
	}
	t := api.Target{Project: s.Project}
	if t.Project == "" {
		t.Project = p.getenv("PLATFORM_PROJECT")
	}
	if t.Project == "" {
		return t, usageErr("no project: not in a platform container, and no --project", "pass -p PROJECT")
	}
	return t, checkID("project", t.Project)
}

// environmentIf is scopeEnvironment when env is set, else scopeProject:
// a read of the environment, or of its project.
func environmentIf(env bool) scope {
	if env {
		return scopeEnvironment
	}
	return scopeProject
}

// conn is what a read's work gets: the platform, its client, and the
// target.
type conn struct {
	platform *tasks.Platform
	client   *tasks.Client
	where
}

// read runs fn with a client and the target sc names (no guard, no lock),
// within the timeout.
func (p *program) read(ctx context.Context, s *Settings, sc scope, fn func(context.Context, *tasks.Client, api.Target) error) error {
	return p.connect(ctx, s, sc, func(ctx context.Context, c conn) error {
		return fn(ctx, c.client, c.target)
	})
}

// connect is read for work that needs the platform or the container too.
func (p *program) connect(ctx context.Context, s *Settings, sc scope, fn func(context.Context, conn) error) error {
	ts, err := p.resolve(ctx, s, sc)
	if err != nil {
		return err
	}
	platform, err := p.platform(s)
	if err != nil {
		return err
	}
	client, err := platform.Connect()
	if err != nil {
		return err
	}
	return within(ctx, s, func(ctx context.Context) error {
		return fn(ctx, conn{platform: platform, client: client, where: ts.where})
	})
}

// reporter is where a target's work prints its own output: stdout and the
// held JSON report, or nothing with --quiet and in a run over several
// targets, where one line says how each ended.
type reporter struct {
	p      *program
	silent bool
}

// on reports whether the work's output is shown.
func (r reporter) on() bool { return !r.silent }

// stdout is where the work prints its result.
func (r reporter) stdout() io.Writer {
	if r.silent {
		return io.Discard
	}
	return r.p.stdout
}

// hold holds the work's JSON report, to be written when the run ends.
func (r reporter) hold(j jsonReport) {
	if !r.silent {
		r.p.holdJSON(j)
	}
}
