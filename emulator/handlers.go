package emulator

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxRequestBody bounds what the emulator reads of a request.
const maxRequestBody = 1 << 20

func (s *Server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(RouteToken, s.wrap(RouteToken, s.token))
	for _, rt := range apiRoutes() {
		method, path, _ := strings.Cut(rt.name, " ")
		mux.HandleFunc(method+" "+APIPath+path, s.wrap(rt.name, s.api(rt)))
	}
	mux.HandleFunc("/", s.wrap("other", func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeError(w, http.StatusNotFound, "Not Found", "No route for "+r.Method+" "+r.URL.Path)
	}))
	return mux
}

type handlerFunc func(w http.ResponseWriter, r *http.Request, body []byte)

// wrap counts, delays, applies faults, reads the body and reports to Observe.
func (s *Server) wrap(name string, h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.counts[name]++
		s.total++
		fault := s.takeFault(name)
		s.mu.Unlock()
		// The platform's clock, which may not be the client's.
		w.Header().Set("Date", s.opts.Now().UTC().Format(http.TimeFormat))
		if d := s.opts.Latency; d > 0 {
			t := time.NewTimer(d)
			select {
			case <-r.Context().Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
		if err != nil {
			return
		}
		if fault != nil {
			switch fault.Kind {
			case FaultHang:
				<-r.Context().Done()
				return
			case FaultDropBefore:
				dropConnection(w)
				return
			case FaultStatus:
				if fault.RetryAfter != "" {
					w.Header().Set("Retry-After", fault.RetryAfter)
				}
				status := fault.Status
				if status == 0 {
					status = http.StatusServiceUnavailable
				}
				if fault.Body != "" {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(status)
					_, _ = io.WriteString(w, fault.Body)
					return
				}
				writeError(w, status, http.StatusText(status), "Injected fault.")
				return
			}
		}
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		var out http.ResponseWriter = rec
		if fault != nil {
			// The work is done, but its answer never reaches the client.
			out = &recorder{ResponseWriter: discard{}, status: http.StatusOK}
		}
		if len(body) > maxRequestBody {
			writeError(out, http.StatusRequestEntityTooLarge, "Request Entity Too Large", "The request body is too large.")
		} else {
			h(out, r, body)
		}
		if fault != nil {
			switch fault.Kind {
			case FaultDropAfter:
				dropConnection(w)
				return
			case FaultBody:
				status := fault.Status
				if status == 0 {
					status = http.StatusAccepted
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				_, _ = io.WriteString(w, fault.Body)
				return
			}
		}
		if s.opts.Observe != nil {
			s.opts.Observe(Exchange{
				Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery,
				ReqHeader: r.Header.Clone(), ReqBody: body,
				Status: rec.status, RespHeader: w.Header().Clone(), RespBody: rec.body.Bytes(),
			})
		}
	}
}

// discard is a ResponseWriter that keeps nothing.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}

type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError answers with an error body in both specs' shapes: the
// Platform.sh spec's status, code, title, message and detail, and the Upsun
// spec's error.
func writeError(w http.ResponseWriter, status int, title, message string) {
	writeJSON(w, status, map[string]any{
		"status": http.StatusText(status), "code": status, "title": title, "message": message, "detail": map[string]any{},
		"error": message,
	})
}

// token implements the OAuth2 api_token grant.
func (s *Server) token(w http.ResponseWriter, r *http.Request, body []byte) {
	oauthErr := func(status int, code, desc string) {
		writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		oauthErr(http.StatusBadRequest, "invalid_request", "The request body is not a form.")
		return
	}
	client, _, ok := r.BasicAuth()
	if !ok {
		client = form.Get("client_id")
	}
	if client == "" {
		oauthErr(http.StatusUnauthorized, "invalid_client", "Client authentication failed.")
		return
	}
	if form.Get("grant_type") != "api_token" {
		oauthErr(http.StatusBadRequest, "unsupported_grant_type", "The authorization grant type is not supported.")
		return
	}
	s.mu.Lock()
	role, known := s.apiTokens[form.Get("api_token")]
	s.mu.Unlock()
	if !known {
		oauthErr(http.StatusBadRequest, "invalid_grant", "Invalid API token.")
		return
	}
	now := s.opts.Now()
	exp := now.Add(s.opts.TokenLifetime)
	tok := fakeJWT(exp)
	s.mu.Lock()
	s.access[tok] = accessToken{role: role, expires: exp}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok, "expires_in": int(s.opts.TokenLifetime / time.Second), "token_type": "bearer",
	})
}

// fakeJWT makes an unsigned JWT-shaped token with an exp claim, as the real
// access tokens are JWTs.
func fakeJWT(exp time.Time) string {
	enc := base64.RawURLEncoding
	nonce := make([]byte, 16)
	_, _ = rand.Read(nonce)
	claims := fmt.Sprintf(`{"exp":%d,"jti":"%s"}`, exp.Unix(), hex.EncodeToString(nonce))
	return enc.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc.EncodeToString([]byte(claims)) + ".emulated"
}

// api authenticates, finds the project and environment, checks the role and
// runs the route's handler.
func (s *Server) api(rt route) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, body []byte) {
		auth := r.Header.Get("Authorization")
		tok, ok := strings.CutPrefix(auth, "Bearer ")
		s.mu.Lock()
		at, valid := s.access[tok]
		s.mu.Unlock()
		if !ok || !valid || !s.opts.Now().Before(at.expires) {
			writeError(w, http.StatusUnauthorized, "Unauthorized", "Invalid or expired access token.")
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		p := s.projects[r.PathValue("project")]
		if p == nil {
			writeError(w, http.StatusNotFound, "Not Found", "Project not found: "+r.PathValue("project"))
			return
		}
		if id := r.PathValue("environment"); id != "" && p.envs[id] == nil {
			writeError(w, http.StatusNotFound, "Not Found", "Environment not found: "+id)
			return
		}
		if rt.admin && at.role != RoleAdmin {
			writeError(w, http.StatusForbidden, "Forbidden", "You do not have the admin role on this environment.")
			return
		}
		rt.handle(s, w, r, p, body)
	}
}

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

// actionable refuses an action while the environment cannot take one, as the
// platform does when the action's link is missing.
func actionable(w http.ResponseWriter, e *environment) bool {
	if e.Status != "active" {
		writeError(w, http.StatusBadRequest, "Bad Request", "Environment "+e.ID+" is not active.")
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
	})
}

func (s *Server) listEnvironments(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	out := []any{}
	for _, e := range sortedEnvs(p) {
		out = append(out, s.environmentJSON(p, e))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) getEnvironment(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	writeJSON(w, http.StatusOK, s.environmentJSON(p, p.envs[r.PathValue("environment")]))
}

func (s *Server) createBackup(w http.ResponseWriter, r *http.Request, p *project, body []byte) {
	var in struct {
		Safe *bool `json:"safe"`
	}
	if !decodeStrict(w, body, &in) {
		return
	}
	if in.Safe == nil {
		writeError(w, http.StatusBadRequest, "Bad Request", "Field 'safe' is required.")
		return
	}
	e := p.envs[r.PathValue("environment")]
	if !actionable(w, e) {
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
	if !actionable(w, e) {
		return
	}
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
	if !actionable(w, e) {
		return
	}
	known := false
	for _, op := range e.SourceOperations {
		known = known || op == *in.Operation
	}
	if !known {
		writeError(w, http.StatusBadRequest, "Bad Request", "Source operation "+strconv.Quote(*in.Operation)+" is not defined.")
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

// listEnvironmentActivities answers newest first, honouring count and type
// as the real API does (the spec does not declare them).
func (s *Server) listEnvironmentActivities(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	env := r.PathValue("environment")
	q := r.URL.Query()
	count, _ := strconv.Atoi(q.Get("count"))
	if count <= 0 || count > 100 {
		count = 100
	}
	out := []any{}
	for i := len(p.activities) - 1; i >= 0 && len(out) < count; i-- {
		a := p.activities[i]
		if a.env != env || (q.Get("type") != "" && q.Get("type") != a.typ) {
			continue
		}
		out = append(out, s.activityJSON(p, a))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) getActivity(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	for _, a := range p.activities {
		if a.id == r.PathValue("activity") {
			writeJSON(w, http.StatusOK, s.activityJSON(p, a))
			return
		}
	}
	writeError(w, http.StatusNotFound, "Not Found", "Activity not found: "+r.PathValue("activity"))
}

func (s *Server) listCertificates(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	out := []any{}
	for _, c := range p.certificates {
		out = append(out, certificateJSON(c))
	}
	writeJSON(w, http.StatusOK, out)
}
