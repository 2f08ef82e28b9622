package lint

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pshcron/pshcron/internal/cronspec"
)

// Severity orders findings.
type Severity int

// The severities.
const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string { return [...]string{"info", "warning", "error"}[s] }

// ParseSeverity reads info, warning or error.
func ParseSeverity(s string) (Severity, bool) {
	for i, n := range []string{"info", "warning", "error"} {
		if s == n {
			return Severity(i), true
		}
	}
	return 0, false
}

// Finding is one mistake, where it is.
type Finding struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Severity Severity `json:"-"`
	Level    string   `json:"severity"`
	Rule     string   `json:"rule"`
	Message  string   `json:"message"`
	Fix      string   `json:"fix"`
}

// Rule is one check: its id, severity, why it matters and the fix.
type Rule struct {
	ID        string
	Severity  Severity
	Rationale string
	Fix       string
}

// Rules is the catalogue, for --explain.
func Rules() []Rule {
	return []Rule{
		{"cli-waits", Warning, "a CLI action in a cron without --no-wait (or with --wait) waits for the activity, and a waiting cron blocks deploys",
			"add --no-wait (pshcron never waits unless asked: drop --wait)"},
		{"cli-not-installed", Error, "the official CLI is called in a cron or hook but installed nowhere: the line fails every time",
			"install a tool in the build hook (curl -fsSL .../install.sh | PSHCRON_VERSION=x.y.z sh), or call pshcron"},
		{"removed-command", Error, "the current official CLI no longer has snapshot:* commands: a cron calling them fails every day",
			"use backup:create (or pshcron, which still takes snapshot:create)"},
		{"duplicate-cron", Warning, "the same action cron in several apps of one project runs once per app: one backup per app per schedule",
			"keep it in one app, or add --skip-if-recent 1h to a pshcron line"},
		{"fixed-redeploy", Info, "a redeploy on a fixed schedule restarts the app to renew certificates that the platform renews itself",
			"use pshcron cert:renew, which redeploys only when a certificate needs it"},
		{"unguarded-action", Warning, "an official CLI action with no guard runs in every environment the cron is deployed to",
			"guard it with [ \"$PLATFORM_ENVIRONMENT_TYPE\" = production ], or call pshcron, which guards by default"},
		{"guard-master", Info, "a guard on PLATFORM_BRANCH = master breaks when the production branch is renamed (main)",
			"test PLATFORM_ENVIRONMENT_TYPE = production instead (pshcron's default guard)"},
		{"cmd-key", Warning, "the cron's cmd key is deprecated", "write commands: {start: ...}"},
		{"cron-frequency", Error, "the platform runs crons at most every 5 minutes", "space the spec out to */5 or more"},
		{"cron-spec", Warning, "a spec that does not read as five cron fields (ranges, lists, steps, names, H) may never run, or be refused at deploy; pshcron cron:check cannot tell whether it is late",
			"write five fields: minute hour day-of-month month day-of-week, such as 'H 3 * * *'"},
		{"token-in-config", Warning, "an API token variable in the app's configuration is committed to git, and without the env: prefix is no environment variable",
			"create it with pshcron variable:create --level environment --prefix env --name PLATFORMSH_CLI_TOKEN --sensitive true --value-file -"},
		{"variable-after-v", Error, "-v is verbosity on every official command: a TYPE:NAME=value after it is one argument too many, and the line fails every run",
			"write --variable env:NAME=value"},
		{"use-run", Info, "an app command wrapped by hand (croncape, runitor, or an environment if) gets no timeout below the platform's, no forwarded SIGTERM, no lock, and mails nothing when outgoing mail is off",
			"pshcron run --name NAME -- COMMAND: the guard (production by default), a timeout, signals, pings, Sentry check-ins and failure mail"},
		{"pshcron-line", Error, "a pshcron line that pshcron itself refuses (unknown command, bad flag, bad glob) fails every run",
			"run the line by hand; pshcron COMMAND --help"},
	}
}

// Explain returns a rule by id.
func Explain(id string) (Rule, bool) {
	for _, r := range Rules() {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// actions are the commands, official and pshcron's, that start an activity.
var actionNames = map[string]string{
	"backup:create": "backup", "backup": "backup", "snapshot:create": "backup",
	"environment:redeploy": "redeploy", "redeploy": "redeploy", "cert:renew": "redeploy",
	"source-operation:run": "source-operation", "environment:synchronize": "sync", "sync": "sync", "environment:sync": "sync",
	"environment:pause": "pause", "environment:resume": "resume",
}

// Check runs every rule over a project's apps. checkLine, when set, says
// whether pshcron takes a pshcron line's arguments.
func Check(apps []App, checkLine func(args []string) error) []Finding {
	var out []Finding
	add := func(file string, line int, rule, msg string) {
		r, _ := Explain(rule)
		out = append(out, Finding{File: file, Line: line, Severity: r.Severity, Level: r.Severity.String(), Rule: rule, Message: msg, Fix: r.Fix})
	}
	seen := map[string][]string{} // action key -> apps
	for _, app := range apps {
		checkApp(app, add, checkLine, seen)
	}
	for key, names := range seen {
		if len(names) > 1 {
			for _, app := range apps {
				for _, c := range app.Crons {
					for _, call := range Calls(c.Command) {
						if cronKey(call) == key && !call.Has("--skip-if-recent") {
							add(app.File, call.Line, "duplicate-cron", fmt.Sprintf("the same %s cron runs in %d apps (%s)", actionNames[call.Command()], len(names), strings.Join(names, ", ")))
						}
					}
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out
}

func checkApp(app App, add func(string, int, string, string), checkLine func([]string) error, seen map[string][]string) {
	installed := officialInstalled(app)
	for _, h := range []string{"build", "deploy", "post_deploy"} {
		for _, call := range Calls(app.Hooks[h]) {
			checkCall(app, call, false, installed, add, checkLine)
		}
	}
	for _, c := range app.Crons {
		if c.CmdKey {
			add(app.File, c.Command.Line, "cmd-key", "cron "+c.Name+" uses the deprecated cmd key")
		}
		if _, err := cronspec.Parse(c.Spec); c.Spec != "" && err != nil {
			add(app.File, c.SpecLine, "cron-spec", "cron "+c.Name+": "+err.Error())
		} else if c.Spec != "" && tooFrequent(c.Spec) {
			add(app.File, c.SpecLine, "cron-frequency", fmt.Sprintf("cron %s runs more often than every 5 minutes (%q)", c.Name, c.Spec))
		}
		if why := wrappedByHand(c.Command); why != "" {
			add(app.File, c.Command.Line, "use-run", "cron "+c.Name+" wraps its command by hand ("+why+"): pshcron run does that job")
		}
		for _, call := range Calls(c.Command) {
			checkCall(app, call, true, installed, add, checkLine)
			if key := cronKey(call); key != "" && !slices.Contains(seen[key], app.Name) {
				seen[key] = append(seen[key], app.Name)
			}
		}
	}
	for name, line := range app.Variables {
		base := name[strings.LastIndex(name, ":")+1:]
		if base == "PLATFORMSH_CLI_TOKEN" || base == "UPSUN_CLI_TOKEN" {
			add(app.File, line, "token-in-config", "the API token "+name+" is in the app's configuration, so in git")
		}
	}
}

func checkCall(app App, call Call, inCron, installed bool, add func(string, int, string, string), checkLine func([]string) error) {
	cmd := call.Command()
	_, isAction := actionNames[cmd]
	if call.Official() {
		if !installed {
			add(app.File, call.Line, "cli-not-installed", "the official CLI ("+call.Tool+") is called but installed nowhere in this app")
		}
		if strings.HasPrefix(cmd, "snapshot:") {
			add(app.File, call.Line, "removed-command", "the official CLI no longer has "+cmd)
		}
		if inCron && isAction && !call.Has("--no-wait", "-W") {
			add(app.File, call.Line, "cli-waits", cmd+" waits for its activity: no --no-wait")
		}
		if inCron && isAction && !call.Guarded {
			add(app.File, call.Line, "unguarded-action", cmd+" runs in every environment: no guard")
		}
		if v := variableAfterV(call); v != "" {
			add(app.File, call.Line, "variable-after-v", v+" after -v is an extra argument, not a variable: -v is verbosity")
		}
	} else if checkLine != nil {
		if err := checkLine(call.Args); err != nil {
			add(app.File, call.Line, "pshcron-line", "pshcron refuses it: "+err.Error())
		}
	}
	if inCron && isAction && call.Has("--wait") {
		add(app.File, call.Line, "cli-waits", cmd+" --wait: a cron should not wait")
	}
	if inCron && call.MasterGuard && isAction {
		add(app.File, call.Line, "guard-master", "guarded on PLATFORM_BRANCH = master")
	}
	if inCron && (cmd == "environment:redeploy" || cmd == "redeploy") {
		add(app.File, call.Line, "fixed-redeploy", "a redeploy on a fixed schedule")
	}
}

// wrappedByHand says how a cron's command is wrapped by hand, when it runs
// an app command rather than a CLI call: croncape, runitor, or an
// environment if. "" when it is not (or calls the CLI or pshcron, which
// other rules check).
func wrappedByHand(s Script) string {
	words := strings.Fields(s.Text)
	switch {
	case len(Calls(s)) > 0 || strings.Contains(s.Text, "pshcron"):
		return ""
	case slices.Contains(words, "croncape"):
		return "croncape"
	case slices.Contains(words, "runitor"):
		return "runitor"
	case guardRE().MatchString(s.Text) && slices.Contains(words, "if"):
		return "an environment if"
	}
	return ""
}

// variableLike is TYPE:NAME=value, --variable's form.
var variableLike = lazyRE(`^[A-Za-z0-9._-]+:[A-Za-z0-9._:|/-]+=`)

// variableAfterV returns a TYPE:NAME=value given right after -v, which is
// verbosity (pshcron's own lines are checked by its parser instead).
func variableAfterV(c Call) string {
	for i := 0; i+1 < len(c.Args); i++ {
		if a := c.Args[i]; len(a) > 1 && strings.Trim(a, "v") == "-" && variableLike().MatchString(c.Args[i+1]) {
			return c.Args[i+1]
		}
	}
	return ""
}

// cronKey names the action a cron call starts (and what it starts on: an
// operation's name, an environment), for duplicates.
func cronKey(c Call) string {
	a, ok := actionNames[c.Command()]
	if !ok {
		return ""
	}
	var words []string
	for _, w := range c.Args {
		if !strings.HasPrefix(w, "-") && w != c.Command() {
			words = append(words, w)
		}
	}
	return a + " " + strings.Join(words, " ")
}

// officialInstalled reports whether the app installs the official CLI: in
// its build hook, or as a dependency.
func officialInstalled(app App) bool {
	text := strings.ToLower(app.Hooks["build"].Text + "\n" + app.Dependencies)
	for _, sign := range []string{"platform.sh/cli", "/cli/installer", "platformsh/cli", "upsun/cli", "cli.upsun.com", "platformsh-cli", "upsun-cli"} {
		if strings.Contains(text, sign) {
			return true
		}
	}
	return false
}

// tooFrequent reports whether a cron spec's minute field runs more often
// than every 5 minutes.
func tooFrequent(spec string) bool {
	f := strings.Fields(spec)
	if len(f) < 5 {
		return false
	}
	minute := f[0]
	switch {
	case minute == "*":
		return true
	case strings.HasPrefix(minute, "*/"):
		n, err := strconv.Atoi(minute[2:])
		return err == nil && n < 5
	case strings.Contains(minute, ","):
		var prev = -1
		for _, p := range strings.Split(minute, ",") {
			n, err := strconv.Atoi(p)
			if err != nil {
				return false
			}
			if prev >= 0 && n-prev < 5 {
				return true
			}
			prev = n
		}
	}
	return false
}
