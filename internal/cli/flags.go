package cli

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// Flags shared by the commands, named and spelt as the official CLI does
// where it has them.
var (
	projectFlag = &cli.StringFlag{Name: "project", Aliases: []string{"p"}, Usage: "project `ID` (default: PLATFORM_PROJECT)"}
	envFlag     = &cli.StringFlag{Name: "environment", Aliases: []string{"e"},
		Usage: "environment `ID`, as in PLATFORM_BRANCH (default: the container's own); naming another one drops the default guard"}
	formatFlag = &cli.StringFlag{Name: "format", Value: "text", Usage: "stdout `FORMAT`: text or json"}
	logFlags   = []cli.Flag{
		&cli.StringFlag{Name: "log-level", Value: "info", Usage: "`LEVEL` of the logs on stderr: debug, info, warn, error (env PSHCRON_LOG_LEVEL)"},
		&cli.StringFlag{Name: "log-format", Value: "auto", Usage: "`FORMAT` of the logs: auto (console on a terminal, else json), json, console"},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print only errors: no logs below warn, nothing on stdout"},
	}
)

// taskFlags are the flags of every command that fires an action.
func taskFlags(extra ...cli.Flag) []cli.Flag {
	flags := []cli.Flag{
		projectFlag, envFlag,
		&cli.StringSliceFlag{Name: "branch", Usage: "run only if the environment id matches `GLOB` (repeatable; env PSHCRON_BRANCH, comma-separated)"},
		&cli.StringSliceFlag{Name: "env-type", Usage: "run only on this environment `TYPE`: production, staging, development (repeatable; env PSHCRON_ENV_TYPE); default production for the container's own environment"},
		&cli.BoolFlag{Name: "any-environment", Usage: "turn the guard off: run on any environment"},
		&cli.BoolFlag{Name: "no-wait", Aliases: []string{"W"}, Usage: "do not wait for the activity (the default; accepted for the official CLI's crons)"},
		&cli.BoolFlag{Name: "wait", Usage: "wait for the activity to complete, logging its progress; exit 1 if it fails"},
		&cli.DurationFlag{Name: "timeout", Usage: "give up after `DURATION` in all (env PSHCRON_TIMEOUT)", DefaultText: "1m, or 30m with --wait"},
		&cli.DurationFlag{Name: "lock-wait", Usage: "when the same task is already running on this environment, wait up to `DURATION` for it instead of skipping (env PSHCRON_LOCK_WAIT)"},
		&cli.DurationFlag{Name: "skip-if-recent", Usage: "skip if the same action started on this environment within `DURATION` (one more request; for a cron copied into every app) (env PSHCRON_SKIP_IF_RECENT)"},
		&cli.IntFlag{Name: "retries", Value: 3, Usage: "retry a failed request up to `N` times, when that is safe (env PSHCRON_RETRIES)"},
		&cli.StringFlag{Name: "token-file", Usage: "read the API token from `FILE` when PLATFORMSH_CLI_TOKEN and UPSUN_CLI_TOKEN are unset (env PSHCRON_TOKEN_FILE)"},
		&cli.BoolFlag{Name: "yes", Aliases: []string{"y"}, Usage: "accepted for compatibility: pshcron never asks"},
		&cli.BoolFlag{Name: "no-interaction", Aliases: []string{"n"}, Usage: "accepted for compatibility: pshcron never asks"},
		formatFlag,
	}
	flags = append(flags, extra...)
	return append(flags, logFlags...)
}

// reorder moves a command's flags ahead of its arguments, so that
// `source-operation:run update --no-wait --yes`, common in real crons, works
// as it does with the official CLI (urfave/cli stops at the first argument),
// and spells every flag by its long name, so that `-v a --variable b` is one
// flag given twice (urfave/cli refuses two spellings of one flag). Whether a
// flag takes a value comes from the command's own definitions.
func reorder(app *cli.App, args []string) []string {
	i := 1
	for i < len(args) && strings.HasPrefix(args[i], "-") {
		i++
	}
	if i >= len(args) {
		return args
	}
	cmd := app.Command(args[i])
	if cmd == nil {
		return args
	}
	takesValue := map[string]bool{}
	long := map[string]string{}
	for _, f := range cmd.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
			long[n] = f.Names()[0]
		}
	}
	var flags, positional []string
	rest := args[i+1:]
	for j := 0; j < len(rest); j++ {
		a := rest[j]
		if a == "--" {
			positional = append(positional, rest[j+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			positional = append(positional, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if canonical, ok := long[name]; ok {
			a = "--" + canonical
			if hasValue {
				a += "=" + value
			}
		}
		flags = append(flags, a)
		if !hasValue && takesValue[name] && j+1 < len(rest) {
			flags = append(flags, rest[j+1])
			j++
		}
	}
	out := append([]string{}, args[:i+1]...)
	out = append(out, flags...)
	if len(positional) > 0 {
		// "--" keeps an argument that starts with a dash an argument.
		out = append(out, "--")
	}
	return append(out, positional...)
}
