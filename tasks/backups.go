package tasks

import (
	"context"
)

// Restore restores a backup: to its own environment, or to Target (created
// from BranchFrom when it does not exist); NoCode restores data only,
// NoResources keeps the target's resources.
type Restore struct {
	Backup, Target, BranchFrom string
	NoCode, NoResources        bool
}

// Name implements Action.
func (Restore) Name() string { return "restore" }

// ActivityType implements Action.
func (Restore) ActivityType() string { return "environment.restore" }

func (r Restore) request() ([]string, any) {
	body := map[string]any{"restore_code": !r.NoCode}
	if r.Target != "" {
		body["environment_name"] = r.Target
	}
	if r.BranchFrom != "" {
		body["branch_from"] = r.BranchFrom
	}
	if r.NoResources {
		body["restore_resources"] = false
	}
	return []string{"backups", r.Backup, "restore"}, body
}

// matches compares the backup's name when the payload tells it.
func (r Restore) matches(a *Activity) bool {
	name, ok := a.Payload["backup_name"].(string)
	return !ok || name == r.Backup
}

// landsOn is where the restore's activity is recorded: the environment it
// overwrites, which is the target's with --target.
func (r Restore) landsOn(t Target) Target {
	if r.Target != "" {
		t.Environment = r.Target
	}
	return t
}

// Overwrites is the environment the restore replaces.
func (r Restore) Overwrites(t Target) string { return r.landsOn(t).Environment }

// A restore is stated with --yes, never run from a cron line copied into
// every environment: its default guard passes any environment.
func (Restore) defaultTypes() []string { return EnvTypes() }

// Deploy deploys an environment's staged changes (manual deployments), with
// a strategy (rolling or stopstart) or the environment's own.
type Deploy struct{ Strategy string }

// Name implements Action.
func (Deploy) Name() string { return "deploy" }

// ActivityType implements Action. (Unverified: the official clients follow
// whatever activities the answer names.)
func (Deploy) ActivityType() string { return "environment.deploy" }

func (d Deploy) request() ([]string, any) {
	body := map[string]string{}
	if d.Strategy != "" {
		body["strategy"] = d.Strategy
	}
	return []string{"deploy"}, body
}

func (Deploy) matches(*Activity) bool { return true }

// DeleteBackup deletes a backup. It is sent once: a DELETE is retried as a
// read would be, so a lost answer followed by 404 means it is gone.
func (c *Client) DeleteBackup(ctx context.Context, t Target, id string) error {
	return c.do(ctx, "DELETE", []string{"projects", t.Project, "environments", t.Environment, "backups", id}, nil, nil)
}

// CancelActivity asks the platform to cancel an activity.
func (c *Client) CancelActivity(ctx context.Context, project, id string) error {
	return c.do(ctx, "POST", []string{"projects", project, "activities", id, "cancel"}, nil, nil)
}

// ActivityLog is an activity with its log so far.
type ActivityLog struct {
	Activity
	Log string `json:"log"`
}

// GetActivityLog fetches an activity with its log.
func (c *Client) GetActivityLog(ctx context.Context, project, id string) (*ActivityLog, error) {
	var a ActivityLog
	if err := c.do(ctx, "GET", []string{"projects", project, "activities", id}, nil, &a); err != nil {
		return nil, err
	}
	return &a, nil
}
