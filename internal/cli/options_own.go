package cli

import (
	"time"

	"github.com/urfave/cli/v2"

	"github.com/pshcron/pshcron/internal/retention"
)

// The groups of one command, or of one family: backups, certificates,
// restores, activities and environments, variables, lint.

// policyOptions are the retention policy's: --keep-*.
type policyOptions struct{ Keep retention.Policy }

func (o *policyOptions) bind(b *binder) {
	for _, f := range []struct {
		period, what string
		n            *int
	}{{"last", "the newest `N` backups", &o.Keep.Last}, {"hourly", "hours", &o.Keep.Hourly}, {"daily", "days", &o.Keep.Daily},
		{"weekly", "ISO weeks", &o.Keep.Weekly}, {"monthly", "months", &o.Keep.Monthly}, {"yearly", "years", &o.Keep.Yearly}} {
		what := f.what
		if f.period != "last" {
			what = "the newest backup of each of the last `N` " + what + " that have one"
		}
		b.integer(f.n, "", 0, 0, 1000, &cli.StringFlag{Name: "keep-" + f.period, Usage: "keep " + what})
	}
	b.duration(&o.Keep.Within, "", &cli.StringFlag{Name: "keep-within", Usage: "keep every backup within `DURATION` of the newest"})
}

// liveOption is backup:create's --live.
type liveOption struct{ Live bool }

func (o *liveOption) bind(b *binder) {
	b.boolean(&o.Live, &cli.BoolFlag{Name: "live", Usage: "take a live backup, without pausing the environment"})
}

// dryRunOption is backup:prune's --dry-run.
type dryRunOption struct{ DryRun bool }

func (o *dryRunOption) bind(b *binder) {
	b.boolean(&o.DryRun, &cli.BoolFlag{Name: "dry-run", Usage: "print the plan, each backup kept or deleted and why; delete nothing"})
}

// maxAgeOption is backup:check's --max-age.
type maxAgeOption struct{ MaxAge time.Duration }

func (o *maxAgeOption) bind(b *binder) {
	b.positiveDuration(&o.MaxAge, "PSHCRON_MAX_AGE", &cli.StringFlag{Name: "max-age", Usage: "the newest restorable backup may be at most `DURATION` old", DefaultText: "26h"})
	if o.MaxAge == 0 {
		o.MaxAge = 26 * time.Hour // a daily backup cron and its random delay
	}
}

// windowOption is cron:check's and health's --window: how far back to read
// the crons' runs.
type windowOption struct{ Window time.Duration }

func (o *windowOption) bind(b *binder) {
	b.positiveDuration(&o.Window, "PSHCRON_WINDOW", &cli.StringFlag{Name: "window",
		Usage: "read the crons' runs of the last `DURATION`", DefaultText: "26h"})
	if o.Window == 0 {
		o.Window = 26 * time.Hour // a daily cron, its random delay and a margin
	}
}

// operationOptions are source-operation:run's --variable.
type operationOptions struct {
	Variables map[string]map[string]string // TYPE -> NAME -> value
}

func (o *operationOptions) bind(b *binder) {
	b.custom("", &cli.StringSliceFlag{Name: "variable",
		Usage: "a variable for the operation, as `TYPE:NAME=value` (env:NAME=value for an environment variable; repeatable)"},
		func(r reader, name string) (err error) {
			o.Variables, err = parseVariables(r.c.StringSlice(name))
			return err
		})
}

// certOptions are cert:renew's.
type certOptions struct {
	Within        int // days
	Force, Probe  bool
	Check         bool
	IgnoreDomains []string
}

func (o *certOptions) bind(b *binder) {
	bindWithin(b, &o.Within)
	b.boolean(&o.Force, &cli.BoolFlag{Name: "force", Usage: "redeploy whatever the certificates say (the old fixed-schedule recipe)"})
	b.boolean(&o.Probe, &cli.BoolFlag{Name: "probe", Usage: "also read the certificate each domain serves, over TLS"})
	b.boolean(&o.Check, &cli.BoolFlag{Name: "check", Usage: "only report: a table of domains on stdout; exit 1 if one needs action"})
	bindIgnoreDomains(b, &o.IgnoreDomains)
	if o.Force && o.Check {
		b.check(usageErr("--force and --check contradict each other", "--check only reports; --force always redeploys"))
	}
}

// certPolicyOptions are health's certificate policy: cert:renew's --within
// and --ignore-domain.
type certPolicyOptions struct {
	Within        int // days
	IgnoreDomains []string
}

func (o *certPolicyOptions) bind(b *binder) {
	bindWithin(b, &o.Within)
	bindIgnoreDomains(b, &o.IgnoreDomains)
}

func bindWithin(b *binder, days *int) {
	b.integer(days, "", 20, 0, 89, &cli.StringFlag{Name: "within", Usage: "a platform certificate expiring within `DAYS` (0 to 89) needs a redeploy (the platform renews from 28 days before)", DefaultText: "20"})
}

func bindIgnoreDomains(b *binder, globs *[]string) {
	b.strs(globs, keepAll, &cli.StringSliceFlag{Name: "ignore-domain",
		Usage: "leave out domains matching `GLOB` (repeatable); hosts the platform generates are left out unless a project certificate covers them"})
	b.check(checkGlobs("ignore-domain", *globs))
}

// rebaseOption is environment:synchronize's --rebase.
type rebaseOption struct{ Rebase bool }

func (o *rebaseOption) bind(b *binder) {
	b.boolean(&o.Rebase, &cli.BoolFlag{Name: "rebase", Usage: "synchronize code by rebasing instead of merging"})
}

// strategyOption is environment:deploy's --strategy.
type strategyOption struct{ Strategy string }

func (o *strategyOption) bind(b *binder) {
	b.str(&o.Strategy, &cli.StringFlag{Name: "strategy", Usage: "deployment `STRATEGY`: rolling or stopstart (default: the environment's)"})
}

// restoreOptions are backup:restore's.
type restoreOptions struct {
	Target, BranchFrom  string
	NoCode, NoResources bool
}

func (o *restoreOptions) bind(b *binder) {
	b.environmentID(&o.Target, &cli.StringFlag{Name: "target", Usage: "restore to this environment `ID` (default: the backup's own)"})
	b.environmentID(&o.BranchFrom, &cli.StringFlag{Name: "branch-from", Usage: "the parent `ID` of a --target that does not exist yet"})
	b.boolean(&o.NoCode, &cli.BoolFlag{Name: "no-code", Usage: "restore data only, not code"})
	b.boolean(&o.NoResources, &cli.BoolFlag{Name: "no-resources", Usage: "keep the target's resource settings"})
}

// followOption is activity:log's --follow.
type followOption struct{ Follow bool }

func (o *followOption) bind(b *binder) {
	b.boolean(&o.Follow, &cli.BoolFlag{Name: "follow", Usage: "follow the log until the activity ends (within --timeout)"})
}

// typeOption is -t/--type, of environments or of activities.
type typeOption struct{ Types []string }

func (o *typeOption) bind(b *binder) {
	b.strs(&o.Types, trimAll, &cli.StringSliceFlag{Name: "type", Aliases: []string{"t"}, Usage: "only this `TYPE` (repeatable; for activities, % or * a wildcard, cron for environment.cron)"})
}

// environmentFilter is environment:list's --status and -I (and --type).
type environmentFilter struct {
	Statuses   []string
	NoInactive bool
}

func (o *environmentFilter) bind(b *binder) {
	b.strs(&o.Statuses, trimAll, &cli.StringSliceFlag{Name: "status", Usage: "only environments with this `STATUS`: active, inactive, paused, dirty, deleting (repeatable)"})
	b.boolean(&o.NoInactive, &cli.BoolFlag{Name: "no-inactive", Aliases: []string{"I"}, Usage: "leave out inactive environments"})
}

// activityFilter is activity:list's (with --type and --all): every
// filter is the API's.
type activityFilter struct {
	ExcludeTypes  []string
	State, Result string
	Incomplete    bool
	Limit         int
}

func (o *activityFilter) bind(b *binder) {
	b.strs(&o.ExcludeTypes, trimAll, &cli.StringSliceFlag{Name: "exclude-type", Aliases: []string{"x"},
		Usage: "leave out activities of this `TYPE` (repeatable; % or * a wildcard, cron for environment.cron): asks for every other known type"})
	b.str(&o.State, &cli.StringFlag{Name: "state", Usage: "only activities in this `STATE` (or these, comma-separated): pending, in_progress, complete, cancelled, scheduled, staged"})
	b.boolean(&o.Incomplete, &cli.BoolFlag{Name: "incomplete", Aliases: []string{"i"}, Usage: "only incomplete activities: --state in_progress,pending"})
	b.str(&o.Result, &cli.StringFlag{Name: "result", Usage: "only activities with this `RESULT`: success or failure"})
	b.integer(&o.Limit, "", 10, 1, 100, &cli.StringFlag{Name: "limit", Usage: "at most `N` activities (1 to 100)", DefaultText: "10"})
}

// lintOptions are lint's.
type lintOptions struct{ FailOn, Explain string }

func (o *lintOptions) bind(b *binder) {
	b.str(&o.FailOn, &cli.StringFlag{Name: "fail-on", Value: "warning", Usage: "exit 1 when a finding is at or above `SEVERITY`: info, warning, error"})
	b.str(&o.Explain, &cli.StringFlag{Name: "explain", Usage: "say why lint `RULE` matters, and its fix"})
}

func keepAll(vs []string) []string { return vs }
