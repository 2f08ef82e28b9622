package cli

import (
	"slices"
	"sort"
)

// command is a row of the command table. Adding a command is a row here,
// run: cmd(shape, own groups, work), and a file named after the command
// holding its options struct (when it has groups of its own) and its work,
// which goes through the runner's act or read (runner.go).
type command struct {
	name    string
	aliases []string // the official CLI's, so a copied line works
	usage   string
	args    string   // what it takes after its name ("" for nothing)
	formats []string // --format values beyond text (json by default)
	// run makes the command's options, the typed groups they are read
	// through (options.go) and its work on them (cmd, in command_options.go).
	run func() built
	// yes is the usage of --yes where it is required (destructive
	// commands); elsewhere it is accepted for compatibility.
	yes string
}

// commands is the command table: what crons run, then what people manage
// by hand on the platform, then what only looks at this machine.
func (p *program) commands() []command {
	return join(cronCommands(), manageCommands(), localCommands())
}

// cronCommands are the jobs crons run: backups, redeploys, syncs, pauses
// and their checks.
func cronCommands() []command {
	return []command{
		{name: "backup:create", aliases: []string{"backup", "snapshot:create"},
			usage: "back up the environment (a safe backup; --live for a live one)",
			run:   cmd(acts, func(o *backupCreateOptions) []group { return []group{&o.liveOption, &o.policyOptions} }, (*program).backupCreate),
			yes:   "required for --keep-* to delete backups (without it, the policy's deletions are only reported); pshcron never asks"},
		{name: "backup:prune", usage: "delete the manual backups a --keep-* policy does not keep (only with --yes; --dry-run shows the plan)",
			run: cmd(acts, func(o *pruneOptions) []group { return []group{&o.dryRunOption, &o.policyOptions} }, (*program).backupPrune),
			yes: "required to delete: states the deletion, since pshcron never asks (or --dry-run)"},
		{name: "environment:redeploy", aliases: []string{"redeploy"},
			usage: "redeploy the environment, which also renews its certificates",
			run:   cmd(acts, nil, (*program).environmentRedeploy)},
		{name: "source-operation:run", args: "OPERATION",
			usage: "run a source operation defined in the app's configuration",
			run:   cmd(acts, func(o *operationRunOptions) []group { return []group{&o.operationOptions} }, (*program).sourceOperationRun)},
		{name: "cert:renew", aliases: []string{"renew-cert"},
			usage: "redeploy only when a certificate needs it: expiring, expired or missing (--check only reports)",
			run:   cmd(acts, func(o *certRenewOptions) []group { return []group{&o.certOptions} }, (*program).certRenew)},
		{name: "environment:synchronize", aliases: []string{"sync", "environment:sync"}, args: "code|data|resources...",
			usage: "synchronize code, data and/or resources from the parent (runs only where a guard or -e says)",
			run:   cmd(acts, func(o *syncOptions) []group { return []group{&o.rebaseOption} }, (*program).environmentSynchronize)},
		{name: "environment:pause", usage: "pause environments: the container's, those named with -e, or a selection with --all",
			formats: []string{"json"}, run: cmd(acts, func(s *Settings) []group { return []group{&s.allOption} }, (*program).environmentPause)},
		{name: "environment:resume", usage: "resume paused environments: the container's, those named with -e, or a selection with --all",
			formats: []string{"json"}, run: cmd(acts, func(s *Settings) []group { return []group{&s.allOption} }, (*program).environmentResume)},
		{name: "environment:deploy", aliases: []string{"deploy", "e:deploy", "env:deploy"}, usage: "deploy the staged changes of an environment with manual deployments",
			run: cmd(acts, func(o *deployOptions) []group { return []group{&o.strategyOption} }, (*program).environmentDeploy)},
		{name: "run", args: "-- COMMAND [ARG...]",
			usage: "run the app's own command (a cron's, a hook's) behind the guard and a lock, with a timeout, its signals forwarded, its exit code kept, a monitor pinged",
			run: cmd(only, func(o *jobRunOptions) []group {
				return []group{&o.guardOptions, &o.runOptions, &o.pingOption, &o.outputOptions}
			}, (*program).runJob)},
		{name: "backup:check", usage: "exit 1 unless the newest restorable backup is younger than --max-age (26h); --ping tells a monitor",
			run: cmd(acts, func(o *backupCheckOptions) []group { return []group{&o.maxAgeOption} }, (*program).backupCheck)},
		{name: "cron:check", usage: "each cron's runs, from the platform's records: exit 1 when one failed, is late, never ran, runs past its timeout or holds deploys behind it",
			formats: []string{"table", "json"}, run: cmd(checks, func(o *cronCheckOptions) []group { return []group{&o.windowOption} }, (*program).cronCheck)},
		{name: "health", usage: "each environment's status, backups, certificates, crons and waiting activities: a table, one JSON document or one HTML page; exit 1 unless all are green",
			formats: []string{"table", "json", "html"}, run: cmd(checks, func(o *healthOptions) []group {
				return []group{&o.maxAgeOption, &o.windowOption, &o.certPolicyOptions}
			}, (*program).health)},
	}
}

// manageCommands act on or read one thing by hand: a backup, an activity,
// a variable, the lists, the token.
func manageCommands() []command {
	return []command{
		{name: "backup:get", args: "ID", usage: "show one backup", run: cmd(reads, nil, (*program).backupGet)},
		{name: "backup:delete", args: "ID", usage: "delete a backup (only with --yes)", run: cmd(acts, nil, (*program).backupDelete),
			yes: "required: states the deletion, since pshcron never asks"},
		{name: "backup:restore", args: "ID", usage: "restore a backup (only with --yes), to its environment or --target",
			run: cmd(acts, func(o *backupRestoreOptions) []group { return []group{&o.restoreOptions} }, (*program).backupRestore),
			yes: "required: states the restore, which replaces the environment's data (and code), since pshcron never asks"},
		{name: "activity:cancel", args: "ID", usage: "cancel an activity", run: cmd(only, func(s *Settings) []group { return []group{&s.whereOptions, &s.connectOptions, &s.outputOptions} }, (*program).activityCancel)},
		{name: "activity:log", args: "ID", usage: "print an activity's log; --follow until it ends",
			run: cmd(only, func(s *Settings) []group {
				return []group{&s.whereOptions, &s.connectOptions, &s.followOption, &s.outputOptions}
			}, (*program).activityLog)},
		{name: "environment:list", aliases: []string{"environments", "env:list"}, usage: "list the project's environments",
			formats: listFormats, run: cmd(readsProject, func(o *environmentListOptions) []group { return []group{&o.typeOption, &o.environmentFilter} }, (*program).environmentList)},
		{name: "backup:list", aliases: []string{"backups"}, usage: "list the environment's backups, newest first",
			formats: listFormats, run: cmd(reads, nil, (*program).backupList)},
		{name: "activity:list", aliases: []string{"activities", "act"}, usage: "list the environment's activities (--all: the project's), newest first",
			formats: listFormats, run: cmd(reads, func(o *activityListOptions) []group { return []group{&o.typeOption, &o.activityFilter, &o.allOption} }, (*program).activityList)},
		{name: "activity:get", args: "ID", usage: "show one activity",
			run: cmd(reads, nil, (*program).activityGet)},
		{name: "source-operation:list", aliases: []string{"source-ops"}, usage: "list the source operations the environment defines",
			formats: listFormats, run: cmd(reads, nil, (*program).sourceOperationList)},
		{name: "doctor", usage: "check the token, the user's rights, the environment, the clock and this machine: a verdict and a fix each",
			run: cmd(only, func(s *Settings) []group {
				return []group{&s.whereOptions, &s.connectOptions, &s.pingOption, &s.outputOptions}
			}, (*program).doctor)},
		{name: "auth:info", usage: "show the user the token acts as, and where the token comes from (never the token)",
			run: cmd(only, func(s *Settings) []group { return []group{&s.connectOptions, &s.outputOptions} }, (*program).authInfo)},
		{name: "variable:create", args: "[NAME]", usage: "create a variable (--level project or environment); --value-file keeps a secret out of the process list",
			run: cmd(acts, func(o *variableOptions) []group { return []group{&o.variableValue} }, (*program).variableCreate)},
		{name: "variable:update", args: "NAME", usage: "change a variable's value or flags",
			run: cmd(acts, func(o *variableOptions) []group { return []group{&o.variableValue} }, (*program).variableUpdate)},
		{name: "variable:delete", args: "NAME", usage: "delete a variable (only with --yes)",
			run: cmd(acts, func(o *variableOptions) []group { return []group{&o.variableSelect} }, (*program).variableDelete),
			yes: "required: states the deletion, since pshcron never asks"},
		{name: "variable:get", args: "NAME", usage: "show a variable, or one property with -P (never a sensitive value)",
			run: cmd(reads, func(o *variableOptions) []group { return []group{&o.variableSelect, &o.propertyOption} }, (*program).variableGet)},
		{name: "variable:list", aliases: []string{"variables", "var"}, usage: "list the project's and the environment's variables, with their level (--level: one level)",
			formats: listFormats, run: cmd(reads, func(o *variableOptions) []group { return []group{&o.levelOption} }, (*program).variableList)},
	}
}

// localCommands need no platform.
func localCommands() []command {
	return []command{
		{name: "env", usage: "print what pshcron detects about the environment (never a secret)",
			run: cmd(only, func(s *Settings) []group { return []group{&s.whereOptions, &s.tokenFileOption, &s.outputOptions} }, (*program).env)},
		{name: "lint", args: "[PATH...]", usage: "check the app configuration for what makes crons fail: file:line: severity: rule: message, and a fix",
			formats: []string{"json", "github"}, run: cmd(only, func(o *lintCmdOptions) []group { return []group{&o.lintOptions, &o.outputOptions} }, (*program).lintCmd)},
		{name: "version", usage: "print the version, commit and Go version",
			run: cmd(only, func(s *Settings) []group { return []group{&s.formatOption} }, (*program).version)},
		{name: "list", usage: "list the commands (as the official CLI's list)",
			run: cmd(only, func(s *Settings) []group { return []group{&s.formatOption} }, (*program).list)},
		{name: "completion", args: "bash|zsh|fish", usage: "print a shell completion script: source <(pshcron completion bash)",
			run: cmd(only, nil, (*program).completion)},
	}
}

// listFormats are the --format values of a list, as the official CLI's.
var listFormats = []string{"table", "plain", "csv", "tsv", "json"}

func join[T any](groups ...[]T) []T {
	var out []T
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// suggest returns the known name closest to what was typed, when it is
// close enough to be what was meant (a typo: a letter missing, added,
// changed or two swapped per three letters), or "".
func suggest(typed string, known []string) string {
	best, dist := "", len(typed)
	for _, k := range known {
		if d := editDistance(typed, k); d < dist {
			best, dist = k, d
		}
	}
	if dist > max(1, len(typed)/3) {
		return ""
	}
	return best
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of neighbours.
func editDistance(a, b string) int {
	prev2, prev, cur := make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// sortedNames is every name of the table's commands, sorted.
func sortedNames(cmds []command) []string {
	var names []string
	for _, c := range cmds {
		names = append(names, c.name)
		names = append(names, c.aliases...)
	}
	sort.Strings(names)
	return slices.Compact(names)
}
