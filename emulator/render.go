package emulator

import (
	"time"
)

// The JSON the emulator answers with: every field both specs require, plus
// the id and links real answers carry.

// failureReason is an activity's failure_reason: why it failed, if it did.
func failureReason(result string) any {
	if result == "failure" {
		return "error"
	}
	return nil
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func nullTS(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return ts(t)
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// activityJSON renders an activity with every field the spec requires, plus
// the id and links real answers carry; callers hold s.mu.
func (s *Server) activityJSON(p *project, a *activity) map[string]any {
	state, result, percent := s.progress(a)
	started, completed := s.times(a, state)
	params := a.params
	if params == nil {
		params = map[string]any{}
	}
	descr, text := descriptions(a)
	links := map[string]any{
		"self": map[string]string{"href": "/api/projects/" + p.id + "/activities/" + a.id},
		"log":  map[string]string{"href": "/api/projects/" + p.id + "/activities/" + a.id + "/log"},
	}
	if state == "pending" || state == "in_progress" {
		// The official client cancels only through this link.
		links["#cancel"] = map[string]string{"href": "/api/projects/" + p.id + "/activities/" + a.id + "/cancel"}
	}
	return map[string]any{
		"id":                 a.id,
		"created_at":         ts(a.created),
		"updated_at":         ts(s.opts.Now()),
		"type":               a.typ,
		"parameters":         params,
		"project":            p.id,
		"environments":       []string{a.env},
		"state":              state,
		"result":             nullStr(result),
		"started_at":         nullTS(started),
		"completed_at":       nullTS(completed),
		"completion_percent": percent,
		"cancelled_at":       nullTS(a.cancelledAt),
		"failure_reason":     failureReason(result),
		"timings":            timings(a, state),
		"log":                "", // deprecated, and empty on the platform now: the log is at _links.log
		"payload":            a.payload,
		"description":        descr,
		"text":               text,
		"expires_at":         nil,
		"commands":           []any{},
		"_links":             links,
	}
}

// times are when an activity started and completed, zero for not yet;
// callers hold s.mu.
func (s *Server) times(a *activity, state string) (started, completed time.Time) {
	if a.timed {
		if state != "pending" {
			started = a.started
		}
		if state == "complete" {
			completed = a.started.Add(a.took)
		}
		return started, completed
	}
	base, ok := s.clock(a)
	if !ok {
		return started, completed // cancelled while it waited: it never ran
	}
	if state != "pending" {
		started = base.Add(s.opts.PendingFor)
	}
	if state == "complete" {
		completed = started.Add(s.opts.RunningFor)
	}
	return started, completed
}

func (s *Server) environmentJSON(p *project, e *environment, role Role) map[string]any {
	links := s.environmentLinks(p, e, role)
	var lastBackup time.Time
	if n := len(e.backups); n > 0 {
		lastBackup = e.backups[n-1].created
	}
	return map[string]any{
		"id":                     e.ID,
		"created_at":             ts(e.created),
		"updated_at":             ts(e.created),
		"name":                   e.ID,
		"machine_name":           machineName(e.ID),
		"title":                  e.ID,
		"attributes":             map[string]any{},
		"type":                   e.Type,
		"parent":                 nullStr(parentOf(p, e)),
		"default_domain":         nil,
		"has_domains":            false,
		"clone_parent_on_create": true,
		"deployment_target":      "local",
		"is_pr":                  false,
		"has_remote":             false,
		"status":                 e.Status,
		"http_access": map[string]any{
			"is_enabled": true, "addresses": []any{}, "basic_auth": map[string]any{},
		},
		"enable_smtp":                  true,
		"restrict_robots":              e.Type != "production",
		"edge_hostname":                machineName(e.ID) + "-" + p.id + ".eu.platformsh.site",
		"deployment_state":             deploymentState(e),
		"sizing":                       nil,
		"resources_overrides":          map[string]any{},
		"max_instance_count":           nil,
		"last_active_at":               ts(e.created),
		"last_backup_at":               nullTS(lastBackup),
		"project":                      p.id,
		"is_main":                      e.Type == "production",
		"is_dirty":                     s.busy(p, e.ID),
		"has_staged_activities":        s.staged(p, e.ID),
		"supports_rolling_deployments": e.RollingDeploy,
		"can_rolling_deploy":           e.RollingDeploy,
		"has_code":                     true,
		"head_commit":                  "0123456789abcdef0123456789abcdef01234567",
		"merge_info":                   map[string]any{"commits_ahead": 0, "commits_behind": 0, "parent_ref": nil},
		"has_deployment":               true,
		"supports_restrict_robots":     true,
		"_links":                       withReadLinks(links, p, e, role),
	}
}

// deploymentState is an environment's deployment_state, with the fields
// both specs require.
func deploymentState(e *environment) map[string]any {
	return map[string]any{
		"last_deployment_successful": true,
		"last_deployment_at":         ts(e.created),
		// The Upsun spec's additions:
		"last_state_update_successful":   true,
		"last_deployment_failure_reason": nil,
		"last_deployment_commands":       []any{},
		"last_maintenance_at":            nil,
		"last_autoscale_up_at":           nil,
		"last_autoscale_down_at":         nil,
		"crons":                          cronsState(e),
	}
}

// machineName mimics the platform's: the id made DNS-safe plus a suffix.
func machineName(id string) string {
	b := []byte(id)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			b[i] = '-'
		}
	}
	return string(b) + "-abc123"
}

func (s *Server) backupJSON(e *environment, b *backup) map[string]any {
	return map[string]any{
		"id":                  b.id,
		"created_at":          ts(b.created),
		"updated_at":          ts(b.created),
		"attributes":          map[string]any{},
		"status":              backupStatus(b),
		"expires_at":          nil,
		"index":               nil,
		"commit_id":           "0123456789abcdef0123456789abcdef01234567",
		"environment":         backupEnv(e, b),
		"safe":                b.safe,
		"size_of_volumes":     nil,
		"size_used":           nil,
		"size_object_storage": nil,
		"deployment":          nil,
		"restorable":          !b.unrestorable,
		"automated":           b.automated,
	}
}

func certificateJSON(c Certificate) map[string]any {
	issuer := c.Issuer
	if issuer == "" {
		issuer = "R11"
		if !c.Provisioned {
			issuer = "Custom CA"
		}
	}
	return map[string]any{
		"id":             c.ID,
		"created_at":     ts(c.ExpiresAt.Add(-90 * 24 * time.Hour)),
		"updated_at":     ts(c.ExpiresAt.Add(-90 * 24 * time.Hour)),
		"certificate":    "-----BEGIN CERTIFICATE-----\n(emulated)\n-----END CERTIFICATE-----\n",
		"chain":          []string{},
		"is_provisioned": c.Provisioned,
		"is_invalid":     c.Invalid,
		"is_root":        false,
		"domains":        c.Domains,
		"auth_type":      []string{},
		"issuer": []map[string]string{
			{"oid": "2.5.4.3", "alias": "commonName", "value": issuer},
		},
		"expires_at": ts(c.ExpiresAt),
	}
}

func backupEnv(e *environment, b *backup) string {
	if b.env != "" {
		return b.env
	}
	return e.ID
}

func backupStatus(b *backup) string {
	if b.status == "" {
		return "CREATED"
	}
	return b.status
}
