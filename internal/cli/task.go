package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pshcron/pshcron/envdetect"
	"github.com/pshcron/pshcron/tasks"
	"github.com/pshcron/pshcron/tokenauth"
	"github.com/urfave/cli/v2"
)

// settings is everything an action command reads from its flags and the
// environment, checked before anything is sent.
type settings struct {
	format   string
	env      *envdetect.Env
	target   tasks.Target
	platform *tasks.Platform
	wait     bool
	timeout  time.Duration
	lockWait time.Duration
	// skipIfRecent skips the action if the same one started this recently.
	skipIfRecent time.Duration
}

func (p *program) settings(c *cli.Context) (*settings, error) {
	if c.Command.ArgsUsage == "" && c.NArg() > 0 {
		return nil, &usageError{msg: fmt.Sprintf("%s takes no arguments, but was given %q", c.Command.Name, c.Args().First()),
			hint: "name an environment with -e ENVIRONMENT"}
	}
	format, env, err := p.begin(c)
	if err != nil {
		return nil, err
	}
	target, err := p.target(c, env)
	if err != nil {
		return nil, err
	}
	if c.Bool("wait") && c.Bool("no-wait") {
		return nil, &usageError{msg: "--wait and --no-wait contradict each other", hint: "a cron should not wait: drop --wait"}
	}
	timeout, lockWait, retries, err := p.limits(c, c.Bool("wait"))
	if err != nil {
		return nil, err
	}
	skipIfRecent, err := p.duration(c, "skip-if-recent", "PSHCRON_SKIP_IF_RECENT", 0)
	if err != nil {
		return nil, err
	}
	tokenFile := c.String("token-file")
	if !c.IsSet("token-file") {
		tokenFile = p.getenv("PSHCRON_TOKEN_FILE")
	}
	platform, err := p.platform(tokenFile, retries)
	if err != nil {
		return nil, err
	}
	return &settings{
		format: format, env: env, target: target, wait: c.Bool("wait"), timeout: timeout, lockWait: lockWait,
		skipIfRecent: skipIfRecent, platform: platform,
	}, nil
}

// platform is how every command reaches the platform.
func (p *program) platform(tokenFile string, retries int) (*tasks.Platform, error) {
	return tasks.New(tasks.Config{
		Getenv: p.getenv, TokenFile: tokenFile, Retries: retries,
		UserAgent: userAgent(), Log: p.log, Now: time.Now, Secret: p.secrets.Add,
	})
}

// namesAnother reports whether -e names an environment other than the
// container's own: only then is the default guard dropped, so a cron line
// written as `-e $PLATFORM_BRANCH` keeps it.
func (s *settings) namesAnother(c *cli.Context) bool {
	return c.IsSet("environment") && !s.ownEnvironment()
}

// ownEnvironment reports whether the target is the container's own
// environment, whose type and routes the container tells.
func (s *settings) ownEnvironment() bool {
	return s.env.Phase == envdetect.PhaseRuntime && s.target.Project == s.env.Project && s.target.Environment == s.env.Branch
}

// runTask is every action command: resolve, guard, fire, print.
func (p *program) runTask(c *cli.Context, action tasks.Action) error {
	s, err := p.settings(c)
	if err != nil {
		return err
	}
	return p.runJob(c, s, action, nil)
}

// runJob guards, fires the action (after decide, when given) and prints the
// result.
func (p *program) runJob(c *cli.Context, s *settings, action tasks.Action, decide tasks.Decision) error {
	if c.Bool("any-environment") && (c.IsSet("branch") || c.IsSet("env-type")) {
		return &usageError{msg: "--any-environment contradicts --branch and --env-type",
			hint: "drop --any-environment to keep the guard, or drop the guard flags to run everywhere"}
	}
	guard, err := tasks.NewGuard(p.listFlag(c, "branch", "PSHCRON_BRANCH"), p.listFlag(c, "env-type", "PSHCRON_ENV_TYPE"),
		c.Bool("any-environment"), s.namesAnother(c))
	if err != nil {
		return err
	}
	job := tasks.Job{Gate: tasks.Gate{Target: s.target, Guard: guard, LockWait: s.lockWait,
		DefaultGuardHint: "with no guard given, pshcron runs only in production; to run here, add --env-type " +
			s.env.Type + " or --branch '" + s.target.Environment + "' (or --any-environment)"},
		Action: action, Wait: s.wait}
	// The cheaper check first: one GET of activities before the command's own.
	if s.skipIfRecent > 0 {
		job.Decide = append(job.Decide, tasks.SkipIfRecent(s.skipIfRecent))
	}
	if decide != nil {
		job.Decide = append(job.Decide, decide)
	}
	if s.ownEnvironment() {
		// Unset, the API is asked: a guard must never skip a production
		// backup for good because a variable is missing.
		job.KnownType, job.KnownMode = s.env.Type, s.env.Mode
	}
	ctx, cancel := context.WithTimeout(c.Context, s.timeout)
	defer cancel()
	res, err := s.platform.Run(ctx, job)
	err = explainMissingToken(s.env, err)
	if res != nil && !c.Bool("quiet") {
		if perr := printResult(p.stdout, s.format, res); perr != nil {
			// The platform's answer stands: a full disk or a closed pipe on
			// stdout is not the platform refusing the action.
			p.log.Warn().Err(perr).Msg("cannot write the result to stdout")
		}
	}
	return err
}

// explainMissingToken spots the commonest setup mistake: the token created
// as a project variable without the env: prefix, so that it sits inside
// PLATFORM_VARIABLES instead of being an environment variable.
func explainMissingToken(env *envdetect.Env, err error) error {
	var authErr *tokenauth.Error
	if !errors.As(err, &authErr) || authErr.Kind != tokenauth.KindNoToken {
		return err
	}
	vars, verr := env.Variables()
	if verr != nil {
		return err
	}
	for _, name := range tokenauth.TokenVars {
		if _, ok := vars[name]; ok {
			return tasks.WithHint(err, "the variable "+name+" exists without the env: prefix, so it is inside PLATFORM_VARIABLES; "+
				"recreate it as env:"+name+" to make it an environment variable")
		}
	}
	return err
}

// hintOf is an error's hint, or "".
func hintOf(err error) string {
	var h interface{ Hint() string }
	if errors.As(err, &h) {
		return h.Hint()
	}
	return ""
}

// listFlag reads a repeatable flag, or its comma-separated variable.
func (p *program) listFlag(c *cli.Context, name, envVar string) []string {
	if c.IsSet(name) {
		return c.StringSlice(name)
	}
	var out []string
	for _, v := range strings.Split(p.getenv(envVar), ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// target resolves the project and environment from flags and the container.
func (p *program) target(c *cli.Context, env *envdetect.Env) (tasks.Target, error) {
	t := tasks.Target{Project: env.Project, Environment: env.Branch}
	if c.IsSet("project") {
		t.Project = strings.TrimSpace(c.String("project"))
	}
	if c.IsSet("environment") {
		t.Environment = strings.TrimSpace(c.String("environment"))
	}
	switch {
	case t.Project == "":
		return t, &usageError{msg: "no project: not in a platform container, and no --project",
			hint: "run it in an app container, or pass -p PROJECT -e ENVIRONMENT"}
	case t.Environment == "" && env.Phase == envdetect.PhaseBuild:
		return t, &usageError{msg: "the environment is not known in the build hook",
			hint: "run tasks from a cron, a deploy or post_deploy hook, or SSH; or name one with -e"}
	case t.Environment == "":
		return t, &usageError{msg: "no environment: PLATFORM_BRANCH is not set, and no --environment",
			hint: "pass -e ENVIRONMENT (the environment id, as in PLATFORM_BRANCH)"}
	}
	for _, id := range []struct{ what, v string }{{"project", t.Project}, {"environment", t.Environment}} {
		if err := checkID(id.what, id.v); err != nil {
			return t, err
		}
	}
	return t, nil
}

// checkID refuses ids that could not be one path segment of the API: "." and
// ".." (a proxy would resolve them into another endpoint), and control or
// space characters. A slash is fine: it is escaped.
func checkID(what, v string) error {
	bad := v == "." || v == ".." || strings.IndexFunc(v, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0
	if bad {
		return &usageError{msg: fmt.Sprintf("%q is not a valid %s id", v, what),
			hint: "use the id the platform gives (PLATFORM_PROJECT, PLATFORM_BRANCH)"}
	}
	return nil
}

// limits reads --timeout, --lock-wait and --retries, or their variables.
func (p *program) limits(c *cli.Context, wait bool) (timeout, lockWait time.Duration, retries int, err error) {
	timeout = time.Minute
	if wait {
		timeout = 30 * time.Minute
	}
	if timeout, err = p.duration(c, "timeout", "PSHCRON_TIMEOUT", timeout); err != nil {
		return
	}
	if timeout <= 0 {
		return 0, 0, 0, &usageError{msg: "--timeout must be positive", hint: "write it like 90s or 5m"}
	}
	if lockWait, err = p.duration(c, "lock-wait", "PSHCRON_LOCK_WAIT", 0); err != nil {
		return
	}
	retries = c.Int("retries")
	if !c.IsSet("retries") {
		if v := p.getenv("PSHCRON_RETRIES"); v != "" {
			if retries, err = strconv.Atoi(v); err != nil {
				return 0, 0, 0, &usageError{msg: fmt.Sprintf("PSHCRON_RETRIES %q is not a number", v), hint: "for example PSHCRON_RETRIES=3"}
			}
		}
	}
	if retries < 0 || retries > 20 {
		return 0, 0, 0, &usageError{msg: fmt.Sprintf("--retries %d is out of range", retries), hint: "use 0 to 20"}
	}
	return timeout, lockWait, retries, nil
}

// duration reads a duration flag, else its variable, else def. A negative
// one is refused either way (--skip-if-recent -1h would turn a guard off).
func (p *program) duration(c *cli.Context, name, envVar string, def time.Duration) (time.Duration, error) {
	if c.IsSet(name) {
		if d := c.Duration(name); d < 0 {
			return 0, &usageError{msg: fmt.Sprintf("--%s %s is negative", name, d), hint: "write it like 90s or 5m"}
		}
		return c.Duration(name), nil
	}
	v := p.getenv(envVar)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, &usageError{msg: fmt.Sprintf("%s %q is not a duration", envVar, v), hint: "write it like 90s or 5m"}
	}
	return d, nil
}
