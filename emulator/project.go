package emulator

import "net/url"

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

// addReadLinks adds an environment's links that do not depend on its state:
// the official client reads its variables, source operations and routes
// through them, and finds the environment itself through self, whose id
// must be path-escaped (feature/x is feature%2Fx) to name one resource.
func addReadLinks(links map[string]any, p *project, e *environment) {
	base := APIPath + "/projects/" + p.id + "/environments/" + url.PathEscape(e.ID)
	links["self"] = map[string]string{"href": base}
	for rel, path := range map[string]string{
		"#variables": "/variables", "#manage-variables": "/variables", "#source-operations": "/source-operations",
		"#routes": "/routes", "backups": "/backups", "#activities": "/activities",
	} {
		links[rel] = map[string]string{"href": base + path}
	}
}
