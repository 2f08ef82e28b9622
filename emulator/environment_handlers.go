package emulator

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// parentOf is an environment's parent: its own, else production's id for
// any environment that is not production.
func parentOf(p *project, e *environment) string {
	if e.Parent != "" || e.Type == "production" {
		return e.Parent
	}
	for _, o := range sortedEnvs(p) {
		if o.Type == "production" {
			return o.ID
		}
	}
	return ""
}

// synchronize brings the parent's code, data or resources, as the platform
// does; an environment without a parent cannot.
func (s *Server) synchronize(w http.ResponseWriter, r *http.Request, p *project, body []byte) {
	var in struct {
		Code      *bool `json:"synchronize_code"`
		Data      *bool `json:"synchronize_data"`
		Rebase    *bool `json:"rebase"`
		Resources *bool `json:"synchronize_resources"`
	}
	if !decodeStrict(w, body, &in) {
		return
	}
	e := p.envs[r.PathValue("environment")]
	parent := p.envs[parentOf(p, e)]
	switch {
	case parent == nil:
		refuse(w, "Environment "+e.ID+" has no parent to synchronize from.")
		return
	case !s.actionable(w, p, e):
		return
	case parent.Status != "active":
		refuse(w, "The parent environment "+parent.ID+" is not active.")
		return
	}
	payload := map[string]any{"synchronize_code": in.Code != nil && *in.Code, "synchronize_data": in.Data != nil && *in.Data,
		"rebase": in.Rebase != nil && *in.Rebase, "synchronize_resources": in.Resources != nil && *in.Resources}
	s.accepted(w, p, s.newActivity(p, e, "environment.synchronize", payload))
}

// pause and resume change the environment's status at once; the activity
// tells the rest.
func (s *Server) pause(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	e := p.envs[r.PathValue("environment")]
	if !s.actionable(w, p, e) {
		return
	}
	e.Status = "paused"
	s.accepted(w, p, s.newActivity(p, e, "environment.pause", map[string]any{}))
}

func (s *Server) resume(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	e := p.envs[r.PathValue("environment")]
	if why := s.refusal(p, e, "paused"); why != "" {
		refuse(w, why)
		return
	}
	e.Status = "active"
	s.accepted(w, p, s.newActivity(p, e, "environment.resume", map[string]any{}))
}

// listProjectActivities answers the project's activities newest first,
// honouring type and state (both repeatable), result, count and starts_at
// as the real API does.
func (s *Server) listProjectActivities(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	s.writeActivityList(w, r, p, "")
}

// writeActivityList answers the list, or 400 for a starts_at that is not a
// date.
func (s *Server) writeActivityList(w http.ResponseWriter, r *http.Request, p *project, env string) {
	list, err := s.activityList(p, r, env)
	if err != nil {
		fieldError(w, "starts_at", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, list)
}

// activityList filters the activities newest first by creation. starts_at
// is an inclusive upper bound on created_at, to the second the answers
// show, as the official clients page with it (the last created_at seen).
func (s *Server) activityList(p *project, r *http.Request, env string) ([]any, error) {
	q := r.URL.Query()
	count, _ := strconv.Atoi(q.Get("count"))
	if count <= 0 || count > 100 {
		count = 100
	}
	end := len(p.activities)
	if v := q.Get("starts_at"); v != "" {
		until, err := parseStartsAt(v)
		if err != nil {
			return nil, err
		}
		end = sort.Search(end, func(i int) bool { return p.activities[i].created.Truncate(time.Second).After(until) })
	}
	types, states, results := set(q["type"]), set(q["state"]), set(q["result"])
	out := []any{}
	for i := end - 1; i >= 0 && len(out) < count; i-- {
		a := p.activities[i]
		state, result, _ := s.progress(a)
		if (env != "" && a.env != env) || (len(types) > 0 && !types[a.typ]) ||
			(len(states) > 0 && !states[state]) || (len(results) > 0 && !results[result]) {
			continue
		}
		out = append(out, s.activityJSON(p, a))
	}
	return out, nil
}

// parseStartsAt reads starts_at as RFC 3339. The official PHP client sends
// it unescaped (2022-02-22T02:00:00.000000+00:00), so its plus sign
// arrives as a space.
func parseStartsAt(v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		t, err = time.Parse(time.RFC3339Nano, strings.Replace(v, " ", "+", 1))
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("not a date: %q", v)
	}
	return t, nil
}

func set(values []string) map[string]bool {
	m := make(map[string]bool, len(values))
	for _, v := range values {
		m[v] = true
	}
	return m
}

func (s *Server) getBackup(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	e := p.envs[r.PathValue("environment")]
	for _, b := range e.backups {
		if b.id == r.PathValue("backup") {
			writeJSON(w, http.StatusOK, s.backupJSON(e, b))
			return
		}
	}
	writeError(w, http.StatusNotFound, "Not Found", "Backup not found: "+r.PathValue("backup"))
}

// me answers who the token acts as: a machine user, by role.
func (s *Server) me(w http.ResponseWriter, role Role) {
	created := ts(s.opts.Now().Add(-30 * 24 * time.Hour))
	writeJSON(w, http.StatusOK, map[string]any{
		"id": "machine-user-" + string(role), "deactivated": false, "namespace": "emulator",
		"username": "pshcron-" + string(role), "email": "pshcron-" + string(role) + "@emulator.local", "email_verified": true,
		"first_name": "Emulated", "last_name": string(role), "picture": "", "company": "", "website": "", "country": "FR",
		"created_at": created, "updated_at": created, "consented_at": created, "consent_method": "opt-in",
		// Not in the specs, but the official auth:info shows it.
		"phone_number_verified": false, "mfa_enabled": false, "sso_enabled": false,
	})
}

// restoreBackup restores a backup to its environment or another (created
// from branch_from when it does not exist).
func (s *Server) restoreBackup(w http.ResponseWriter, r *http.Request, p *project, body []byte) {
	var in struct {
		Target      *string        `json:"environment_name"`
		BranchFrom  *string        `json:"branch_from"`
		Code        *bool          `json:"restore_code"`
		Resources   *bool          `json:"restore_resources"`
		ResourceSet map[string]any `json:"resources"`
	}
	if !decodeStrict(w, body, &in) {
		return
	}
	e := p.envs[r.PathValue("environment")]
	var found *backup
	for _, b := range e.backups {
		if b.id == r.PathValue("backup") {
			found = b
		}
	}
	if found == nil {
		writeError(w, http.StatusNotFound, "Not Found", "Backup not found: "+r.PathValue("backup"))
		return
	}
	target := e
	if in.Target != nil && *in.Target != e.ID {
		target = p.envs[*in.Target]
		if target == nil && (in.BranchFrom == nil || p.envs[*in.BranchFrom] == nil) {
			refuse(w, "Environment "+*in.Target+" does not exist: give branch_from to create it.")
			return
		}
		if target == nil {
			target = &environment{Environment: Environment{ID: *in.Target, Type: "development", Status: "active", Parent: *in.BranchFrom}, created: s.opts.Now()}
			p.envs[target.ID] = target
		}
	}
	if !s.actionable(w, p, target) {
		return
	}
	s.accepted(w, p, s.newActivity(p, target, "environment.restore", map[string]any{
		"backup_name": found.id, "restore_code": in.Code == nil || *in.Code,
	}))
}

// deploy deploys an environment's staged changes: its staged activities
// complete.
func (s *Server) deploy(w http.ResponseWriter, r *http.Request, p *project, body []byte) {
	var in struct {
		Strategy *string `json:"strategy"`
	}
	if len(body) > 0 && !decodeStrict(w, body, &in) {
		return
	}
	if in.Strategy != nil && *in.Strategy != "rolling" && *in.Strategy != "stopstart" {
		fieldError(w, "strategy", "Invalid strategy: "+*in.Strategy)
		return
	}
	e := p.envs[r.PathValue("environment")]
	switch {
	case !s.actionable(w, p, e):
		return
	case !s.staged(p, e.ID):
		refuse(w, "Environment "+e.ID+" has no staged changes to deploy.")
		return
	case in.Strategy != nil && *in.Strategy == "rolling" && !e.RollingDeploy:
		refuse(w, "Rolling deployments are not available on environment "+e.ID+".")
		return
	}
	for _, a := range p.activities {
		if a.env == e.ID {
			a.staged = false
		}
	}
	s.accepted(w, p, s.newActivity(p, e, "environment.deploy", map[string]any{}))
}

// cancelActivity cancels an activity that has not ended.
func (s *Server) cancelActivity(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	a := activityOf(w, r, p)
	if a == nil {
		return
	}
	// The official activity:cancel recognises the platform's refusal by
	// "cannot be cancelled" in it.
	if state, _, _ := s.progress(a); state != "pending" && state != "in_progress" {
		writeError(w, http.StatusBadRequest, "Bad Request", "This activity cannot be cancelled in its current state ("+state+").")
		return
	}
	a.cancelled, a.cancelledAt = true, s.opts.Now()
	s.accepted(w, p, a)
}
