package emulator

import (
	"context"
	"net/http"
)

// The platform hides an environment's action links while it cannot take
// the action (an activity pending or running, a status that does not allow
// it) and from a user without the role; an action POSTed anyway is refused
// with 400 and its reason in detail.error, which the official CLI prints.

type roleKey struct{}

// withRole is the request carrying the role of its access token.
func withRole(r *http.Request, role Role) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), roleKey{}, role))
}

// roleOf is the role of the request's access token (admin when unknown, as
// for a handler called directly).
func roleOf(r *http.Request) Role {
	if role, ok := r.Context().Value(roleKey{}).(Role); ok {
		return role
	}
	return RoleAdmin
}

// busy reports whether an activity is pending or in progress on env: one
// that is cancelled, staged or complete no longer holds the environment;
// callers hold s.mu.
func (s *Server) busy(p *project, env string) bool {
	for _, a := range p.activities {
		if a.env != env {
			continue
		}
		if st, _, _ := s.progress(a); st == "pending" || st == "in_progress" {
			return true
		}
	}
	return false
}

// staged reports whether an activity on env waits for a deploy; callers
// hold s.mu.
func (s *Server) staged(p *project, env string) bool {
	for _, a := range p.activities {
		if a.env != env {
			continue // a long cron history: only env's activities are asked their state
		}
		if st, _, _ := s.progress(a); st == "staged" {
			return true
		}
	}
	return false
}

// refusal is why env cannot take an action now, or "": its status first,
// then a running activity, as the official CLI explains a missing link.
func (s *Server) refusal(p *project, e *environment, allowed ...string) string {
	ok := false
	for _, st := range allowed {
		ok = ok || e.Status == st
	}
	switch {
	case !ok:
		return "Environment " + e.ID + " is not " + allowed[0] + "."
	case s.busy(p, e.ID):
		return "An activity is currently pending or in progress on environment " + e.ID + "."
	}
	return ""
}

// actionable refuses an action while the environment cannot take one (not
// active, or busy), as the platform does when the action's link is missing.
func (s *Server) actionable(w http.ResponseWriter, p *project, e *environment) bool {
	if why := s.refusal(p, e, "active"); why != "" {
		refuse(w, why)
		return false
	}
	return true
}

// refuse answers 400 with the reason in detail.error (the Platform.sh
// spec's shape) and error (the Upsun spec's); message stays generic, as the
// reason is what the official CLI shows.
func refuse(w http.ResponseWriter, reason string) {
	writeJSON(w, http.StatusBadRequest, map[string]any{
		"status": "Bad Request", "code": http.StatusBadRequest, "title": "Bad Request",
		"message": "The operation is not available.", "detail": map[string]any{"error": reason}, "error": reason,
	})
}

// fieldError answers 400 with a field's error in detail.{field}, the
// Platform.sh spec's example shape.
func fieldError(w http.ResponseWriter, field, msg string) {
	writeJSON(w, http.StatusBadRequest, map[string]any{
		"status": "Invalid input", "code": http.StatusBadRequest, "title": "Bad Request",
		"message": "Invalid input.", "detail": map[string]any{field: []string{msg}}, "error": field + ": " + msg,
	})
}

// environmentLinks are the environment's action links: present only while
// the environment can take the action and for a user who may, as the
// platform does.
func (s *Server) environmentLinks(p *project, e *environment, role Role) map[string]any {
	links := map[string]any{"self": map[string]string{"href": "/api/projects/" + p.id + "/environments/" + e.ID}}
	add := func(l string) {
		links[l] = map[string]string{"href": "/api/projects/" + p.id + "/environments/" + e.ID + "/" + l[1:]}
	}
	if role != RoleAdmin {
		return links
	}
	if s.refusal(p, e, "active") == "" {
		for _, l := range []string{"#backup", "#redeploy", "#source-operation", "#pause", "#deploy"} {
			add(l)
		}
		if parentOf(p, e) != "" {
			add("#synchronize")
		}
	}
	if s.refusal(p, e, "paused") == "" {
		add("#resume")
	}
	return links
}
