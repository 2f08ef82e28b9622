package api

import (
	"context"
	"encoding/json"
	"sort"
)

// Environment is the part of the environment object pshcron reads.
type Environment struct {
	ID          string  `json:"id"`
	Title       string  `json:"title"`
	Type        string  `json:"type"`
	Status      string  `json:"status"`
	MachineName string  `json:"machine_name"`
	Parent      *string `json:"parent"`
	IsDirty     bool    `json:"is_dirty"`
	CreatedAt   string  `json:"created_at"`
	UpdatedAt   string  `json:"updated_at"`
	// LastBackupAt is when the environment was last backed up ("" never).
	LastBackupAt string `json:"last_backup_at,omitempty"`
	// HasStagedActivities and CanRollingDeploy are nil when the answer
	// does not tell (then the POST decides).
	HasStagedActivities *bool `json:"has_staged_activities,omitempty"`
	CanRollingDeploy    *bool `json:"can_rolling_deploy,omitempty"`
	// Links name the actions the token's user may take now: a missing
	// one means an activity is running, the environment is not active, or
	// the user is not an admin.
	Links           map[string]json.RawMessage `json:"_links,omitempty"`
	DeploymentState *DeploymentState           `json:"deployment_state,omitempty"`
}

// DeploymentState is how the environment's last deployment went, and
// whether its crons run.
type DeploymentState struct {
	// LastDeploymentAt is when the current deployment was made.
	LastDeploymentAt         *string `json:"last_deployment_at"`
	LastDeploymentSuccessful *bool   `json:"last_deployment_successful"`
	// Crons: enabled, and status running, paused (a preview environment
	// 14 days after its last deploy) or sleeping.
	Crons struct {
		Enabled bool   `json:"enabled"`
		Status  string `json:"status"`
	} `json:"crons"`
}

// Environment statuses the platform uses.
const (
	StatusActive = "active"
	StatusPaused = "paused"
)

// GetEnvironment fetches one environment.
func (c *Client) GetEnvironment(ctx context.Context, t Target) (*Environment, *Response, error) {
	var e Environment
	resp, err := c.get(ctx, []string{"projects", t.Project, "environments", t.Environment}, nil, &e)
	if err != nil {
		return nil, resp, err
	}
	return &e, resp, nil
}

// ListEnvironments fetches the project's environments, sorted by id.
func (c *Client) ListEnvironments(ctx context.Context, project string) ([]Environment, *Response, error) {
	var envs []Environment
	resp, err := c.get(ctx, []string{"projects", project, "environments"}, nil, &envs)
	if err != nil {
		return nil, resp, err
	}
	sort.Slice(envs, func(i, j int) bool { return envs[i].ID < envs[j].ID })
	return envs, resp, nil
}

// accepted is the answer to an action's POST: the activities it started.
type accepted struct {
	Status   string `json:"status"`
	Embedded struct {
		Activities []Activity `json:"activities"`
	} `json:"_embedded"`
}

// StartAction sends an environment action's one POST (segments below the
// environment, as ["backup"]) and returns the activities it started, if
// the answer names any. It is sent once: exactly once is the caller's.
func (c *Client) StartAction(ctx context.Context, t Target, segments []string, body any) ([]Activity, error) {
	var out accepted
	path := append([]string{"projects", t.Project, "environments", t.Environment}, segments...)
	if err := c.do(ctx, "POST", path, body, &out); err != nil {
		return nil, err
	}
	return out.Embedded.Activities, nil
}

// Has reports whether the environment offers the action now (its #action
// link).
func (e *Environment) Has(action string) bool {
	_, ok := e.Links["#"+action]
	return ok
}
