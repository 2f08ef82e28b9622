package emulator

import (
	"fmt"
	"net/http"
	"sort"
)

// An environment's routes exist twice in the API, and only one holds the
// resolved URLs: GET .../deployments/current has them as the keys of its
// routes map (what the official route:list shows), while GET .../routes
// lists the route definitions, whose id is the user's optional route id
// (usually null, though the Upsun spec types it a string: the emulator gives
// one that is not a URL) and whose production_url is the production host.

func (s *Server) listRoutes(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	e := p.envs[r.PathValue("environment")]
	prod := productionRoutes(p)
	out := []any{}
	for i := range e.Routes {
		rt := routeJSON(fmt.Sprintf("route-%d", i+1))
		if i < len(prod) {
			rt["production_url"] = prod[i]
		}
		out = append(out, rt)
	}
	writeJSON(w, http.StatusOK, out)
}

// productionRoutes are the resolved URLs of the project's production
// environment, which route definitions name as their production_url.
func productionRoutes(p *project) []string {
	for _, e := range sortedEnvs(p) {
		if e.Type == "production" {
			return e.Routes
		}
	}
	return nil
}

// getDeployment answers the current deployment, the only one the API
// serves, with every field both specs require.
func (s *Server) getDeployment(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	if r.PathValue("deployment") != "current" {
		writeError(w, http.StatusNotFound, "Not Found", "Only the current deployment can be queried.")
		return
	}
	e := p.envs[r.PathValue("environment")]
	routes := map[string]any{}
	urls := append([]string(nil), e.Routes...)
	sort.Strings(urls)
	prod := productionRoutes(p)
	for i, u := range urls {
		rt := routeJSON(fmt.Sprintf("route-%d", i+1))
		rt["original_url"] = "https://{default}/"
		if i < len(prod) {
			rt["production_url"] = prod[i]
		}
		routes[u] = rt
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id":           "current",
		"cluster_name": p.id + "-" + machineName(e.ID),
		"project_info": map[string]any{
			"title": "Emulated project " + p.id, "name": p.id, "namespace": nil, "organization": nil,
			"capabilities": map[string]any{}, "settings": map[string]any{},
		},
		"environment_info": map[string]any{
			"name": e.ID, "status": e.Status, "is_main": e.Type == "production", "is_production": e.Type == "production",
			"constraints": map[string]any{}, "reference": "refs/heads/" + e.ID, "machine_name": machineName(e.ID),
			"environment_type": e.Type, "links": map[string]any{},
		},
		"deployment_target": "local",
		"vpn":               nil,
		"http_access":       map[string]any{"is_enabled": true, "addresses": []any{}, "basic_auth": map[string]any{}},
		"enable_smtp":       true,
		"restrict_robots":   e.Type != "production",
		"variables":         []any{},
		"access":            []any{},
		"subscription": map[string]any{
			"license_uri": "https://emulator.local/licenses/1", "storage": 5120, "included_users": 1,
			"subscription_management_uri": "https://emulator.local/subscriptions/1",
			"restricted":                  false, "suspended": false, "user_licenses": 1,
		},
		"services":           map[string]any{},
		"routes":             routes,
		"webapps":            webappsJSON(e),
		"workers":            map[string]any{},
		"container_profiles": map[string]any{},
		"tasks":              map[string]any{},
	})
}

// routeJSON renders an upstream route with every field both specs require.
func routeJSON(id string) map[string]any {
	return map[string]any{
		"id":             id,
		"production_url": nil,
		"primary":        nil,
		"attributes":     map[string]any{},
		"type":           "upstream",
		"upstream":       "app:http",
		"tls": map[string]any{
			"strict_transport_security": map[string]any{"enabled": nil, "include_subdomains": nil, "preload": nil},
			"min_version":               nil, "client_authentication": nil, "client_certificate_authorities": []any{},
		},
		"cache":     map[string]any{"enabled": true, "default_ttl": 0, "cookies": []string{"*"}, "headers": []string{"Accept", "Accept-Language"}},
		"ssi":       map[string]any{"enabled": false},
		"redirects": map[string]any{"expires": "-1s", "paths": map[string]any{}},
		"sticky":    map[string]any{"enabled": false},
	}
}

// webappsJSON is the deployment's web apps, each with its crons: always
// "app", and any other app a cron names. Each has every field both specs
// require; the values a cron reader needs (name, timezone, crons) are the
// environment's, the rest is a plain PHP app.
func webappsJSON(e *environment) map[string]any {
	byApp := map[string][]Cron{"app": nil}
	for _, c := range e.Crons {
		c = c.withDefaults()
		byApp[c.App] = append(byApp[c.App], c)
	}
	ops := map[string]any{}
	for _, op := range e.SourceOperations {
		ops[op] = map[string]any{"command": "echo " + op}
	}
	out := map[string]any{}
	for app, crons := range byApp {
		out[app] = map[string]any{
			"name": app, "type": "php:8.3", "size": "AUTO", "disk": 1024, "resources": nil, "container_profile": nil,
			"timezone": nullStr(e.Timezone), "crons": cronsJSON(crons),
			"authorizations": []any{}, "relationships": map[string]any{}, "additional_hosts": map[string]any{},
			"mounts": map[string]any{}, "variables": map[string]any{}, "access": map[string]any{}, "firewall": nil,
			"egress": nil, "operations": map[string]any{}, "preflight": map[string]any{"enabled": true, "ignored_rules": []any{}},
			"tree_id": "emulated", "app_dir": "/app", "endpoints": nil, "runtime": map[string]any{},
			"web":    map[string]any{"locations": map[string]any{}, "move_to_root": false},
			"hooks":  map[string]any{"build": nil, "deploy": nil, "post_deploy": nil},
			"source": map[string]any{"root": nil, "operations": ops},
			"build":  map[string]any{"flavor": nil, "caches": map[string]any{}}, "dependencies": map[string]any{},
			// The two specs disagree (Upsun: an object, Platform.sh: a
			// list): this is the Upsun shape, the default host's.
			"stack": map[string]any{"runtimes": []any{}, "packages": []any{}}, "image": nil,
			"is_across_submodule": false, "instance_count": nil, "config_id": "emulated-" + app, "slug_id": "emulated-" + app,
			"supports_horizontal_scaling": false,
		}
	}
	return out
}
