package tasks

import (
	"context"
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

// ListEnvironments fetches the project's environments, sorted by id.
func (c *Client) ListEnvironments(ctx context.Context, project string) ([]Environment, error) {
	var envs []Environment
	if err := c.do(ctx, "GET", []string{"projects", project, "environments"}, nil, &envs); err != nil {
		return nil, err
	}
	sort.Slice(envs, func(i, j int) bool { return envs[i].ID < envs[j].ID })
	return envs, nil
}
