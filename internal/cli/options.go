package cli

import (
	"github.com/urfave/cli/v2"
)

// The flag table: every flag of every command, defined once, named and
// spelt as the official CLI does where it has them, with the PSHCRON_*
// variable that stands in for it when the command line leaves it unset.
//
// Durations and numbers are string flags, parsed in settings.go rather than
// by urfave: urfave's typed flags and EnvVars would parse the values
// themselves, and their errors could neither say whether the flag or the
// variable was wrong nor carry a hint. The table is built afresh for each
// run, since urfave keeps parse state in its flags.

// option is one flag and the variable that stands in for it.
type option struct {
	flag cli.Flag
	env  string
}

// optionTable returns every flag by name.
func optionTable(verbosity *int) map[string]option {
	o := map[string]option{}
	add := func(env string, f cli.Flag) { o[f.Names()[0]] = option{flag: f, env: env} }
	outputOptions(add, verbosity)
	for _, group := range []func(func(string, cli.Flag)){whereOptions, guardOptions, ownOptions, variableOptions, restoreOptions, listOptions} {
		group(add)
	}
	for name, opt := range o {
		if opt.env != "" {
			setUsage(opt.flag, usageOf(opt.flag)+" (env "+opt.env+")")
		}
		o[name] = opt
	}
	return o
}

// outputOptions are what every command that reads the environment takes.
func outputOptions(add func(env string, f cli.Flag), verbosity *int) {
	add("", &cli.StringFlag{Name: "format", Usage: "stdout `FORMAT`: text or json (errors too, as one JSON object); lists also take table, plain, csv and tsv", DefaultText: "text; for lists, table on a terminal, else plain"})
	add("PSHCRON_LOG_LEVEL", &cli.StringFlag{Name: "log-level", Usage: "`LEVEL` of the logs on stderr: debug, info, warn (or warning), error", DefaultText: "info"})
	add("PSHCRON_LOG_FORMAT", &cli.StringFlag{Name: "log-format",
		Usage: "`FORMAT` of the logs: auto (console on a terminal, else plain), plain (a dated line per event), json, console", DefaultText: "auto"})
	add("", &cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print only errors: no logs below warn, nothing on stdout"})
	add("", &cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Count: verbosity, Usage: "more logs: -v, -vv and -vvv all mean debug"})
	add("", &cli.BoolFlag{Name: "yes", Aliases: []string{"y"}, Usage: "accepted for compatibility: pshcron never asks"})
	add("", &cli.BoolFlag{Name: "no-interaction", Aliases: []string{"n"}, Usage: "accepted for compatibility: pshcron never asks"})
}

// whereOptions say where to act.
func whereOptions(add func(env string, f cli.Flag)) {
	add("", &cli.StringSliceFlag{Name: "project", Aliases: []string{"p"}, Usage: "project `ID` (default: PLATFORM_PROJECT); repeatable for a fleet"})
	add("", &cli.StringFlag{Name: "targets", Usage: "act on the targets in `FILE` (- for stdin): PROJECT[:ENVIRONMENT] a line, or a JSON array of {project, environment, token_env}"})
	add("", &cli.StringFlag{Name: "concurrency", Usage: "act on at most `N` targets at once (1 to 64)", DefaultText: "8"})
	add("", &cli.StringFlag{Name: "jitter", Usage: "start each target after a random delay within `DURATION`, to spread the load"})
	add("", &cli.StringFlag{Name: "shard", Usage: "take the `K/N`-th of N deterministic slices of the targets (a CI matrix of N jobs)"})
	add("", &cli.StringSliceFlag{Name: "environment", Aliases: []string{"e"},
		Usage: "environment `ID`, as in PLATFORM_BRANCH (default: the container's own); naming another one drops the default guard"})
	add("", &cli.BoolFlag{Name: "all", Aliases: []string{"a"},
		Usage: "all environments: to pause or resume, every one the guard selects (by default development and staging; production only when named with -e); for activity:list, the project's"})
}

// guardOptions are the guard, the lock and the clock.
func guardOptions(add func(env string, f cli.Flag)) {
	add("PSHCRON_BRANCH", &cli.StringSliceFlag{Name: "branch", Usage: "run only if the environment id matches `GLOB` (repeatable)"})
	add("PSHCRON_ENV_TYPE", &cli.StringSliceFlag{Name: "env-type",
		Usage: "run only on this environment `TYPE`: production, staging, development (repeatable); without a guard, the command's own default applies to the container's environment: production for backups, redeploys, certificates and source operations, development and staging for pause and resume, nowhere for sync"})
	add("", &cli.BoolFlag{Name: "any-environment", Usage: "turn the guard off: run on any environment"})
	add("", &cli.BoolFlag{Name: "no-wait", Aliases: []string{"W"}, Usage: "do not wait for the activity (the default; accepted for the official CLI's crons)"})
	add("", &cli.BoolFlag{Name: "wait", Usage: "wait for the activity to complete, logging its progress; exit 1 if it fails"})
	add("PSHCRON_TIMEOUT", &cli.StringFlag{Name: "timeout", Usage: "give up after `DURATION` in all", DefaultText: "1m, or 30m with --wait or --follow"})
	add("PSHCRON_LOCK_WAIT", &cli.StringFlag{Name: "lock-wait",
		Usage: "when the same task is already running on this environment, wait up to `DURATION` for it instead of skipping"})
	add("PSHCRON_SKIP_IF_RECENT", &cli.StringFlag{Name: "skip-if-recent",
		Usage: "skip if the same action started on this environment within `DURATION` (one more request; for a cron copied into every app)"})
	add("PSHCRON_RETRIES", &cli.StringFlag{Name: "retries", Usage: "retry a failed request up to `N` times (0 to 20), when that is safe", DefaultText: "3"})
	add("PSHCRON_PING_URL", &cli.StringFlag{Name: "ping",
		Usage: "ping this healthchecks.io check `URL`: /start when the work starts, the URL on success, /EXITCODE on failure, the log as the body; a guard or lock skip sends only /log"})
	add("PSHCRON_TOKEN_FILE", &cli.StringFlag{Name: "token-file", Usage: "read the API token from `FILE` when PLATFORMSH_CLI_TOKEN and UPSUN_CLI_TOKEN are unset"})
}

// ownOptions are one command's own.
func ownOptions(add func(env string, f cli.Flag)) {
	add("", &cli.BoolFlag{Name: "live", Usage: "take a live backup, without pausing the environment"})
	add("", &cli.BoolFlag{Name: "rebase", Usage: "synchronize code by rebasing instead of merging"})
	for _, period := range []string{"last", "hourly", "daily", "weekly", "monthly", "yearly"} {
		what := "the newest backup of each of the last `N` " + map[string]string{"hourly": "hours", "daily": "days", "weekly": "ISO weeks",
			"monthly": "months", "yearly": "years"}[period] + " that have one"
		if period == "last" {
			what = "the newest `N` backups"
		}
		add("", &cli.StringFlag{Name: "keep-" + period, Usage: "keep " + what})
	}
	add("", &cli.StringFlag{Name: "keep-within", Usage: "keep every backup within `DURATION` of the newest"})
	add("", &cli.BoolFlag{Name: "dry-run", Usage: "print the plan, each backup kept or deleted and why; delete nothing"})
	add("PSHCRON_MAX_AGE", &cli.StringFlag{Name: "max-age", Usage: "the newest restorable backup may be at most `DURATION` old", DefaultText: "26h"})
}

// variableOptions are the variables', as the official CLI takes them: booleans as values
// (--sensitive true), so a copied line works.
func variableOptions(add func(env string, f cli.Flag)) {
	add("", &cli.StringFlag{Name: "level", Aliases: []string{"l"}, Usage: "the variable's `LEVEL`: project (p) or environment (e)"})
	add("", &cli.StringFlag{Name: "name", Usage: "the variable's `NAME` (or give it as the argument)"})
	add("", &cli.StringFlag{Name: "value", Usage: "the variable's `VALUE`; for a sensitive one prefer --value-file, which keeps it out of the process list"})
	add("", &cli.StringFlag{Name: "value-file", Usage: "read the value from `FILE` (- for stdin); a trailing newline is dropped"})
	add("", &cli.StringFlag{Name: "prefix", Usage: "`PREFIX` of the name when it has none: env (an environment variable) or none", DefaultText: "none"})
	for _, b := range []struct{ name, usage string }{
		{"json", "whether the value is JSON"}, {"sensitive", "whether the value is sensitive: never returned, never printed"},
		{"visible-build", "whether it is visible at build time"}, {"visible-runtime", "whether it is visible at runtime"},
		{"enabled", "(environment level) whether it is enabled"}, {"inheritable", "(environment level) whether child environments inherit it"},
	} {
		add("", &cli.StringFlag{Name: b.name, Usage: b.usage + ": `true` or false"})
	}
	add("", &cli.BoolFlag{Name: "update", Aliases: []string{"u"}, Usage: "update the variable if it exists already"})
	add("", &cli.StringFlag{Name: "property", Aliases: []string{"P"}, Usage: "print only this `PROPERTY` (value, name, is_sensitive, ...)"})
}

// restoreOptions are the restores' and deploys'.
func restoreOptions(add func(env string, f cli.Flag)) {
	add("", &cli.StringFlag{Name: "target", Usage: "restore to this environment `ID` (default: the backup's own)"})
	add("", &cli.StringFlag{Name: "branch-from", Usage: "the parent `ID` of a --target that does not exist yet"})
	add("", &cli.BoolFlag{Name: "no-code", Usage: "restore data only, not code"})
	add("", &cli.BoolFlag{Name: "no-resources", Usage: "keep the target's resource settings"})
	add("", &cli.StringFlag{Name: "strategy", Usage: "deployment `STRATEGY`: rolling or stopstart (default: the environment's)"})
	add("", &cli.BoolFlag{Name: "follow", Usage: "follow the log until the activity ends (within --timeout)"})
}

// listOptions are the lists'.
func listOptions(add func(env string, f cli.Flag)) {
	add("", &cli.StringFlag{Name: "fail-on", Value: "warning", Usage: "exit 1 when a finding is at or above `SEVERITY`: info, warning, error"})
	add("", &cli.StringFlag{Name: "explain", Usage: "say why lint `RULE` matters, and its fix"})
	add("", &cli.StringSliceFlag{Name: "type", Aliases: []string{"t"}, Usage: "only this `TYPE` (repeatable; for activities, % or * a wildcard, cron for environment.cron)"})
	add("", &cli.StringSliceFlag{Name: "status", Usage: "only environments with this `STATUS`: active, inactive, paused, dirty, deleting (repeatable)"})
	add("", &cli.StringFlag{Name: "state", Usage: "only activities in this `STATE` (or these, comma-separated): pending, in_progress, complete, cancelled, scheduled, staged"})
	add("", &cli.StringSliceFlag{Name: "exclude-type", Aliases: []string{"x"},
		Usage: "leave out activities of this `TYPE` (repeatable; % or * a wildcard, cron for environment.cron): asks for every other known type"})
	add("", &cli.BoolFlag{Name: "incomplete", Aliases: []string{"i"}, Usage: "only incomplete activities: --state in_progress,pending"})
	add("", &cli.StringFlag{Name: "result", Usage: "only activities with this `RESULT`: success or failure"})
	add("", &cli.StringFlag{Name: "limit", Usage: "at most `N` activities (1 to 100)", DefaultText: "10"})
	add("", &cli.BoolFlag{Name: "pipe", Usage: "print only the ids, one a line"})
	add("", &cli.BoolFlag{Name: "no-inactive", Aliases: []string{"I"}, Usage: "leave out inactive environments"})
	add("", &cli.StringSliceFlag{Name: "columns", Aliases: []string{"c"}, Usage: "the `COLUMNS` to show (repeatable or comma-separated)"})
	add("", &cli.BoolFlag{Name: "no-header", Usage: "print no header line"})
	add("", &cli.StringSliceFlag{Name: "variable",
		Usage: "a variable for the operation, as `TYPE:NAME=value` (env:NAME=value for an environment variable; repeatable)"})
	add("", &cli.StringFlag{Name: "within", Usage: "a platform certificate expiring within `DAYS` (0 to 89) needs a redeploy (the platform renews from 28 days before)", DefaultText: "20"})
	add("", &cli.BoolFlag{Name: "force", Usage: "redeploy whatever the certificates say (the old fixed-schedule recipe)"})
	add("", &cli.BoolFlag{Name: "probe", Usage: "also read the certificate each domain serves, over TLS"})
	add("", &cli.BoolFlag{Name: "check", Usage: "only report: a table of domains on stdout; exit 1 if one needs action"})
	add("", &cli.StringSliceFlag{Name: "ignore-domain",
		Usage: "leave out domains matching `GLOB` (repeatable); hosts the platform generates are left out unless a project certificate covers them"})
}

// Flag groups, by what a command does.
var (
	outputFlags = []string{"format", "log-level", "log-format", "quiet", "verbose", "yes", "no-interaction"}
	targetFlags = []string{"project", "environment"}
	actionFlags = []string{"branch", "env-type", "any-environment", "no-wait", "wait", "timeout", "lock-wait",
		"skip-if-recent", "retries", "token-file", "ping", "targets", "concurrency", "jitter", "shard"}
)

func usageOf(f cli.Flag) string {
	if d, ok := f.(cli.DocGenerationFlag); ok {
		return d.GetUsage()
	}
	return ""
}

func setUsage(f cli.Flag, usage string) {
	switch f := f.(type) {
	case *cli.StringFlag:
		f.Usage = usage
	case *cli.StringSliceFlag:
		f.Usage = usage
	case *cli.BoolFlag:
		f.Usage = usage
	}
}

// commandFlag is the flag as cmd shows it: --yes says it is required where
// it is.
func commandFlag(cmd command, name string, f cli.Flag) cli.Flag {
	if b, ok := f.(*cli.BoolFlag); ok && name == "yes" && cmd.yes != "" {
		own := *b
		own.Usage = cmd.yes
		return &own
	}
	return f
}
