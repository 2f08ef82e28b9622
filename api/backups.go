package api

import (
	"context"
)

// Backup is the part of a backup object pshcron reads.
type Backup struct {
	ID         string `json:"id"`
	CreatedAt  string `json:"created_at"`
	Status     string `json:"status"`
	Restorable bool   `json:"restorable"`
	Automated  bool   `json:"automated"`
	Safe       bool   `json:"safe"`
	ExpiresAt  string `json:"expires_at"`
	// Environment is the environment the backup was taken of.
	Environment string `json:"environment,omitempty"`
}

// ListBackups fetches an environment's backups, newest first; the Response
// places them on the platform's clock, to judge their ages on it.
func (c *Client) ListBackups(ctx context.Context, t Target) ([]Backup, *Response, error) {
	var out []Backup
	resp, err := c.get(ctx, []string{"projects", t.Project, "environments", t.Environment, "backups"}, nil, &out)
	return out, resp, err
}

// GetBackup fetches one backup.
func (c *Client) GetBackup(ctx context.Context, t Target, id string) (*Backup, *Response, error) {
	var b Backup
	resp, err := c.get(ctx, []string{"projects", t.Project, "environments", t.Environment, "backups", id}, nil, &b)
	if err != nil {
		return nil, resp, err
	}
	return &b, resp, nil
}

// DeleteBackup deletes a backup. It is sent once: a DELETE is retried as a
// read would be, so a lost answer followed by 404 means it is gone.
func (c *Client) DeleteBackup(ctx context.Context, t Target, id string) error {
	return c.do(ctx, "DELETE", []string{"projects", t.Project, "environments", t.Environment, "backups", id}, nil, nil)
}
