package cli

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"github.com/urfave/cli/v2"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/envdetect"
)

// Settings is what the runner reads, in the typed groups a command's row
// composes (options.go): read once from the flags and the variables that
// stand in for them, typed and checked before anything is sent; the groups
// a command does not take stay zero. A command's own groups are in its
// options struct, which embeds Settings (command_options.go).
type Settings struct {
	Command string   // the command's name, for messages
	Args    []string // positional arguments

	outputOptions
	whereOptions
	allOption
	gateOptions
	pingOption
	fleetOptions
	connectOptions
	listOptions
	followOption
}

// readSettings reads the flags of cmd's groups into its options, once.
func readSettings(c *cli.Context, getenv func(string) string, verbosity int, cmd command) (built, error) {
	run := cmd.run()
	s := run.settings
	s.Command, s.Args = c.Command.Name, c.Args().Slice()
	b := &binder{r: &reader{c: c, getenv: getenv, env: map[string]string{}}, formats: cmd.formats, verbosity: &verbosity}
	for _, g := range run.groups {
		g.bind(b)
	}
	if b.err != nil {
		return run, b.err
	}
	if s.TargetsFile != "" && (len(s.Environments) > 0 || len(s.Projects) > 0) {
		return run, usageErr("--targets contradicts -p and -e: the file names the projects and environments",
			"put every target in the file (PROJECT:ENVIRONMENT a line), or drop --targets")
	}
	return run, nil
}

// readLogs reads and checks the log level and format.
func (s *outputOptions) readLogs(r reader, levelFlag, formatFlag string) error {
	format, source, ok := r.value(formatFlag)
	s.LogFormat = "auto"
	if ok {
		s.LogFormat = strings.ToLower(format)
	}
	if !slices.Contains(logFormats, s.LogFormat) {
		return usageErr(fmt.Sprintf("%s %s is not a log format", source, format), "use auto, plain, json or console")
	}
	level, source, ok := r.value(levelFlag)
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
	s.LogLevel, s.logLevelFromEnv = l, source != "--"+levelFlag
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
func (s *Settings) target(env *envdetect.Env) (api.Target, error) {
	t := api.Target{Project: env.Project, Environment: env.Branch}
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
