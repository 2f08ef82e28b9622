package tasks

import (
	"context"
	"net/url"
	"strconv"
	"time"
)

// What people in SSH sessions and deploy hooks read: one GET each.

// BackupInfo is the part of a backup object pshcron reads.
type BackupInfo struct {
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

// ListBackups fetches an environment's backups, newest first.
func (c *Client) ListBackups(ctx context.Context, t Target) ([]BackupInfo, error) {
	var out []BackupInfo
	err := c.do(ctx, "GET", []string{"projects", t.Project, "environments", t.Environment, "backups"}, nil, &out)
	return out, err
}

// ActivityFilter is what the official clients filter activity lists by;
// the API honours these query parameters though the specs omit them. Types
// and States are repeated parameters: any of them.
type ActivityFilter struct {
	Types, States []string
	Result        string
	Count         int
}

func (f ActivityFilter) query() url.Values {
	q := url.Values{}
	for _, t := range f.Types {
		q.Add("type", t)
	}
	for _, s := range f.States {
		q.Add("state", s)
	}
	if f.Result != "" {
		q.Set("result", f.Result)
	}
	if f.Count > 0 {
		q.Set("count", strconv.Itoa(f.Count))
	}
	return q
}

// ListActivities fetches activities newest first: an environment's, or the
// whole project's when t.Environment is "".
func (c *Client) ListActivities(ctx context.Context, t Target, f ActivityFilter) ([]Activity, error) {
	acts, _, err := c.listActivities(ctx, t, f)
	return acts, err
}

// listActivities is ListActivities with the answer, whose Date header
// places the list on the platform's clock.
func (c *Client) listActivities(ctx context.Context, t Target, f ActivityFilter) ([]Activity, answer, error) {
	path := []string{"projects", t.Project, "activities"}
	if t.Environment != "" {
		path = []string{"projects", t.Project, "environments", t.Environment, "activities"}
	}
	var out []Activity
	ans, err := c.send(ctx, "GET", path, f.query(), nil, &out)
	return out, ans, err
}

// SourceOperationInfo is one source operation an environment defines.
type SourceOperationInfo struct {
	App       string `json:"app"`
	Operation string `json:"operation"`
	Command   string `json:"command"`
}

// ListSourceOperations fetches the environment's source operations.
func (c *Client) ListSourceOperations(ctx context.Context, t Target) ([]SourceOperationInfo, error) {
	var out []SourceOperationInfo
	err := c.do(ctx, "GET", []string{"projects", t.Project, "environments", t.Environment, "source-operations"}, nil, &out)
	return out, err
}

// User is the part of the token's user pshcron reads.
type User struct {
	ID        string `json:"id"`
	Username  string `json:"username"`
	Email     string `json:"email"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
}

// Me fetches the user the token acts as.
func (c *Client) Me(ctx context.Context) (*User, error) {
	var u User
	if err := c.do(ctx, "GET", []string{"users", "me"}, nil, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// GetBackup fetches one backup.
func (c *Client) GetBackup(ctx context.Context, t Target, id string) (*BackupInfo, error) {
	var b BackupInfo
	if err := c.do(ctx, "GET", []string{"projects", t.Project, "environments", t.Environment, "backups", id}, nil, &b); err != nil {
		return nil, err
	}
	return &b, nil
}

// ListBackupsAt is ListBackups with the platform's clock at the answer
// (zero when the answer had no Date header), to judge ages on it.
func (c *Client) ListBackupsAt(ctx context.Context, t Target) ([]BackupInfo, time.Time, error) {
	var out []BackupInfo
	ans, err := c.send(ctx, "GET", []string{"projects", t.Project, "environments", t.Environment, "backups"}, nil, nil, &out)
	return out, ans.Date, err
}
