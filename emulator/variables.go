package emulator

import (
	"net/http"
	"sort"
	"time"
)

// Variables at a project's level and an environment's. As on the platform,
// an environment's list holds environment-level variables only: its own and,
// marked inherited, the inheritable ones of its parents; the project's are
// listed at the project's level alone. A sensitive variable's value is
// never returned.

type variable struct {
	Name                                          string
	Value                                         string
	JSON, Sensitive, VisibleBuild, VisibleRuntime bool
	Enabled, Inheritable                          bool
	AppScope                                      []string
	created, updated                              time.Time
}

// variableIn is a create or update body; nil fields are not given.
type variableIn struct {
	Name           *string `json:"name"`
	Value          *string `json:"value"`
	JSON           *bool   `json:"is_json"`
	Sensitive      *bool   `json:"is_sensitive"`
	VisibleBuild   *bool   `json:"visible_build"`
	VisibleRuntime *bool   `json:"visible_runtime"`
	Enabled        *bool   `json:"is_enabled"`
	Inheritable    *bool   `json:"is_inheritable"`
	// Both specs take these; the official CLI sends application_scope.
	AppScope   []string          `json:"application_scope"`
	Attributes map[string]string `json:"attributes"`
}

func (in variableIn) apply(v *variable) {
	set := func(dst *bool, src *bool) {
		if src != nil {
			*dst = *src
		}
	}
	if in.Value != nil {
		v.Value = *in.Value
	}
	set(&v.JSON, in.JSON)
	set(&v.Sensitive, in.Sensitive)
	set(&v.VisibleBuild, in.VisibleBuild)
	set(&v.VisibleRuntime, in.VisibleRuntime)
	set(&v.Enabled, in.Enabled)
	set(&v.Inheritable, in.Inheritable)
	if in.AppScope != nil {
		v.AppScope = in.AppScope
	}
}

// varsOf is the variables of the request's level.
func varsOf(p *project, r *http.Request) (map[string]*variable, *environment) {
	if id := r.PathValue("environment"); id != "" {
		e := p.envs[id]
		if e.vars == nil {
			e.vars = map[string]*variable{}
		}
		return e.vars, e
	}
	if p.vars == nil {
		p.vars = map[string]*variable{}
	}
	return p.vars, nil
}

func (s *Server) listVariables(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	vars, e := varsOf(p, r)
	if e != nil {
		vars = visibleOn(p, e)
	}
	out := []any{}
	for _, name := range sortedNames(vars) {
		v := vars[name]
		out = append(out, s.variableJSON(p, e, v, e != nil && e.vars[name] != v))
	}
	writeJSON(w, http.StatusOK, out)
}

// visibleOn is an environment's variables: its own, and those it inherits
// from its parents (the nearest wins) when they are inheritable.
func visibleOn(p *project, e *environment) map[string]*variable {
	out := map[string]*variable{}
	for name, v := range e.vars {
		out[name] = v
	}
	seen := map[string]bool{e.ID: true}
	for parent := p.envs[parentOf(p, e)]; parent != nil && !seen[parent.ID]; parent = p.envs[parentOf(p, parent)] {
		seen[parent.ID] = true
		for name, v := range parent.vars {
			if out[name] == nil && v.Inheritable {
				out[name] = v
			}
		}
	}
	return out
}

func (s *Server) getVariable(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	vars, e := varsOf(p, r)
	name := r.PathValue("variable")
	if e != nil {
		vars = visibleOn(p, e)
	}
	if v := vars[name]; v != nil {
		writeJSON(w, http.StatusOK, s.variableJSON(p, e, v, e != nil && e.vars[name] != v))
		return
	}
	writeError(w, http.StatusNotFound, "Not Found", "Variable not found: "+name)
}

func (s *Server) createVariable(w http.ResponseWriter, r *http.Request, p *project, body []byte) {
	var in variableIn
	if !decodeStrict(w, body, &in) {
		return
	}
	if in.Name == nil || in.Value == nil {
		writeError(w, http.StatusBadRequest, "Bad Request", "Fields 'name' and 'value' are required.")
		return
	}
	vars, e := varsOf(p, r)
	if vars[*in.Name] != nil {
		writeError(w, http.StatusConflict, "Conflict", "A variable named "+*in.Name+" exists already.")
		return
	}
	// An environment variable is not visible at build unless asked; a
	// project variable is.
	v := &variable{Name: *in.Name, VisibleBuild: e == nil, VisibleRuntime: true, Enabled: true, Inheritable: true,
		created: s.opts.Now(), updated: s.opts.Now()}
	in.apply(v)
	vars[v.Name] = v
	// The answer holds the variable as it now is, which the official
	// variable:create shows (else "No entity found in result").
	writeJSON(w, http.StatusCreated, map[string]any{"status": "created", "code": http.StatusCreated,
		"_embedded": map[string]any{"entity": s.variableJSON(p, e, v, false)}})
}

func (s *Server) updateVariable(w http.ResponseWriter, r *http.Request, p *project, body []byte) {
	var in variableIn
	if !decodeStrict(w, body, &in) {
		return
	}
	vars, e := varsOf(p, r)
	v := vars[r.PathValue("variable")]
	if v == nil {
		writeError(w, http.StatusNotFound, "Not Found", "Variable not found: "+r.PathValue("variable"))
		return
	}
	in.apply(v)
	v.updated = s.opts.Now()
	writeJSON(w, http.StatusOK, map[string]any{"status": "updated", "code": http.StatusOK,
		"_embedded": map[string]any{"entity": s.variableJSON(p, e, v, false)}})
}

func (s *Server) deleteVariable(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	vars, _ := varsOf(p, r)
	name := r.PathValue("variable")
	if vars[name] == nil {
		writeError(w, http.StatusNotFound, "Not Found", "Variable not found: "+name)
		return
	}
	delete(vars, name)
	writeJSON(w, http.StatusOK, map[string]any{"status": "deleted", "code": http.StatusOK})
}

// variableJSON renders a variable with the fields both specs require; an
// environment's adds its own.
func (s *Server) variableJSON(p *project, e *environment, v *variable, inherited bool) map[string]any {
	out := map[string]any{
		"id": v.Name, "created_at": ts(v.created), "updated_at": ts(v.updated), "name": v.Name, "attributes": map[string]any{},
		"is_json": v.JSON, "is_sensitive": v.Sensitive, "visible_build": v.VisibleBuild, "visible_runtime": v.VisibleRuntime,
		"application_scope": append([]string{}, v.AppScope...),
	}
	if !v.Sensitive {
		out["value"] = v.Value
	}
	if e != nil {
		out["project"], out["environment"], out["inherited"] = p.id, e.ID, inherited
		out["is_enabled"], out["is_inheritable"] = v.Enabled, v.Inheritable
	}
	return out
}

// Variable returns a variable's value as the emulator holds it, sensitive
// ones too, for tests; envID "" is the project's level.
func (s *Server) Variable(projectID, envID, name string) (value string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.projects[projectID]
	vars := p.vars
	if envID != "" {
		vars = p.envs[envID].vars
	}
	if v := vars[name]; v != nil {
		return v.Value, true
	}
	return "", false
}

func sortedNames(vars map[string]*variable) []string {
	names := make([]string, 0, len(vars))
	for n := range vars {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
