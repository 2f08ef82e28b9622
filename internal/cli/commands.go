package cli

import (
	"context"
	"slices"
	"sort"
)

// command is a row of the command table. Adding a command is a row here
// and a file named after it holding its run function (see the README's
// "Adding a command").
type command struct {
	name    string
	aliases []string // the official CLI's, so a copied line works
	usage   string
	args    string   // what it takes after its name ("" for nothing)
	flags   []string // names in the flag table (options.go)
	run     func(p *program, ctx context.Context, s *Settings) error
}

// commands is the command table.
func (p *program) commands() []command {
	return []command{
		{name: "backup:create", aliases: []string{"backup", "snapshot:create"},
			usage: "back up the environment (a safe backup; --live for a live one)",
			flags: actionFlagsWith("live"), run: (*program).backupCreate},
		{name: "environment:redeploy", aliases: []string{"redeploy"},
			usage: "redeploy the environment, which also renews its certificates",
			flags: actionFlagsWith(), run: (*program).environmentRedeploy},
		{name: "source-operation:run", args: "OPERATION",
			usage: "run a source operation defined in the app's configuration",
			flags: actionFlagsWith("variable"), run: (*program).sourceOperationRun},
		{name: "cert:renew", aliases: []string{"renew-cert"},
			usage: "redeploy only when a certificate needs it: expiring, expired or missing (--check only reports)",
			flags: actionFlagsWith("within", "force", "probe", "check", "ignore-domain"), run: (*program).certRenew},
		{name: "env", usage: "print what pshcron detects about the environment (never a secret)",
			flags: join(targetFlags, []string{"token-file"}, outputFlags), run: (*program).env},
		{name: "version", usage: "print the version, commit and Go version",
			flags: []string{"format"}, run: (*program).version},
		{name: "list", usage: "list the commands (as the official CLI's list)",
			flags: []string{"format"}, run: (*program).list},
		{name: "completion", args: "bash|zsh|fish", usage: "print a shell completion script: source <(pshcron completion bash)",
			run: (*program).completion},
	}
}

// actionFlagsWith is the flags of a command that acts, plus its own.
func actionFlagsWith(own ...string) []string {
	return join(targetFlags, actionFlags, own, outputFlags)
}

func join(groups ...[]string) []string {
	var out []string
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
