package emulator

import (
	"net/http"
	"net/url"
	"strings"
)

// projectLinks are a project's HAL links, as every real answer carries them
// though neither spec lists them: the official client finds the project's
// own URL in _links.self (it has no other way but a deprecated endpoint
// property) and its collections from their links.
func projectLinks(p *project) map[string]any {
	base := APIPath + "/projects/" + p.id
	links := map[string]any{"self": map[string]string{"href": base}}
	for _, rel := range []string{"environments", "activities", "variables", "certificates"} {
		links[rel] = map[string]string{"href": base + "/" + rel}
	}
	links["#manage-variables"] = map[string]string{"href": base + "/variables"}
	return links
}

// withReadLinks adds an environment's links that do not depend on its state:
// the official client reads its variables, source operations and routes
// through them, and finds the environment itself through self, whose id
// must be path-escaped (feature/x is feature%2Fx) to name one resource.
func withReadLinks(links map[string]any, p *project, e *environment, role Role) map[string]any {
	base := APIPath + "/projects/" + p.id + "/environments/" + url.PathEscape(e.ID)
	// The action links too: the client POSTs to their href as it is, and
	// .../environments/feature/x/backup names no resource.
	if raw := APIPath + "/projects/" + p.id + "/environments/" + e.ID; raw != base {
		for rel, l := range links {
			if href := hrefOf(l); strings.HasPrefix(href, raw+"/") {
				links[rel] = map[string]string{"href": base + strings.TrimPrefix(href, raw)}
			}
		}
	}
	links["self"] = map[string]string{"href": base}
	for rel, path := range map[string]string{
		"#variables": "/variables", "#manage-variables": "/variables", "#source-operations": "/source-operations",
		"#routes": "/routes", "backups": "/backups",
	} {
		if rel == "#manage-variables" && role != RoleAdmin {
			continue // changing variables is the admin's, as the actions are
		}
		links[rel] = map[string]string{"href": base + path}
	}
	return links
}

// hrefOf is a link's href, whichever map holds it.
func hrefOf(l any) string {
	switch l := l.(type) {
	case map[string]string:
		return l["href"]
	case map[string]any:
		s, _ := l["href"].(string)
		return s
	}
	return ""
}

// RouteOther counts requests for a path the emulator does not serve, and
// RouteProxy requests meant for another host.
const (
	RouteOther = "other"
	RouteProxy = "proxy"
)

// refuseProxying answers a request meant for another host (a CONNECT, or a
// GET of an absolute URL), which a client sends here when its proxy
// variables point at the emulator: `make conformance` points them here so
// that anything the official CLI would ask beyond the emulator is seen and
// refused, never sent out.
func (s *Server) refuseProxying(next http.Handler) http.Handler {
	refuse := s.wrap(RouteProxy, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeError(w, http.StatusForbidden, "Forbidden", "The emulator is not a proxy: "+r.Method+" "+r.Host)
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodConnect || r.URL.IsAbs() {
			refuse(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}
