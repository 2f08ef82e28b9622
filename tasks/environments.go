package tasks

import (
	"context"
	"encoding/json"
	"sort"
	"time"
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
	DeploymentState *struct {
		Crons struct {
			Enabled bool   `json:"enabled"`
			Status  string `json:"status"`
		} `json:"crons"`
	} `json:"deployment_state,omitempty"`
}

// Environment statuses the platform uses.
const (
	StatusActive = "active"
	StatusPaused = "paused"
)

// GetEnvironment fetches one environment.
func (c *Client) GetEnvironment(ctx context.Context, t Target) (*Environment, error) {
	var e Environment
	if err := c.do(ctx, "GET", []string{"projects", t.Project, "environments", t.Environment}, nil, &e); err != nil {
		return nil, err
	}
	return &e, nil
}

// GetEnvironmentAt is GetEnvironment with the platform's clock at the
// answer (zero without a Date header) and this machine's when it arrived.
func (c *Client) GetEnvironmentAt(ctx context.Context, t Target) (env *Environment, platform, local time.Time, err error) {
	var e Environment
	ans, err := c.send(ctx, "GET", []string{"projects", t.Project, "environments", t.Environment}, nil, nil, &e)
	if err != nil {
		return nil, time.Time{}, time.Time{}, err
	}
	return &e, ans.Date, ans.Received, nil
}

// ListEnvironments fetches the project's environments, sorted by id.
func (c *Client) ListEnvironments(ctx context.Context, project string) ([]Environment, error) {
	var envs []Environment
	if err := c.do(ctx, "GET", []string{"projects", project, "environments"}, nil, &envs); err != nil {
		return nil, err
	}
	sort.Slice(envs, func(i, j int) bool { return envs[i].ID < envs[j].ID })
	return envs, nil
}
