package emulator

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

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
		if rt.name == RouteMe {
			s.me(w, at.role)
			return
		}
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
		rt.handle(s, w, withRole(r, at.role), p, body)
	}
}
