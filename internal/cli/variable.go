package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/internal/safefile"
	"github.com/pshcron/pshcron/internal/termsafe"
	"github.com/pshcron/pshcron/tasks"
)

// variable:create, variable:update, variable:delete act behind the guard
// and the lock, as any action; variable:get and variable:list only read.
// A sensitive value is registered as a secret before anything is sent, so
// no output can show it.

// variableOptions are the variable commands': which variable, and for
// variable:create and variable:update its value and flags. Each row
// composes the groups its command takes.
type variableOptions struct {
	Settings
	variableValue
	propertyOption
}

// givenIDs is the command line's ids, --name among them.
func (s *variableOptions) givenIDs() []string { return append(s.Settings.givenIDs(), s.Name) }

// variableCreate is variable:create [NAME].
func (p *program) variableCreate(ctx context.Context, s *variableOptions) error {
	return p.changeVariable(ctx, s, true)
}

// variableUpdate is variable:update NAME.
func (p *program) variableUpdate(ctx context.Context, s *variableOptions) error {
	return p.changeVariable(ctx, s, false)
}

func (p *program) changeVariable(ctx context.Context, s *variableOptions, create bool) error {
	level, name, err := variableTarget(s, create)
	if err != nil {
		return err
	}
	change, err := p.variableChange(s, level, create)
	if err != nil {
		return err
	}
	return p.actOnVariable(ctx, s, level, name, func(ctx context.Context, c *tasks.Client, t api.Target) (string, error) {
		if !create {
			return "updated", c.UpdateVariable(ctx, t, level, name, change)
		}
		err := c.CreateVariable(ctx, t, level, name, change)
		if s.Update && isStatus(err, http.StatusConflict) {
			change.Sensitive = nil // kept as it is
			return "updated", c.UpdateVariable(ctx, t, level, name, change)
		}
		return "created", err
	})
}

// variableDelete is variable:delete NAME, refused without --yes: pshcron
// never asks, so a deletion must be stated.
func (p *program) variableDelete(ctx context.Context, s *variableOptions) error {
	level, name, err := variableTarget(s, false)
	if err != nil {
		return err
	}
	if !s.Yes {
		return usageErr("variable:delete deletes "+name+" only with --yes", "pshcron never asks: add --yes to state the deletion")
	}
	return p.actOnVariable(ctx, s, level, name, func(ctx context.Context, c *tasks.Client, t api.Target) (string, error) {
		existed, err := c.DeleteVariable(ctx, t, level, name)
		if err == nil && !existed {
			p.log.Warn().Msg("no variable " + name + " at the " + level + " level: nothing to delete")
			return "absent", nil
		}
		return "deleted", err
	})
}

// actOnVariable runs change behind the guard and the lock, and prints the
// variable's name and what was done.
func (p *program) actOnVariable(ctx context.Context, s *variableOptions, level, name string,
	change func(context.Context, *tasks.Client, api.Target) (string, error)) error {
	_, err := p.act(ctx, &s.Settings, scopeTargets, work{lock: "variable " + level + " " + name, do: func(ctx context.Context, c *tasks.Client, t api.Target, out reporter) error {
		done, err := change(ctx, c, t)
		if err != nil {
			return err
		}
		p.log.Info().Str("variable", name).Str("variable_level", level).Msg("variable " + done) // "level" is the log line's own
		if s.Format == "json" {
			return writeJSON(out.stdout(), map[string]string{"name": name, "level": level, "result": done})
		}
		_, err = fmt.Fprintln(out.stdout(), termsafe.String(name))
		return err
	}})
	return err
}

// variableTarget reads the level and the name, with its prefix.
func variableTarget(s *variableOptions, create bool) (level, name string, err error) {
	if level, err = variableLevel(s); err != nil {
		return "", "", err
	}
	if level == "" {
		return "", "", usageErr(s.Command+" needs --level project or --level environment", "pshcron never guesses where a variable lives")
	}
	name, err = variableName(s, create)
	return level, name, err
}

// variableLevel is --level: project, environment, or "" when not given.
func variableLevel(s *variableOptions) (string, error) {
	switch strings.ToLower(s.Level) {
	case "project", "p":
		return api.LevelProject, nil
	case "environment", "e":
		return api.LevelEnvironment, nil
	case "":
		return "", nil
	}
	return "", usageErr(fmt.Sprintf("--level %s is not a level", s.Level), "use project (p) or environment (e)")
}

// variableName is the variable's name, from the argument or --name, with
// --prefix applied.
func variableName(s *variableOptions, create bool) (string, error) {
	name := s.Name
	if len(s.Args) > 1 || (len(s.Args) == 1 && name != "" && s.Args[0] != name) {
		return "", usageErr(s.Command+" takes one variable name", "give it as the argument or with --name")
	}
	if len(s.Args) == 1 {
		name = s.Args[0]
	}
	if name == "" {
		return "", usageErr(s.Command+" needs the variable's name", "for example: pshcron "+s.Command+" --level environment env:FOO")
	}
	switch s.Prefix {
	case "", "none":
	case "env":
		if !strings.Contains(name, ":") {
			name = "env:" + name
		}
	default:
		if create {
			return "", usageErr(fmt.Sprintf("--prefix %s is not a prefix", s.Prefix), "use env or none")
		}
	}
	if !validVarPart(name, "._:-|/") {
		return "", usageErr(fmt.Sprintf("%q is not a variable name", name), "names hold letters, digits and . _ : - | /")
	}
	if err := checkID("variable name", name); err != nil {
		return "", err // . and .. would name another endpoint
	}
	return name, nil
}

// variableChange reads the value (from --value, or --value-file for one
// that must stay out of the process list) and the booleans.
func (p *program) variableChange(s *variableOptions, level string, create bool) (api.VariableChange, error) {
	var v api.VariableChange
	f := s.VarFlags
	if level == api.LevelProject && (f["enabled"] != nil || f["inheritable"] != nil) {
		return v, usageErr("--enabled and --inheritable apply to environment variables", "use --level environment, or drop them")
	}
	v.JSON, v.Sensitive, v.VisibleBuild, v.VisibleRuntime = f["json"], f["sensitive"], f["visible-build"], f["visible-runtime"]
	v.Enabled, v.Inheritable = f["enabled"], f["inheritable"]
	switch {
	case s.ValueSet && s.ValueFile != "":
		return v, usageErr("--value and --value-file contradict each other", "give the value one way")
	case s.ValueFile != "":
		value, err := p.readValue(s.ValueFile)
		if err != nil {
			return v, err
		}
		v.Value = &value
	case s.ValueSet:
		v.Value = &s.Value
	case create:
		return v, usageErr(s.Command+" needs a value", "--value VALUE, or --value-file FILE (- for stdin) for a secret")
	}
	if v.Value != nil && (v.Sensitive != nil && *v.Sensitive || s.ValueFile != "") {
		p.secrets.Add(*v.Value)
	}
	return v, nil
}

// readValue reads a value from a file or stdin, dropping one trailing
// newline; a FIFO or device file is refused, a large file too.
func (p *program) readValue(path string) (string, error) {
	var b []byte
	var err error
	if path == "-" {
		b, err = safefile.ReadAll(p.stdin, 1<<20)
	} else {
		b, err = safefile.ReadFile(path, 1<<20)
	}
	switch {
	case errors.Is(err, safefile.ErrTooLarge):
		return "", usageErr("the value is larger than 1 MiB", "a variable holds a value, not a file")
	case err != nil:
		return "", usageErr("cannot read the value: "+err.Error(), "check --value-file")
	case path == "-" && len(b) == 0:
		// An empty stdin is a pipe whose writer failed, or a cron's none.
		return "", usageErr("--value-file - read nothing from stdin", "pipe the value in; for an empty value, write --value ''")
	}
	return strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r"), nil
}
