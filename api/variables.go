package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/pshcron/pshcron/internal/httpretry"
)

// Variables at the project's level or an environment's. A sensitive
// variable's value is never returned by the API, and pshcron never prints
// or logs one it sends: the caller registers it as a secret.

// Variable levels.
const (
	LevelProject     = "project"
	LevelEnvironment = "environment"
)

// Variable is the part of a variable object pshcron reads.
type Variable struct {
	Name           string  `json:"name"`
	Value          *string `json:"value,omitempty"`
	IsJSON         bool    `json:"is_json"`
	IsSensitive    bool    `json:"is_sensitive"`
	VisibleBuild   bool    `json:"visible_build"`
	VisibleRuntime bool    `json:"visible_runtime"`
	IsEnabled      *bool   `json:"is_enabled,omitempty"`
	IsInheritable  *bool   `json:"is_inheritable,omitempty"`
	Inherited      bool    `json:"inherited"`
	CreatedAt      string  `json:"created_at"`
	UpdatedAt      string  `json:"updated_at"`
	// Level is where it was read: project or environment (not the API's).
	Level string `json:"level,omitempty"`
}

// VariableChange is what a create or update sets; nil leaves a field as it
// is (or to the platform's default).
type VariableChange struct {
	Value                                                               *string
	JSON, Sensitive, VisibleBuild, VisibleRuntime, Enabled, Inheritable *bool
}

func (v VariableChange) body(name string) map[string]any {
	b := map[string]any{}
	if name != "" {
		b["name"] = name
	}
	set := func(k string, p *bool) {
		if p != nil {
			b[k] = *p
		}
	}
	if v.Value != nil {
		b["value"] = *v.Value
	}
	set("is_json", v.JSON)
	set("is_sensitive", v.Sensitive)
	set("visible_build", v.VisibleBuild)
	set("visible_runtime", v.VisibleRuntime)
	set("is_enabled", v.Enabled)
	set("is_inheritable", v.Inheritable)
	return b
}

// variablesPath is where a level's variables live.
func variablesPath(t Target, level string, name ...string) []string {
	p := []string{"projects", t.Project, "variables"}
	if level == LevelEnvironment {
		p = []string{"projects", t.Project, "environments", t.Environment, "variables"}
	}
	return append(p, name...)
}

// ListVariables fetches a level's variables, their Level set. An
// environment's are environment-level variables only: its own and those it
// inherits from its parents (Inherited); the project's are not among them.
func (c *Client) ListVariables(ctx context.Context, t Target, level string) ([]Variable, *Response, error) {
	var out []Variable
	resp, err := c.get(ctx, variablesPath(t, level), nil, &out)
	for i := range out {
		out[i].Level = level
	}
	return out, resp, err
}

// ListAllVariables fetches the project's variables, then the
// environment's, as the official variable:list shows them: two GETs, the
// Response the second's.
func (c *Client) ListAllVariables(ctx context.Context, t Target) ([]Variable, *Response, error) {
	vars, resp, err := c.ListVariables(ctx, t, LevelProject)
	if err != nil {
		return nil, resp, err
	}
	env, resp, err := c.ListVariables(ctx, t, LevelEnvironment)
	return append(vars, env...), resp, err
}

// GetVariable fetches one variable at a level, its Level set. Level ""
// looks in the environment, then on a 404 in the project, as the official
// variable:get does without --level.
func (c *Client) GetVariable(ctx context.Context, t Target, level, name string) (*Variable, *Response, error) {
	if level == "" {
		v, resp, err := c.GetVariable(ctx, t, LevelEnvironment, name)
		if !IsStatus(err, http.StatusNotFound) {
			return v, resp, err
		}
		level = LevelProject
	}
	var v Variable
	resp, err := c.get(ctx, variablesPath(t, level, name), nil, &v)
	if err != nil {
		return nil, resp, err
	}
	v.Level = level
	return &v, resp, nil
}

// CreateVariable creates a variable. It is sent once: exactly once after
// an unknown outcome is the caller's (tasks.Client.CreateVariable).
func (c *Client) CreateVariable(ctx context.Context, t Target, level, name string, v VariableChange) error {
	return c.do(ctx, "POST", variablesPath(t, level), v.body(name), nil)
}

// UpdateVariable changes a variable. The same change twice leaves the same
// variable, so it is retried like a read.
func (c *Client) UpdateVariable(ctx context.Context, t Target, level, name string, v VariableChange) error {
	return c.do(httpretry.WithIdempotent(ctx), "PATCH", variablesPath(t, level, name), v.body(""), nil)
}

// DeleteVariable deletes a variable; one already gone (after a lost answer,
// say) counts as deleted.
func (c *Client) DeleteVariable(ctx context.Context, t Target, level, name string) (existed bool, err error) {
	err = c.do(ctx, "DELETE", variablesPath(t, level, name), nil, nil)
	if IsStatus(err, http.StatusNotFound) {
		return false, nil
	}
	return err == nil, err
}

// IsStatus reports whether err is the API answering status.
func IsStatus(err error, status int) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Status == status
}
