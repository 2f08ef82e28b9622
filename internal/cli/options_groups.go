package cli

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/pshcron/pshcron/tasks"
)

// The groups most commands compose: output, where, gate, fleet, connect
// and list.

// formatOption is --format alone (version, list).
type formatOption struct {
	Format string // text, json, or a format of the command's own
}

func (o *formatOption) bind(b *binder) {
	b.str(&o.Format, &cli.StringFlag{Name: "format", Usage: "stdout `FORMAT`: text or json (errors too, as one JSON object); lists also take table, plain, csv and tsv", DefaultText: "text; for lists, table on a terminal, else plain"})
	b.check(checkFormat(o.Format, b.formats))
}

// outputOptions are what every command that reads the environment takes.
type outputOptions struct {
	formatOption
	LogLevel string // "" for the default
	// logLevelFromEnv is a level PSHCRON_LOG_LEVEL set, which -v on the
	// command line overrides: the flags win.
	logLevelFromEnv bool
	LogFormat       string
	Quiet           bool
	Verbosity       int
	Yes             bool
}

func (o *outputOptions) bind(b *binder) {
	o.formatOption.bind(b)
	level := &cli.StringFlag{Name: "log-level", Usage: "`LEVEL` of the logs on stderr: debug, info, warn (or warning), error", DefaultText: "info"}
	b.custom("PSHCRON_LOG_LEVEL", level, func(reader, string) error { return nil }) // read with --log-format, below
	b.custom("PSHCRON_LOG_FORMAT", &cli.StringFlag{Name: "log-format",
		Usage: "`FORMAT` of the logs: auto (console on a terminal, else plain), plain (a dated line per event), json, console", DefaultText: "auto"},
		func(r reader, format string) error { return o.readLogs(r, level.Name, format) })
	b.boolean(&o.Quiet, &cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print only warnings and errors on stderr; an action prints nothing on stdout (a read still prints what it reads)"})
	if !b.declaring("", &cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Count: b.verbosity, Usage: "more logs: -v, -vv and -vvv all mean debug"}) {
		o.Verbosity = *b.verbosity
	}
	b.boolean(&o.Yes, &cli.BoolFlag{Name: "yes", Aliases: []string{"y"}, Usage: "accepted for compatibility: pshcron never asks"})
	b.boolean(new(bool), &cli.BoolFlag{Name: "no-interaction", Aliases: []string{"n"}, Usage: "accepted for compatibility: pshcron never asks"})
}

// projectOption is -p: one project, or several for a fleet.
type projectOption struct {
	Project  string   // the first given; "" when not
	Projects []string // every -p given
}

func (o *projectOption) bind(b *binder) {
	b.ids(&o.Projects, "project", &cli.StringSliceFlag{Name: "project", Aliases: []string{"p"}, Usage: "project `ID` (default: PLATFORM_PROJECT); repeatable for a fleet"})
	if len(o.Projects) > 0 {
		o.Project = o.Projects[0]
	}
}

// whereOptions say where to act or read: -p and -e.
type whereOptions struct {
	projectOption
	Environment  string   // the first given; "" when not
	Environments []string // every -e given
}

func (o *whereOptions) bind(b *binder) {
	o.projectOption.bind(b)
	b.ids(&o.Environments, "environment", &cli.StringSliceFlag{Name: "environment", Aliases: []string{"e"},
		Usage: "environment `ID`, as in PLATFORM_BRANCH (default: the container's own); naming another one drops the default guard"})
	if len(o.Environments) > 0 {
		o.Environment = o.Environments[0]
	}
}

// allOption is -a/--all: a selection, or the project's.
type allOption struct{ All bool }

func (o *allOption) bind(b *binder) {
	b.boolean(&o.All, &cli.BoolFlag{Name: "all", Aliases: []string{"a"},
		Usage: "all environments: to pause or resume, every one the guard selects (by default development and staging; production only when named with -e); for cron:check and health, every one the guard selects (all without one); for activity:list, the project's"})
}

// pingOption is --ping: a monitor told how the run went.
type pingOption struct {
	Ping string // a healthchecks.io check's URL
}

func (o *pingOption) bind(b *binder) {
	b.value(&o.Ping, "PSHCRON_PING_URL", &cli.StringFlag{Name: "ping",
		Usage: "ping this healthchecks.io check `URL`: /start when the work starts, the URL on success, /EXITCODE on failure, the log as the body; a guard or lock skip sends only /log (run: nothing)"})
}

// guardOptions say where a command may run, and how it meets another run
// of itself: what run takes of the gate.
type guardOptions struct {
	Branches, EnvTypes []string
	AnyEnvironment     bool
	LockWait           time.Duration
}

func (o *guardOptions) bind(b *binder) {
	branch := &cli.StringSliceFlag{Name: "branch", Usage: "run only if the environment id matches `GLOB` (repeatable)"}
	b.list(&o.Branches, "PSHCRON_BRANCH", branch)
	envType := &cli.StringSliceFlag{Name: "env-type",
		Usage: "run only on this environment `TYPE`: production, staging, development (repeatable); without a guard, the command's own default applies to the container's environment: production for backups, redeploys, certificates, source operations, checks and run, development and staging for pause and resume, nowhere for sync"}
	b.list(&o.EnvTypes, "PSHCRON_ENV_TYPE", envType)
	b.boolean(&o.AnyEnvironment, &cli.BoolFlag{Name: "any-environment", Usage: "turn the guard off: run on any environment"})
	b.duration(&o.LockWait, "PSHCRON_LOCK_WAIT", &cli.StringFlag{Name: "lock-wait",
		Usage: "when the same task is already running on this environment, wait up to `DURATION` for it instead of skipping"})
	if b.r != nil && b.err == nil {
		b.check(o.checkGuard(b.isSet(branch) || b.isSet(envType)))
	}
}

// checkGuard validates the guard's patterns and types, and what contradicts.
func (o *guardOptions) checkGuard(guardGiven bool) error {
	if err := checkGlobs("branch", o.Branches); err != nil {
		return err
	}
	for i, t := range o.EnvTypes {
		o.EnvTypes[i] = strings.ToLower(strings.TrimSpace(t))
		if !slices.Contains(tasks.EnvTypes(), o.EnvTypes[i]) {
			return usageErr(fmt.Sprintf("--env-type %s is not an environment type", t), "use production, staging or development")
		}
	}
	if o.AnyEnvironment && guardGiven {
		return usageErr("--any-environment contradicts --branch and --env-type",
			"drop --any-environment to keep the guard, or drop the guard flags to run everywhere")
	}
	return nil
}

// checkGlobs refuses a pattern path.Match cannot read: it would match
// nothing, silently.
func checkGlobs(flag string, globs []string) error {
	for _, g := range globs {
		if _, err := path.Match(g, ""); err != nil {
			return usageErr(fmt.Sprintf("--%s %s is not a valid pattern", flag, g), "patterns use *, ? and [a-z]; quote them in the cron line")
		}
	}
	return nil
}

// gateOptions are what stands before an action: the guard and lock, and
// the action's activity (waiting for it, a recent one).
type gateOptions struct {
	guardOptions
	Wait         bool
	SkipIfRecent time.Duration
}

func (o *gateOptions) bind(b *binder) {
	o.guardOptions.bind(b)
	var noWait bool
	b.boolean(&noWait, &cli.BoolFlag{Name: "no-wait", Aliases: []string{"W"}, Usage: "do not wait for the activity (the default; accepted for the official CLI's crons)"})
	b.boolean(&o.Wait, &cli.BoolFlag{Name: "wait", Usage: "wait for the activity to complete, logging its progress; exit 1 if it fails"})
	b.duration(&o.SkipIfRecent, "PSHCRON_SKIP_IF_RECENT", &cli.StringFlag{Name: "skip-if-recent",
		Usage: "skip if the same action started on this environment within `DURATION` (one more request; for a cron copied into every app)"})
	if b.r != nil && b.err == nil && o.Wait && noWait {
		b.check(usageErr("--wait and --no-wait contradict each other", "a cron should not wait: drop --wait"))
	}
}

// fleetOptions are a run over several targets.
type fleetOptions struct {
	TargetsFile    string
	Concurrency    int
	Jitter         time.Duration
	ShardK, ShardN int // --shard K/N; N 0 when not given
}

func (o *fleetOptions) bind(b *binder) {
	b.str(&o.TargetsFile, &cli.StringFlag{Name: "targets", Usage: "act on the targets in `FILE` (- for stdin): PROJECT[:ENVIRONMENT] a line, or a JSON array of {project, environment, token_env}"})
	b.integer(&o.Concurrency, "", 8, 1, 64, &cli.StringFlag{Name: "concurrency", Usage: "act on at most `N` targets at once (1 to 64)", DefaultText: "8"})
	b.duration(&o.Jitter, "", &cli.StringFlag{Name: "jitter", Usage: "start each target after a random delay within `DURATION`, to spread the load"})
	b.custom("", &cli.StringFlag{Name: "shard", Usage: "take the `K/N`-th of N deterministic slices of the targets (a CI matrix of N jobs)"},
		func(r reader, name string) (err error) {
			if v := r.c.String(name); v != "" {
				o.ShardK, o.ShardN, err = parseShard(v)
			}
			return err
		})
}

// tokenFileOption is where the token may come from.
type tokenFileOption struct{ TokenFile string }

func (o *tokenFileOption) bind(b *binder) {
	b.value(&o.TokenFile, "PSHCRON_TOKEN_FILE", &cli.StringFlag{Name: "token-file", Usage: "read the API token from `FILE` when PLATFORMSH_CLI_TOKEN and UPSUN_CLI_TOKEN are unset"})
}

// connectOptions are how any command that reaches the platform connects.
type connectOptions struct {
	Timeout time.Duration // 0 when not given: the command's default
	Retries int
	tokenFileOption
}

func (o *connectOptions) bind(b *binder) {
	b.positiveDuration(&o.Timeout, "PSHCRON_TIMEOUT", &cli.StringFlag{Name: "timeout", Usage: "give up after `DURATION` in all", DefaultText: "1m, or 30m with --wait or --follow"})
	b.integer(&o.Retries, "PSHCRON_RETRIES", 3, 0, 20, &cli.StringFlag{Name: "retries", Usage: "retry a failed request up to `N` times (0 to 20), when that is safe", DefaultText: "3"})
	o.tokenFileOption.bind(b)
}

// listOptions are how a list prints.
type listOptions struct {
	Pipe     bool
	Columns  []string
	NoHeader bool
}

func (o *listOptions) bind(b *binder) {
	b.boolean(&o.Pipe, &cli.BoolFlag{Name: "pipe", Usage: "print only the ids, one a line"})
	b.strs(&o.Columns, splitAll, &cli.StringSliceFlag{Name: "columns", Aliases: []string{"c"}, Usage: "the `COLUMNS` to show (repeatable or comma-separated)"})
	b.boolean(&o.NoHeader, &cli.BoolFlag{Name: "no-header", Usage: "print no header line"})
}
