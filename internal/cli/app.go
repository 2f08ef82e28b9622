package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/pshcron/pshcron/envdetect"
	"github.com/pshcron/pshcron/internal/redact"
	"github.com/pshcron/pshcron/tasks"
	"github.com/rs/zerolog"
	"github.com/urfave/cli/v2"
)

// Run is the whole program with its dependencies passed in; main only adds
// the real ones and exits with what Run returns.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
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
		// -yW, as the official CLI takes it.
		UseShortOptionHandling: true,
		Writer:                 p.stdout,
		ErrWriter:              p.stderr,
		ExitErrHandler:         func(*cli.Context, error) {},
		OnUsageError:           usage,
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
				Name:    "cert:renew",
				Aliases: []string{"renew-cert"},
				Usage:   "redeploy only when a certificate needs it: expiring, invalid or missing (--check only reports)",
				Flags: taskFlags(
					&cli.IntFlag{Name: "within", Value: 20, Usage: "a platform certificate expiring within `DAYS` needs a redeploy (the platform renews from 28 days before)"},
					&cli.BoolFlag{Name: "force", Usage: "redeploy whatever the certificates say (the old fixed-schedule recipe)"},
					&cli.BoolFlag{Name: "probe", Usage: "also read the certificate each domain serves, over TLS"},
					&cli.BoolFlag{Name: "check", Usage: "only report: a table of domains on stdout; exit 1 if one needs action"},
					&cli.StringSliceFlag{Name: "ignore-domain", Usage: "leave out domains matching `GLOB` (repeatable); hosts the platform generates are left out unless a project certificate covers them"},
				),
				Action: p.certCommand,
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
		c.UseShortOptionHandling = true
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
