package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

// accepted answers an action the way the platform does.
func (s *Server) accepted(w http.ResponseWriter, p *project, acts ...*activity) {
	list := make([]any, 0, len(acts))
	for _, a := range acts {
		list = append(list, s.activityJSON(p, a))
	}
	writeJSON(w, http.StatusAccepted, map[string]any{
		"status": "Accepted", "code": http.StatusAccepted, "_embedded": map[string]any{"activities": list},
	})
}

// decodeStrict reads a JSON body, refusing unknown fields as the API does.
func decodeStrict(w http.ResponseWriter, body []byte, v any) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "Bad Request", "Invalid request body: "+err.Error())
		return false
	}
	return true
}

func (s *Server) getProject(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	writeJSON(w, http.StatusOK, map[string]any{
		"id": p.id, "created_at": ts(p.created), "updated_at": ts(p.created),
		"attributes": map[string]any{}, "title": "Emulated project " + p.id, "description": "",
		"owner": "emulator", "namespace": nil, "organization": nil, "default_branch": "main",
		"status":   map[string]any{"code": "provisioned", "message": "ok"},
		"timezone": "UTC", "region": "emulator.local", "maintenance": nil,
		"repository":     map[string]any{"url": p.id + "@git.emulator.local:" + p.id + ".git", "client_ssh_key": nil},
		"default_domain": nil,
		"subscription": map[string]any{
			"license_uri": "https://emulator.local/licenses/1", "storage": 5120, "included_users": 1,
			"subscription_management_uri": "https://emulator.local/subscriptions/1",
			"restricted":                  false, "suspended": false, "user_licenses": 1,
		},
		"_links": projectLinks(p),
	})
}

func (s *Server) listEnvironments(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	out := []any{}
	for _, e := range sortedEnvs(p) {
		out = append(out, s.environmentJSON(p, e, roleOf(r)))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) getEnvironment(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	writeJSON(w, http.StatusOK, s.environmentJSON(p, p.envs[r.PathValue("environment")], roleOf(r)))
}

func (s *Server) createBackup(w http.ResponseWriter, r *http.Request, p *project, body []byte) {
	var in struct {
		Safe *bool `json:"safe"`
	}
	if !decodeStrict(w, body, &in) {
		return
	}
	if in.Safe == nil {
		fieldError(w, "safe", "This field is required.")
		return
	}
	e := p.envs[r.PathValue("environment")]
	if !s.actionable(w, p, e) {
		return
	}
	b := &backup{id: s.nextID("b"), created: s.opts.Now(), safe: *in.Safe}
	b.act = s.newActivity(p, e, "environment.backup", map[string]any{
		"backup_name": b.id, "environment": map[string]any{"id": e.ID}, "safe": b.safe,
	})
	e.backups = append(e.backups, b)
	s.accepted(w, p, b.act)
}

func (s *Server) listBackups(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	e := p.envs[r.PathValue("environment")]
	out := []any{}
	for i := len(e.backups) - 1; i >= 0; i-- {
		out = append(out, s.backupJSON(e, e.backups[i]))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) deleteBackup(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	e := p.envs[r.PathValue("environment")]
	for i, b := range e.backups {
		if b.id == r.PathValue("backup") {
			e.backups = append(e.backups[:i], e.backups[i+1:]...)
			a := s.newActivity(p, e, "environment.backup.delete", map[string]any{"backup_name": b.id})
			s.accepted(w, p, a)
			return
		}
	}
	writeError(w, http.StatusNotFound, "Not Found", "Backup not found: "+r.PathValue("backup"))
}

func (s *Server) redeploy(w http.ResponseWriter, r *http.Request, p *project, body []byte) {
	if len(bytes.TrimSpace(body)) > 0 && !decodeStrict(w, body, &struct{}{}) {
		return
	}
	e := p.envs[r.PathValue("environment")]
	if !s.actionable(w, p, e) {
		return
	}
	// A new deployment resumes the crons the platform paused (a preview's,
	// 14 days after its last deploy), as the platform's docs say.
	e.CronsPaused = false
	s.accepted(w, p, s.newActivity(p, e, "environment.redeploy", map[string]any{"environment": map[string]any{"id": e.ID}}))
}

func (s *Server) runSourceOperation(w http.ResponseWriter, r *http.Request, p *project, body []byte) {
	var in struct {
		Operation *string                   `json:"operation"`
		Variables map[string]map[string]any `json:"variables"`
	}
	if !decodeStrict(w, body, &in) {
		return
	}
	if in.Operation == nil || in.Variables == nil {
		writeError(w, http.StatusBadRequest, "Bad Request", "Fields 'operation' and 'variables' are required.")
		return
	}
	e := p.envs[r.PathValue("environment")]
	if !s.actionable(w, p, e) {
		return
	}
	known := false
	for _, op := range e.SourceOperations {
		known = known || op == *in.Operation
	}
	if !known {
		refuse(w, "Source operation "+strconv.Quote(*in.Operation)+" is not defined.")
		return
	}
	s.accepted(w, p, s.newActivity(p, e, "environment.source-operation", map[string]any{
		"source_operation": map[string]any{"operation": *in.Operation, "variables": in.Variables},
	}))
}

func (s *Server) listSourceOperations(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	out := []any{}
	for _, op := range p.envs[r.PathValue("environment")].SourceOperations {
		out = append(out, map[string]string{"id": op, "app": "app", "operation": op, "command": "echo " + op})
	}
	writeJSON(w, http.StatusOK, out)
}

// listEnvironmentActivities answers the environment's activities, as
// listProjectActivities does the project's.
func (s *Server) listEnvironmentActivities(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	s.writeActivityList(w, r, p, r.PathValue("environment"))
}

func (s *Server) getActivity(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	if a := activityOf(w, r, p); a != nil {
		writeJSON(w, http.StatusOK, s.activityJSON(p, a))
	}
}

// activityOf is the activity the path names, or nil once a 404 is written.
func activityOf(w http.ResponseWriter, r *http.Request, p *project) *activity {
	for _, a := range p.activities {
		if a.id == r.PathValue("activity") {
			return a
		}
	}
	writeError(w, http.StatusNotFound, "Not Found", "Activity not found: "+r.PathValue("activity"))
	return nil
}

func (s *Server) listCertificates(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	out := []any{}
	for _, c := range p.certificates {
		out = append(out, certificateJSON(c))
	}
	writeJSON(w, http.StatusOK, out)
}
