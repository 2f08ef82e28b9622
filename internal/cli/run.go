package cli

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/envdetect"
	"github.com/pshcron/pshcron/internal/supervise"
	"github.com/pshcron/pshcron/tasks"
)

// `pshcron run -- COMMAND`: the app's own cron and hook commands behind the
// actions' guard and lock, bounded by a timeout, their signals forwarded,
// their exit code kept (GNU timeout's conventions), and a monitor told.
// It needs no token and sends no API request: a deploy hook or a build
// has none.

// runOptions are run's own flags.
type runOptions struct {
	Name   string
	MailTo []string // --mail-to; MAILTO when not given
	// Environments are the environments -e names: the job runs only in
	// them (a job runs where pshcron runs, so -e cannot point elsewhere).
	Environments []string
	SentrySlug   string
	Timeout      time.Duration // 0: none, or the cron's (run_limits.go)
	// NoTimeout is --timeout 0: no timeout at all, as GNU timeout reads
	// it, even for a cron whose own timeout would set one.
	NoTimeout bool
	KillAfter time.Duration // 0: supervise.DefaultKillAfter, or below the cron's shutdown_timeout
}

func (o *runOptions) bind(b *binder) {
	b.str(&o.Name, &cli.StringFlag{Name: "name",
		Usage: "the job's `NAME`: its lock, and the cron in PLATFORM_APPLICATION whose timeout sets the default --timeout (default: the command line)"})
	timeout := &cli.StringFlag{Name: "timeout",
		Usage: "send TERM to the job after `DURATION`, then KILL after --kill-after; exit 124; 0 for none, as GNU timeout", DefaultText: "a little below the timeout of the cron --name names; none without a known cron"}
	b.duration(&o.Timeout, "", timeout)
	o.NoTimeout = b.isSet(timeout) && o.Timeout == 0
	b.duration(&o.KillAfter, "", &cli.StringFlag{Name: "kill-after",
		Usage: "after TERM, wait `DURATION` before KILL", DefaultText: "5s, kept below the cron's shutdown_timeout"})
	b.ids(&o.Environments, "environment", &cli.StringSliceFlag{Name: "environment", Aliases: []string{"e"},
		Usage: "run only in the environment `ID` (as in PLATFORM_BRANCH; repeatable); naming one drops the default guard"})
	b.strs(&o.MailTo, splitAll, &cli.StringSliceFlag{Name: "mail-to",
		Usage: "mail a failure to `ADDR` (comma-separated or repeated) through PLATFORM_SMTP_HOST; default MAILTO, as croncape"})
	b.str(&o.SentrySlug, &cli.StringFlag{Name: "sentry-slug",
		Usage: "send Sentry cron check-ins for the monitor `SLUG`, with the app's SENTRY_DSN", DefaultText: "--name made a slug, when SENTRY_DSN is set"})
}

// jobRunOptions are run's options: the gate's guard and lock-wait, the
// ping, its own, and output.
type jobRunOptions struct {
	Settings
	runOptions
}

// jobExit is the job's exit code as pshcron's: no error line, since the
// end line said how the job ended.
type jobExit struct{ code int }

func (e *jobExit) Error() string { return fmt.Sprintf("the job exited %d", e.code) }

// runJob is `pshcron run`: parse, guard, lock, /start, the job, /EXITCODE.
func (p *program) runJob(ctx context.Context, o *jobRunOptions) error {
	argv := o.Args
	if len(argv) == 0 {
		return usageErr("run needs a command after --", "pshcron run --name cleanup -- php bin/console app:cleanup")
	}
	// The job's name and output may hold a secret of the environment:
	// neither pshcron's lines nor the pings show one.
	p.addRunSecrets(p.jobEnv())
	pg := p.ping
	p.ping = nil // run sends its own pings, with the job's output (run_ping.go)
	env := envdetect.Detect(p.getenv)
	if env.Branch == "" && !o.AnyEnvironment {
		return usageErr("no environment to guard: PLATFORM_BRANCH is not set (the build phase, or outside a container)",
			"a build has no environment type: add --any-environment to run the command here")
	}
	name := o.Name
	if name == "" {
		name = strings.Join(argv, " ")
	}
	reports, err := p.jobReportsFor(o, env, pg)
	if err != nil {
		return err
	}
	at := where{env: env, target: api.Target{Project: env.Project, Environment: env.Branch}}
	if skip, err := p.runGuard(o, at); skip != nil || err != nil {
		if skip != nil {
			skip.Log(p.log)
		}
		return err
	}
	release, skip, err := p.runLock(ctx, o, at.target, name)
	if skip != nil || err != nil {
		if skip != nil {
			skip.Log(p.log)
		}
		return err
	}
	if release == nil {
		release = func() {}
	}
	return p.supervise(ctx, o, env, name, reports, release)
}

// runGuard is the actions' guard (production by default), on the
// container's own environment, from its variables alone.
func (p *program) runGuard(o *jobRunOptions, at where) (*tasks.Skip, error) {
	if len(o.Environments) > 0 {
		trimmed := trimAll(o.Environments)
		if !slices.Contains(trimmed, at.target.Environment) {
			return &tasks.Skip{Reason: "environment " + at.target.Environment + " is not one -e names (" + strings.Join(trimmed, ", ") + ")"}, nil
		}
		if len(o.Branches) == 0 && len(o.EnvTypes) == 0 {
			return nil, nil // named: the default guard is dropped, as for the actions
		}
	}
	guard := tasks.NewGuard(o.Branches, o.EnvTypes, o.AnyEnvironment, false, []string{"production"})
	known, err := at.knownType()
	if err != nil {
		return nil, err
	}
	gate := tasks.Gate{Target: at.target, Guard: guard, KnownType: known, DefaultGuardHint: defaultGuardHint(guard, at, false)}
	return gate.GuardSkip(), nil
}

// runLock takes the job's lock in the cache directory: per container, keyed
// by its name.
func (p *program) runLock(ctx context.Context, o *jobRunOptions, t api.Target, name string) (func(), *tasks.Skip, error) {
	platform, err := tasks.New(tasks.Config{Getenv: p.getenv, Log: p.log, Now: time.Now, Secret: p.secrets.Add})
	if err != nil {
		return nil, nil, err
	}
	return platform.LockLocal(ctx, name, t, o.LockWait)
}

// supervise runs the job, between its two lines and its pings, and
// releases the lock once the job's group is gone, before the last ping.
func (p *program) supervise(ctx context.Context, o *jobRunOptions, env *envdetect.Env, name string, reports *jobReports, release func()) error {
	timeout, killAfter := runLimits(env, o.Name, o.Timeout, o.KillAfter, p.log)
	if o.NoTimeout {
		timeout = 0
	}
	reports.start(ctx)
	sigs, undo := divertSignals(ctx)
	defer undo()
	capture := supervise.NewCapture(8<<10, 56<<10)
	started := p.log.Info().Str("job", name)
	if timeout > 0 {
		// Derived from the cron's own, the limit is news to whoever reads it.
		started = started.Str("timeout", shortDuration(timeout)).Str("kill_after", shortDuration(killAfter))
	}
	started.Msg("job started")
	res := supervise.Run(ctx, supervise.Config{
		Argv: o.Args, Env: p.jobEnv(), Stdin: p.stdin, Stdout: p.rawStdout(), Stderr: p.rawStderr(),
		Timeout: timeout, KillAfter: killAfter, Signals: sigs, Capture: capture,
		Logf: func(format string, args ...any) { p.log.Warn().Str("job", name).Msgf(format, args...) },
	})
	undo()
	release()
	p.logEnd(name, res)
	p.finishReports(ctx, reports, o, env, name, res, capture)
	if res.ExitCode != 0 {
		return &jobExit{code: res.ExitCode}
	}
	return nil
}

// jobEnv is the job's environment: the one Run was given, whole, never
// this process's own (which is what os/exec makes of a nil list).
func (p *program) jobEnv() []string {
	var env []string
	if p.environ != nil {
		env = p.environ()
	}
	if env == nil {
		env = []string{}
	}
	return env
}

// logEnd is pshcron's line when the job has ended.
func (p *program) logEnd(name string, res supervise.Result) {
	ev := p.log.Info()
	if res.ExitCode != 0 {
		ev = p.log.Warn()
	}
	how := fmt.Sprintf("exit %d", res.ExitCode)
	switch {
	case res.StartErr != nil:
		how += ": " + unwrapPath(res.StartErr)
	case res.TimedOut && res.Killed:
		how += ": timed out, killed after TERM was not enough"
	case res.TimedOut:
		how += ": timed out, stopped by TERM"
	case res.Forwarded != 0:
		how += fmt.Sprintf(": signal %d received and forwarded to the job", int(res.Forwarded))
	case res.Signal != 0:
		how += fmt.Sprintf(": died of signal %d (%s)", int(res.Signal), res.Signal)
	}
	ev.Str("job", name).Int("exit", res.ExitCode).Str("duration", res.Duration.Round(time.Millisecond).String()).
		Msg(fmt.Sprintf("job ended: %s after %s", how, res.Duration.Round(time.Millisecond)))
}

// unwrapPath is why the job could not start, without Go's wrapping.
func unwrapPath(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}
