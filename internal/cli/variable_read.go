package cli

import (
	"context"
	"fmt"
	"strconv"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/internal/termsafe"
	"github.com/pshcron/pshcron/tasks"
)

// variableGet is variable:get NAME: its properties, or one with --property.
// Without --level, the environment's variable, or on a 404 the project's
// (one GET, or two); outside a container with no -e, the project's. A
// sensitive variable's value is never returned by the API.
func (p *program) variableGet(ctx context.Context, s *variableOptions) error {
	level, err := variableLevel(s)
	if err != nil {
		return err
	}
	name, err := variableName(s, false)
	if err != nil {
		return err
	}
	if level == "" && s.Environment == "" && p.getenv("PLATFORM_BRANCH") == "" {
		level = api.LevelProject
	}
	return p.read(ctx, &s.Settings, environmentIf(level != api.LevelProject), func(ctx context.Context, c *tasks.Client, t api.Target) error {
		v, _, err := c.GetVariable(ctx, t, level, name)
		if level == "" && api.IsStatus(err, 404) {
			// Both levels were asked; the error names only the last.
			return fmt.Errorf("no variable %s in environment %s nor in project %s: %w", termsafe.String(name), t.Environment, t.Project, err)
		}
		if err != nil {
			return err
		}
		return p.printVariable(s, v, v.Level)
	})
}

// printVariable writes a variable's properties, or the one --property names.
func (p *program) printVariable(s *variableOptions, v *api.Variable, level string) error {
	props := variableProps(v, level)
	if s.Property != "" {
		value, ok := props[s.Property]
		switch {
		case s.Property == "value" && v.IsSensitive:
			return &sensitiveError{name: v.Name}
		case !ok:
			return usageErr(fmt.Sprintf("--property %s is not a property of a variable", s.Property), "use value, name, level, is_json, is_sensitive, ...")
		}
		if isTerminal(p.stdout) {
			value = termsafe.String(value)
		}
		_, err := fmt.Fprintln(p.stdout, value)
		return err
	}
	if s.Format == "json" {
		return writeJSON(p.stdout, v)
	}
	var rows [][]string
	for _, k := range []string{"name", "level", "value", "is_json", "is_sensitive", "visible_build", "visible_runtime", "is_enabled", "is_inheritable", "inherited", "created_at", "updated_at"} {
		if val, ok := props[k]; ok {
			rows = append(rows, []string{k, val})
		}
	}
	return printRows(p.stdout, "table", nil, rows, true)
}

// sensitiveError is a read of a sensitive variable's value.
type sensitiveError struct{ name string }

func (e *sensitiveError) Error() string {
	return "the value of " + e.name + " is sensitive: the API never returns it"
}

// Hint says where it can be read.
func (e *sensitiveError) Hint() string {
	return "it is visible where it is used: in the app container's environment (env: variables) or PLATFORM_VARIABLES"
}

// variableProps are a variable's properties as text.
func variableProps(v *api.Variable, level string) map[string]string {
	b := strconv.FormatBool
	props := map[string]string{
		"name": v.Name, "level": level, "is_json": b(v.IsJSON), "is_sensitive": b(v.IsSensitive),
		"visible_build": b(v.VisibleBuild), "visible_runtime": b(v.VisibleRuntime),
		"created_at": utc(v.CreatedAt), "updated_at": utc(v.UpdatedAt), "value": "(sensitive)",
	}
	if v.Value != nil {
		props["value"] = *v.Value
	}
	if level == api.LevelEnvironment {
		props["inherited"] = b(v.Inherited) // from a parent environment
	}
	if v.IsEnabled != nil {
		props["is_enabled"] = b(*v.IsEnabled)
	}
	if v.IsInheritable != nil {
		props["is_inheritable"] = b(*v.IsInheritable)
	}
	return props
}

// variableList is variable:list (variables, var): as the official CLI, the
// project's variables and then the environment's, each with its level (two
// GETs), or one level's with --level. The environment's are its own and
// those it inherits from a parent environment (Inherited: true). Enabled
// and Inherited are blank for project variables, which have neither.
func (p *program) variableList(ctx context.Context, s *variableOptions) error {
	level, err := variableLevel(s)
	if err != nil {
		return err
	}
	return p.read(ctx, &s.Settings, environmentIf(level != api.LevelProject), func(ctx context.Context, c *tasks.Client, t api.Target) error {
		var vars []api.Variable
		var err error
		if level == "" {
			vars, _, err = c.ListAllVariables(ctx, t)
		} else {
			vars, _, err = c.ListVariables(ctx, t, level)
		}
		if err != nil {
			return err
		}
		l := listing{header: []string{"Name", "Level", "Value", "Enabled", "Sensitive", "Inherited"},
			columns: []string{"name", "level", "value", "enabled", "inherited"}, json: nonNil(vars)}
		for i := range vars {
			props := variableProps(&vars[i], vars[i].Level)
			l.ids = append(l.ids, vars[i].Name)
			l.rows = append(l.rows, []string{props["name"], props["level"], props["value"], props["is_enabled"], props["is_sensitive"], props["inherited"]})
		}
		return p.printListing(&s.Settings, l)
	})
}
