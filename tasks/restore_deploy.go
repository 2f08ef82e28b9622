package tasks

import (
	"github.com/pshcron/pshcron/api"
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
func (r Restore) matches(a *api.Activity) bool {
	name, ok := a.Payload["backup_name"].(string)
	return !ok || name == r.Backup
}

// landsOn is where the restore's activity is recorded: the environment it
// overwrites, which is the target's with --target.
func (r Restore) landsOn(t api.Target) api.Target {
	if r.Target != "" {
		t.Environment = r.Target
	}
	return t
}

// Overwrites is the environment the restore replaces.
func (r Restore) Overwrites(t api.Target) string { return r.landsOn(t).Environment }

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

func (Deploy) matches(*api.Activity) bool { return true }
