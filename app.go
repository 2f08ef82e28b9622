package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pshcron/pshcron/envdetect"
	"github.com/pshcron/pshcron/internal/httpretry"
	"github.com/pshcron/pshcron/internal/redact"
	"github.com/pshcron/pshcron/tasks"
	"github.com/pshcron/pshcron/tokenauth"
	"github.com/rs/zerolog"
	"github.com/urfave/cli/v2"
)

// run is the whole program with its dependencies passed in; main only adds
// the real ones and exits with what run returns.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	secrets := &redact.Set{}
	p := &program{
		getenv:   getenv,
		stdout:   secrets.Writer(stdout),
		stderr:   secrets.Writer(stderr),
		terminal: isTerminal(stderr),
		secrets:  secrets,
		log:      zerolog.Nop(),
	}
	app := p.newApp()
	err := app.RunContext(ctx, reorder(app, args))
	if err == nil {
		return exitOK
	}
	if errors.Is(err, context.Canceled) {
		// Report the signal rather than a bare "context canceled".
		if cause := context.Cause(ctx); cause != nil && cause != context.Canceled {
			err = cause
		}
	}
	code := exitCode(err)
	p.log.Debug().Int("exit", code).Err(err).Msg("failed")
	printError(p.stderr, err)
	return code
}

// program holds what every command shares.
type program struct {
	getenv         func(string) string
	stdout, stderr io.Writer
	terminal       bool
	secrets        *redact.Set
	log            zerolog.Logger
}

func (p *program) newApp() *cli.App {
	usage := func(_ *cli.Context, err error, _ bool) error {
		return &usageError{msg: err.Error(), hint: "see pshcron COMMAND --help"}
	}
	app := &cli.App{
		Name:            "pshcron",
		Usage:           "run Platform.sh and Upsun backups, redeploys and source operations from crons, safely",
		Version:         version,
		HideHelpCommand: true,
		Writer:          p.stdout,
		ErrWriter:       p.stderr,
		ExitErrHandler:  func(*cli.Context, error) {},
		OnUsageError:    usage,
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return &usageError{msg: fmt.Sprintf("unknown command %q", c.Args().First()), hint: "see pshcron --help for the commands"}
			}
			_ = cli.ShowAppHelp(c)
			return &usageError{msg: "no command given", hint: "for example: pshcron backup:create --yes --no-wait"}
		},
		Commands: []*cli.Command{
			{
				Name:    "backup:create",
				Aliases: []string{"backup", "snapshot:create"},
				Usage:   "back up the environment (a safe backup; --live for a live one)",
				Flags:   taskFlags(&cli.BoolFlag{Name: "live", Usage: "take a live backup, without pausing the environment"}),
				Action: func(c *cli.Context) error {
					return p.runTask(c, tasks.Backup{Live: c.Bool("live")})
				},
			},
			{
				Name:    "environment:redeploy",
				Aliases: []string{"redeploy"},
				Usage:   "redeploy the environment, which also renews its certificates",
				Flags:   taskFlags(),
				Action: func(c *cli.Context) error {
					return p.runTask(c, tasks.Redeploy{})
				},
			},
			{
				Name:      "source-operation:run",
				Usage:     "run a source operation defined in the app's configuration",
				ArgsUsage: "OPERATION",
				Flags: taskFlags(&cli.StringSliceFlag{Name: "variable", Aliases: []string{"v"},
					Usage: "pass a variable to the operation as env:`NAME=value` (repeatable)"}),
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return &usageError{msg: "source-operation:run takes one operation name", hint: "for example: pshcron source-operation:run update --no-wait"}
					}
					vars, err := tasks.ParseVariables(c.StringSlice("variable"))
					if err != nil {
						return err
					}
					return p.runTask(c, tasks.SourceOperation{Operation: c.Args().First(), Env: vars})
				},
			},
			{
				Name:   "env",
				Usage:  "print what pshcron detects about the environment (never a secret)",
				Flags:  append([]cli.Flag{projectFlag, envFlag, formatFlag}, logFlags...),
				Action: p.envCommand,
			},
			{
				Name:   "version",
				Usage:  "print the version, commit and Go version",
				Flags:  []cli.Flag{formatFlag},
				Action: p.versionCommand,
			},
		},
	}
	for _, c := range app.Commands {
		c.OnUsageError = usage
	}
	return app
}

// setupLog builds the logger from the command's flags.
func (p *program) setupLog(c *cli.Context) error {
	level := c.String("log-level")
	if !c.IsSet("log-level") && p.getenv("PSHCRON_LOG_LEVEL") != "" {
		level = p.getenv("PSHCRON_LOG_LEVEL")
	}
	log, err := newLogger(p.stderr, p.terminal, p.getenv("NO_COLOR") != "", c.String("log-format"), level, c.Bool("quiet"))
	if err != nil {
		return err
	}
	p.log = log
	return nil
}

// begin is what every command that reads the environment does first: set up
// the logs, check the output format, detect the environment.
func (p *program) begin(c *cli.Context) (format string, env *envdetect.Env, err error) {
	if err := p.setupLog(c); err != nil {
		return "", nil, err
	}
	if format, err = outputFormat(c); err != nil {
		return "", nil, err
	}
	return format, envdetect.Detect(p.getenv), nil
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
	return t, nil
}

// runTask is every action command: resolve, guard, fire, print.
func (p *program) runTask(c *cli.Context, action tasks.Action) error {
	format, env, err := p.begin(c)
	if err != nil {
		return err
	}
	target, err := p.target(c, env)
	if err != nil {
		return err
	}
	guard, err := tasks.NewGuard(p.listFlag(c, "branch", "PSHCRON_BRANCH"), p.listFlag(c, "env-type", "PSHCRON_ENV_TYPE"),
		c.Bool("any-environment"), c.IsSet("environment"))
	if err != nil {
		return err
	}
	job := tasks.Job{Target: target, Guard: guard, Action: action}
	if env.Phase == envdetect.PhaseRuntime && target.Project == env.Project && target.Environment == env.Branch {
		job.KnownType = env.Type
	}
	if c.Bool("wait") && c.Bool("no-wait") {
		return &usageError{msg: "--wait and --no-wait contradict each other", hint: "a cron should not wait: drop --wait"}
	}
	job.Wait = c.Bool("wait")
	endpoints, err := tokenauth.ResolveEndpoints(p.getenv)
	if err != nil {
		return err
	}
	timeout, lockWait, retries, err := p.limits(c, job.Wait)
	if err != nil {
		return err
	}
	job.LockWait = lockWait
	ctx, cancel := context.WithTimeout(c.Context, timeout)
	defer cancel()
	tokenFile := c.String("token-file")
	if !c.IsSet("token-file") {
		tokenFile = p.getenv("PSHCRON_TOKEN_FILE")
	}
	res, err := tasks.Run(ctx, tasks.Config{
		Getenv:    p.getenv,
		TokenFile: tokenFile,
		Endpoints: endpoints,
		HTTP:      newHTTPClient(retries, p.log),
		UserAgent: userAgent(),
		Log:       p.log,
		Now:       time.Now,
		Retries:   retries,
		Secret:    p.secrets.Add,
	}, job)
	if res != nil && !c.Bool("quiet") {
		if perr := printResult(p.stdout, format, res); perr != nil && err == nil {
			err = perr
		}
	}
	return err
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

// duration reads a duration flag, else its variable, else def.
func (p *program) duration(c *cli.Context, name, envVar string, def time.Duration) (time.Duration, error) {
	if c.IsSet(name) {
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

// newHTTPClient is the one base client: the token exchange and the API calls
// share its connections and its retry policy.
func newHTTPClient(retries int, log zerolog.Logger) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.ResponseHeaderTimeout = 30 * time.Second
	tr.TLSHandshakeTimeout = 10 * time.Second
	return &http.Client{Transport: &httpretry.Transport{
		Base: tr, Retries: retries, MinWait: 500 * time.Millisecond, MaxWait: 15 * time.Second, Log: log,
	}}
}
