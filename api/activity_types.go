package api

import (
	"path"
	"slices"
	"strings"
)

// The API filters activity lists by type but cannot exclude one: like the
// official CLI, pshcron excludes a type by asking for every known type but
// it. So an exclusion also leaves out types this list does not know yet.

// knownActivityTypes are the activity types the official CLI offers to
// filter by.
var knownActivityTypes = []string{
	"environment.access.add", "environment.access.remove", "environment.activate", "environment.alert",
	"environment.backup", "environment.backup.delete", "environment.branch", "environment.certificate.renewal",
	"environment.cron", "environment.deactivate", "environment.delete", "environment.deploy",
	"environment.domain.create", "environment.domain.delete", "environment.domain.update", "environment.initialize",
	"environment.merge", "environment.merge-pr", "environment.operation", "environment.pause", "environment.push",
	"environment.redeploy", "environment.restore", "environment.resume", "environment.resources.update",
	"environment.update.privileged_configuration", "environment.version.create", "environment.version.update",
	"environment.version.delete", "environment.route.create", "environment.route.delete", "environment.route.update",
	"environment.source-operation", "environment.subscription.update", "environment.synchronize", "environment.task",
	"environment.update.http_access", "environment.update.restrict_robots", "environment.update.smtp",
	"environment.variable.create", "environment.variable.delete", "environment.variable.update",
	"environment_type.access.create", "environment_type.access.delete", "environment_type.access.update",
	"integration.bitbucket.fetch", "integration.bitbucket.register_hooks", "integration.bitbucket_server.fetch",
	"integration.bitbucket_server.register_hooks", "integration.github.fetch", "integration.gitlab.fetch",
	"integration.health.email", "integration.health.pagerduty", "integration.health.slack", "integration.health.webhook",
	"integration.script", "integration.webhook", "maintenance.upgrade", "project.clear_build_cache", "project.create",
	"project.domain.create", "project.domain.delete", "project.domain.update", "project.metrics.enable",
	"project.metrics.update", "project.metrics.disable", "project.modify.title", "project.variable.create",
	"project.variable.delete", "project.variable.update",
}

// IncompleteStates are the states --incomplete stands for, as in the
// official CLI.
func IncompleteStates() []string { return []string{"in_progress", "pending"} }

// ActivityTypes resolves --type and --exclude-type as the official CLI
// does: a pattern may use % or * as a wildcard and may leave out the first
// part of the name (cron for environment.cron). It returns the types to ask
// for (none: every type), and the patterns that match no known type, which
// are asked for as they are written.
func ActivityTypes(include, exclude []string) (types, unknown []string) {
	var excluded []string
	for _, p := range exclude {
		m := matchTypes(p)
		if len(m) == 0 {
			unknown = append(unknown, p)
		}
		excluded = append(excluded, m...)
	}
	for _, p := range include {
		m := matchTypes(p)
		if len(m) == 0 {
			unknown, m = append(unknown, p), []string{p}
		}
		types = append(types, m...)
	}
	if len(types) == 0 && len(exclude) > 0 {
		types = knownActivityTypes
	}
	var out []string
	for _, t := range types {
		if !slices.Contains(excluded, t) && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	// Every type excluded leaves none: nil, which a caller must not send as
	// "no filter" (that would ask for every type).
	return out, unknown
}

// matchTypes is the known types a pattern selects.
func matchTypes(pattern string) []string {
	glob := strings.NewReplacer("%", "*", "?", `\?`, "[", `\[`).Replace(pattern)
	for _, g := range []string{glob, "*." + glob} {
		var out []string
		for _, t := range knownActivityTypes {
			if ok, _ := path.Match(g, t); ok {
				out = append(out, t)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}
