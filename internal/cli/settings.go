package cli

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/pshcron/pshcron/envdetect"
	"github.com/pshcron/pshcron/internal/retention"
	"github.com/pshcron/pshcron/tasks"
	"github.com/rs/zerolog"
	"github.com/urfave/cli/v2"
)

// Settings is everything a command reads from its flags and the variables
// that stand in for them: read once, typed and checked before anything is
// sent. A command's run function sees Settings, never the flag library.
type Settings struct {
	Command string   // the command's name, for messages
	Args    []string // positional arguments

	Format    string // text or json
	LogLevel  string
	LogFormat string
	Quiet     bool
	Verbosity int

	Project, Environment string   // as given; "" when not
	Projects             []string // every -p given; Project is the first
	Environments         []string // every -e given; Environment is the first
	TargetsFile          string
	Concurrency          int
	Jitter               time.Duration
	ShardK, ShardN       int // --shard K/N; N 0 when not given
	All                  bool
	Branches, EnvTypes   []string
	AnyEnvironment       bool
	Wait                 bool
	Timeout              time.Duration // 0 when not given: the command's default
	LockWait             time.Duration
	SkipIfRecent         time.Duration
	MaxAge               time.Duration // 0: backup:check's default
	Retries              int
	TokenFile            string
	Ping                 string // a healthchecks.io check's URL

	Live          bool
	Rebase        bool
	Variables     map[string]map[string]string // TYPE -> NAME -> value
	Within        int                          // days
	Force, Probe  bool
	Check         bool
	IgnoreDomains []string

	Level, Name, Value, ValueFile, Prefix, Property string
	ValueSet                                        bool // --value was given, even empty
	VarFlags                                        map[string]*bool
	Update                                          bool
	Yes                                             bool

	FailOn, Explain              string
	Keep                         retention.Policy
	DryRun                       bool
	Target, BranchFrom, Strategy string
	NoCode, NoResources, Follow  bool

	Types, Statuses, Columns []string
	State, Result            string
	Limit                    int
	Pipe, NoInactive         bool
	NoHeader                 bool
	ExcludeTypes             []string
	Incomplete               bool
}

// readSettings reads every flag the command has, once.
func readSettings(c *cli.Context, getenv func(string) string, verbosity int, envOf map[string]string, formats []string) (*Settings, error) {
	r := reader{c: c, getenv: getenv, env: envOf}
	s := &Settings{
		Command: c.Command.Name, Args: c.Args().Slice(),
		Format: c.String("format"), Quiet: c.Bool("quiet"), Verbosity: verbosity,
		Projects: trimAll(c.StringSlice("project")), Environments: trimAll(c.StringSlice("environment")), All: c.Bool("all"),
		TargetsFile: c.String("targets"),
		Branches:    r.list("branch"), EnvTypes: r.list("env-type"), AnyEnvironment: c.Bool("any-environment"),
		Wait: c.Bool("wait"), Live: c.Bool("live"), Force: c.Bool("force"), Probe: c.Bool("probe"), Check: c.Bool("check"),
		IgnoreDomains: c.StringSlice("ignore-domain"), Rebase: c.Bool("rebase"),
		Types: trimAll(c.StringSlice("type")), Statuses: trimAll(c.StringSlice("status")), Columns: splitAll(c.StringSlice("columns")),
		State: c.String("state"), Result: c.String("result"), Pipe: c.Bool("pipe"), NoInactive: c.Bool("no-inactive"),
		NoHeader: c.Bool("no-header"),
		Level:    c.String("level"), Name: c.String("name"), Value: c.String("value"), ValueSet: c.IsSet("value"),
		ValueFile: c.String("value-file"), Prefix: c.String("prefix"), Property: c.String("property"), Update: c.Bool("update"), Yes: c.Bool("yes"),
		Target: c.String("target"), BranchFrom: c.String("branch-from"), Strategy: c.String("strategy"),
		FailOn: c.String("fail-on"), Explain: c.String("explain"), DryRun: c.Bool("dry-run"),
		NoCode: c.Bool("no-code"), NoResources: c.Bool("no-resources"), Follow: c.Bool("follow"),
		ExcludeTypes: trimAll(c.StringSlice("exclude-type")), Incomplete: c.Bool("incomplete"),
	}
	if len(s.Environments) > 0 {
		s.Environment = s.Environments[0]
	}
	if len(s.Projects) > 0 {
		s.Project = s.Projects[0]
	}

	s.TokenFile, _, _ = r.value("token-file")
	s.Ping, _, _ = r.value("ping")
	if err := s.readChecked(r, formats); err != nil {
		return nil, err
	}
	if s.MaxAge == 0 {
		s.MaxAge = 26 * time.Hour // a daily backup cron and its random delay
	}
	return s, nil
}

// readChecked reads the flags whose values are parsed and checked, the
// first bad one ending the run with its usage error.
func (s *Settings) readChecked(r reader, formats []string) error {
	c := r.c
	var err error
	steps := []func() error{
		func() error { return checkFormat(s.Format, formats) },
		func() error { return checkFlagIDs(c) },
		func() error { return s.readLogs(r) },
		func() error { s.Timeout, err = r.positiveDuration("timeout", "1m, or 30m with --wait"); return err },
		func() error { s.LockWait, err = r.duration("lock-wait"); return err },
		func() error { s.SkipIfRecent, err = r.duration("skip-if-recent"); return err },
		func() error { s.MaxAge, err = r.positiveDuration("max-age", "26h"); return err },
		func() error { s.Retries, err = r.integer("retries", 3, 0, 20); return err },
		func() error { s.Within, err = r.integer("within", 20, 0, 89); return err },
		func() error { s.Limit, err = r.integer("limit", 10, 1, 100); return err },
		func() error { s.Concurrency, err = r.integer("concurrency", 8, 1, 64); return err },
		func() error { s.Jitter, err = r.duration("jitter"); return err },
		func() error {
			if v := c.String("shard"); v != "" {
				s.ShardK, s.ShardN, err = parseShard(v)
			}
			return err
		},
		func() error { s.VarFlags, err = readVarFlags(c); return err },
		func() error { s.Keep, err = readPolicy(r); return err },
		func() error { s.Variables, err = parseVariables(c.StringSlice("variable")); return err },
		func() error { return s.checkGuard() },
		func() error { return s.checkContradictions(c) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// readLogs reads and checks the log level and format.
func (s *Settings) readLogs(r reader) error {
	format, source, ok := r.value("log-format")
	s.LogFormat = "auto"
	if ok {
		s.LogFormat = strings.ToLower(format)
	}
	if !slices.Contains(logFormats, s.LogFormat) {
		return usageErr(fmt.Sprintf("%s %s is not a log format", source, format), "use auto, plain, json or console")
	}
	level, source, ok := r.value("log-level")
	if !ok {
		return nil
	}
	l := strings.ToLower(level)
	if l == "warning" {
		l = "warn" // the official CLI's and syslog's spelling
	}
	if _, err := zerolog.ParseLevel(l); err != nil || !slices.Contains(logLevels, l) {
		return usageErr(fmt.Sprintf("%s %s is not a log level", source, level), "use debug, info, warn or error")
	}
	s.LogLevel = l
	return nil
}

var logFormats = []string{"auto", "plain", "json", "console"}

var logLevels = []string{"trace", "debug", "info", "warn", "error"}

// checkFormat accepts text and json, or the command's own formats.
func checkFormat(f string, formats []string) error {
	if len(formats) == 0 {
		formats = []string{"text", "json"}
	}
	if f != "" && f != "text" && !slices.Contains(formats, f) {
		return usageErr(fmt.Sprintf("--format %s is not a format", f), "use "+strings.Join(formats, ", "))
	}
	return nil
}

// checkGuard validates the guard's patterns and types.
func (s *Settings) checkGuard() error {
	for _, b := range s.Branches {
		if _, err := path.Match(b, ""); err != nil {
			return usageErr(fmt.Sprintf("--branch %s is not a valid pattern", b), "patterns use *, ? and [a-z]; quote them in the cron line")
		}
	}
	for i, t := range s.EnvTypes {
		s.EnvTypes[i] = strings.ToLower(strings.TrimSpace(t))
		if !slices.Contains(tasks.EnvTypes(), s.EnvTypes[i]) {
			return usageErr(fmt.Sprintf("--env-type %s is not an environment type", t), "use production, staging or development")
		}
	}
	return nil
}

func (s *Settings) checkContradictions(c *cli.Context) error {
	switch {
	case c.Bool("wait") && c.Bool("no-wait"):
		return usageErr("--wait and --no-wait contradict each other", "a cron should not wait: drop --wait")
	case s.AnyEnvironment && (c.IsSet("branch") || c.IsSet("env-type")):
		return usageErr("--any-environment contradicts --branch and --env-type",
			"drop --any-environment to keep the guard, or drop the guard flags to run everywhere")
	case s.Force && s.Check:
		return usageErr("--force and --check contradict each other", "--check only reports; --force always redeploys")
	case s.TargetsFile != "" && (len(s.Environments) > 0 || len(s.Projects) > 0):
		return usageErr("--targets contradicts -p and -e: the file names the projects and environments",
			"put every target in the file (PROJECT:ENVIRONMENT a line), or drop --targets")
	}
	return nil
}

// timeout is --timeout, or the command's default.
func (s *Settings) timeout() time.Duration {
	switch {
	case s.Timeout > 0:
		return s.Timeout
	case s.Wait || s.Follow: // following an activity, or its log
		return 30 * time.Minute
	}
	return time.Minute
}

// target resolves the project and environment from the flags and the
// container.
func (s *Settings) target(env *envdetect.Env) (tasks.Target, error) {
	t := tasks.Target{Project: env.Project, Environment: env.Branch}
	if s.Project != "" {
		t.Project = s.Project
	}
	if s.Environment != "" {
		t.Environment = s.Environment
	}
	switch {
	case t.Project == "":
		return t, usageErr("no project: not in a platform container, and no --project",
			"run it in an app container, or pass -p PROJECT -e ENVIRONMENT")
	case t.Environment == "" && env.Phase == envdetect.PhaseBuild:
		return t, usageErr("the environment is not known in the build hook",
			"run tasks from a cron, a deploy or post_deploy hook, or SSH; or name one with -e")
	case t.Environment == "":
		return t, usageErr("no environment: PLATFORM_BRANCH is not set, and no --environment",
			"pass -e ENVIRONMENT (the environment id, as in PLATFORM_BRANCH)")
	}
	for _, id := range []struct{ what, v string }{{"project", t.Project}, {"environment", t.Environment}} {
		if err := checkID(id.what, id.v); err != nil {
			return t, err
		}
	}
	return t, nil
}

// readPolicy reads the --keep-* flags.
func readPolicy(r reader) (retention.Policy, error) {
	var p retention.Policy
	var err error
	for _, f := range []struct {
		name string
		n    *int
	}{{"keep-last", &p.Last}, {"keep-hourly", &p.Hourly}, {"keep-daily", &p.Daily}, {"keep-weekly", &p.Weekly},
		{"keep-monthly", &p.Monthly}, {"keep-yearly", &p.Yearly}} {
		if *f.n, err = r.integer(f.name, 0, 0, 1000); err != nil {
			return p, err
		}
	}
	p.Within, err = r.duration("keep-within")
	return p, err
}
