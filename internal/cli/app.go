package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/rs/zerolog"
	"github.com/urfave/cli/v2"

	"github.com/pshcron/pshcron/internal/redact"
)

// Run is the whole program with its dependencies passed in; main only adds
// the real ones and exits with what Run returns. getenv and environ are the
// one environment, read by name and listed whole (os.Getenv, os.Environ):
// nothing below reads the process's own.
func Run(ctx context.Context, args []string, getenv func(string) string, environ func() []string, stdin io.Reader, stdout, stderr io.Writer) int {
	secrets := &redact.Set{}
	p := &program{
		getenv:   getenv,
		environ:  environ,
		stdin:    stdin,
		stdout:   secrets.Writer(stdout),
		stderr:   secrets.Writer(stderr),
		rawOut:   stdout,
		rawErr:   stderr,
		terminal: isTerminal(stderr),
		secrets:  secrets,
		log:      zerolog.Nop(),
	}
	app := p.newAppFor(args)
	err := helpTopic(app, args)
	if err == nil {
		err = app.RunContext(ctx, reorder(app, args))
	}
	code := p.report(ctx, err, wantsJSON(args))
	p.writeHeld()
	secrets.Flush() // a last line without its newline
	if p.ping != nil {
		p.ping.finish(ctx, code, p.gated.Load())
		secrets.Flush()
	}
	return code
}

// report prints a failure (the error line, its hint, and with --format json
// the JSON error, in the held report when there is one) and returns the
// exit code.
func (p *program) report(ctx context.Context, err error, asJSON bool) int {
	if err == nil {
		return exitOK
	}
	var job *jobExit
	if errors.As(err, &job) {
		return job.code // the job's own exit: pshcron's end line said it
	}
	if errors.Is(err, context.Canceled) {
		// Report the signal rather than a bare "context canceled".
		if cause := context.Cause(ctx); cause != nil && cause != context.Canceled {
			err = cause
		}
	}
	code, hint := classify(err)
	p.log.Debug().Int("exit", code).Err(err).Msg("failed")
	printError(p.stderr, err, hint)
	switch {
	case asJSON && p.held != nil:
		p.held.fail(newFailure(err, hint, code)) // one document: the report
	case asJSON && (p.jsonLines || p.several):
		_ = writeJSONLine(p.stdout, newFailure(err, hint, code))
	case asJSON:
		printJSONError(p.stdout, err, hint, code)
	}
	return code
}

// program holds what every command shares.
type program struct {
	getenv         func(string) string
	environ        func() []string
	stdin          io.Reader // for --value-file -
	stdout, stderr io.Writer
	// rawOut and rawErr are stdout and stderr unredacted: `run` passes its
	// job's output through byte for byte.
	rawOut, rawErr io.Writer
	terminal       bool
	secrets        *redact.Set
	log            zerolog.Logger
	verbosity      int
	// held is a --format json report written when the run ends, with the
	// failure in it (output.go); jsonLines, that stdout is JSON lines.
	held      jsonReport
	jsonLines bool
	// several is a run over several targets: with --format json its error
	// is a JSON line even when --quiet left out every other line.
	several bool
	ping    *pinger // with --ping
	// gated is set when a command's work stands behind a guard and lock,
	// so a run that ends without passing one was a skip (ping.go).
	gated atomic.Bool
	// dryRun parses a command line and runs nothing: lint's check of
	// pshcron lines.
	dryRun bool
	// runF, when set, runs in place of the command once its options are
	// read: a test sees what a command line reads into.
	runF func(cmd command, opts any) error
}

// newApp builds the urfave app from the command table, every command with
// its flags.
func (p *program) newApp() *cli.App { return p.newAppFor(nil) }

// newAppFor builds the app for one command line: when it names a command
// first, as a cron line does, only that command's flags are built. Building
// every command's, on every run, was most of what pshcron did before its
// command. Any other line (help, a flag before the name) gets them all.
func (p *program) newAppFor(args []string) *cli.App {
	app := &cli.App{
		Name:                   "pshcron",
		Usage:                  "run Platform.sh and Upsun backups, redeploys and source operations from crons, safely",
		Version:                version,
		HideVersion:            true, // -V and --version below: urfave's -v is our verbosity
		UseShortOptionHandling: true, // -yW, as the official CLI takes it
		Writer:                 p.stdout,
		ErrWriter:              p.stderr,
		ExitErrHandler:         func(*cli.Context, error) {},
		OnUsageError:           p.usageError(nil),
		Flags:                  []cli.Flag{&cli.BoolFlag{Name: "version", Aliases: []string{"V"}, Usage: "print the version"}},
		Action:                 p.noCommand,
	}
	named := ""
	if len(args) > 1 && !strings.HasPrefix(args[1], "-") {
		named = args[1]
	}
	cmds := p.commands()
	only := slices.ContainsFunc(cmds, func(c command) bool { return c.is(named) })
	for _, cmd := range cmds {
		c := p.urfaveCommand(cmd)
		if !only || cmd.is(named) {
			c.Flags = flagsOf(cmd, &p.verbosity)
		}
		app.Commands = append(app.Commands, c)
	}
	return app
}

// is reports whether name is the command's name or one of its aliases.
func (c command) is(name string) bool {
	return c.name == name || slices.Contains(c.aliases, name)
}

// urfaveCommand turns a row of the command table into urfave's form, with
// an action that reads the settings once; newAppFor adds its flags.
func (p *program) urfaveCommand(cmd command) *cli.Command {
	c := &cli.Command{
		Name: cmd.name, Aliases: cmd.aliases, Usage: cmd.usage, ArgsUsage: cmd.args,
		UseShortOptionHandling: true,
	}
	c.OnUsageError = p.usageError(c)
	c.Action = func(ctx *cli.Context) error {
		if err := checkArity(cmd, ctx.Args().Slice()); err != nil {
			return err
		}
		b, err := readSettings(ctx, p.getenv, p.verbosity, cmd)
		if err != nil {
			return err
		}
		s := b.settings
		if err := checkArgIDs(cmd.args, s); err != nil {
			return err
		}
		if p.dryRun {
			return nil
		}
		if p.runF != nil {
			return p.runF(cmd, b.opts)
		}
		if s.Ping != "" {
			if p.ping, err = p.newPinger(ctx.Context, s.Ping); err != nil {
				return err
			}
			// What stderr shows, redacted, is the pings' body too.
			p.stderr = io.MultiWriter(p.stderr, p.secrets.Writer(p.ping.log))
		}
		p.setupLog(s)
		// The ping's /start waits for a gate to pass (ping.go): a skip
		// sends none.
		return idOrigin(b.given(), p.getenv, b.work(p, ctx.Context))
	}
	return c
}

// noCommand is pshcron without a command: the help, exit 0, as the official
// CLI does (a build hook's `pshcron` smoke test must not fail the build);
// --version; or an unknown command, with a suggestion.
func (p *program) noCommand(c *cli.Context) error {
	switch {
	case c.Bool("version"):
		return p.version(c.Context, &Settings{outputOptions: outputOptions{formatOption: formatOption{Format: "text"}}})
	case c.NArg() > 0:
		name := c.Args().First()
		hint := "see pshcron list for the commands"
		if s := suggest(name, commandNames(c.App)); s != "" {
			hint = "did you mean " + s + "? " + hint
		}
		return usageErr(fmt.Sprintf("unknown command %q", name), hint)
	}
	return cli.ShowAppHelp(c)
}

// usageError turns urfave's flag errors into one line with a hint that
// names the command and, for an unknown flag, the closest known one.
func (p *program) usageError(cmd *cli.Command) cli.OnUsageErrorFunc {
	return func(c *cli.Context, err error, _ bool) error {
		name, flags := "pshcron", c.App.Flags
		if cmd != nil {
			name, flags = "pshcron "+cmd.Name, cmd.Flags
		}
		hint := "see " + name + " --help"
		msg := err.Error()
		if bad, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
			bad = strings.TrimLeft(bad, "-")
			msg = "unknown flag " + dashes(bad) + bad
			var names []string
			for _, f := range flags {
				names = append(names, f.Names()...)
			}
			if s := suggest(bad, names); s != "" {
				hint = "did you mean " + dashes(s) + s + "? " + hint
			}
			if cmd != nil && cmd.Name == "run" {
				// pshcron run ls -la: the job's own flags went to pshcron.
				hint = "the job goes after --: pshcron run [FLAGS] -- COMMAND [ARG...]; " + hint
			}
		}
		if bad, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
			// The flag package writes one dash whatever the name's length.
			bad = strings.TrimLeft(bad, "-")
			msg = dashes(bad) + bad + " needs a value"
		}
		return usageErr(msg, hint)
	}
}

func dashes(name string) string {
	if len(name) == 1 {
		return "-"
	}
	return "--"
}

func commandNames(app *cli.App) []string {
	var names []string
	for _, c := range app.Commands {
		names = append(names, c.Names()...)
	}
	return names
}

// wantsJSON reports whether the command line asks for JSON output, read
// from the arguments themselves, so that even an error in parsing them is
// reported as JSON.
func wantsJSON(args []string) bool {
	for i, a := range args {
		if a == "--format=json" || (a == "--format" && i+1 < len(args) && args[i+1] == "json") {
			return true
		}
	}
	return false
}

// setupLog builds the logger from the settings: --log-level, else debug
// with -v, else info.
func (p *program) setupLog(s *Settings) {
	level := s.LogLevel
	switch {
	case s.Verbosity > 0 && (level == "" || s.logLevelFromEnv):
		level = "debug" // -v on the command line wins over PSHCRON_LOG_LEVEL
	case level == "":
		level = "info"
	}
	format := s.LogFormat
	if format == "" {
		format = "auto" // a command without the log flags (version, list)
	}
	p.log = newLogger(p.stderr, p.terminal, p.getenv("NO_COLOR") != "", format, level, s.Quiet)
}
