package emulator_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/emutest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// What the official CLI (and the client library under it) reads from the
// platform's answers beyond the specs: `make conformance` runs the CLI
// itself; these pin each answer without it.

func href(t *testing.T, obj map[string]any, rel string) string {
	t.Helper()
	links, _ := obj["_links"].(map[string]any)
	l, ok := links[rel].(map[string]any)
	require.True(t, ok, "link %s in %v", rel, links)
	s, _ := l["href"].(string)
	return s
}

// The client finds a project's URL in _links.self; without it, it looks for
// the deprecated endpoint property and stops ("Property not found:
// endpoint").
func TestProjectCarriesItsLinks(t *testing.T) {
	t.Parallel()
	f := start(t)
	tok := f.token(t, emutest.AdminToken)
	st, p, _ := f.call(t, tok, "GET", "/projects/proj1", "")
	require.Equal(t, 200, st)
	assert.Equal(t, "/api/projects/proj1", href(t, p, "self"))
	assert.Equal(t, "/api/projects/proj1/environments", href(t, p, "environments"))
	assert.Equal(t, "/api/projects/proj1/variables", href(t, p, "#manage-variables"))
}

// variable:list, variable:create and source-operation:list go through these
// links, and an environment's own URL names its id path-escaped.
func TestEnvironmentCarriesItsReadLinks(t *testing.T) {
	t.Parallel()
	f := start(t)
	tok := f.token(t, emutest.AdminToken)
	_, e, _ := f.call(t, tok, "GET", "/projects/proj1/environments/feature%2Fx", "")
	base := "/api/projects/proj1/environments/feature%2Fx"
	assert.Equal(t, base, href(t, e, "self"))
	assert.Equal(t, base+"/variables", href(t, e, "#variables"))
	assert.Equal(t, base+"/variables", href(t, e, "#manage-variables"))
	assert.Equal(t, base+"/source-operations", href(t, e, "#source-operations"))
	st, _, list := f.call(t, tok, "GET", href(t, e, "#source-operations")[len("/api"):], "")
	assert.Equal(t, 200, st)
	assert.Len(t, list, 1)
	// The client POSTs an action to its link's href as it is.
	assert.Equal(t, base+"/backup", href(t, e, "#backup"))
	st, out, _ := f.call(t, tok, "POST", href(t, e, "#backup")[len("/api"):], `{"safe": true}`)
	assert.Equal(t, 202, st, "%v", out)
}

// Both specs take application_scope in a variable's body, and the official
// CLI sends it; the created variable comes back in _embedded.entity, which
// the CLI shows (else: "No entity found in result").
func TestVariableCreateAnswersTheEntity(t *testing.T) {
	t.Parallel()
	f := start(t)
	tok := f.token(t, emutest.AdminToken)
	st, out, _ := f.call(t, tok, "POST", "/projects/proj1/environments/main/variables",
		`{"name": "env:FOO", "value": "bar", "is_sensitive": true, "is_inheritable": false, "application_scope": ["app"]}`)
	require.Equal(t, 201, st, "%v", out)
	ent := out["_embedded"].(map[string]any)["entity"].(map[string]any)
	assert.Equal(t, "env:FOO", ent["name"])
	assert.Equal(t, false, ent["is_inheritable"])
	assert.Equal(t, []any{"app"}, ent["application_scope"])
	assert.NotContains(t, ent, "value", "a sensitive value never comes back")

	st, out, _ = f.call(t, tok, "PATCH", "/projects/proj1/variables/nope", `{"value": "x"}`)
	assert.Equal(t, 404, st, "%v", out)
	st, _, _ = f.call(t, tok, "POST", "/projects/proj1/variables", `{"name": "P", "value": "1", "attributes": {}}`)
	require.Equal(t, 201, st)
	st, out, _ = f.call(t, tok, "PATCH", "/projects/proj1/variables/P", `{"value": "2"}`)
	require.Equal(t, 200, st)
	assert.Equal(t, "2", out["_embedded"].(map[string]any)["entity"].(map[string]any)["value"])
}

// auth:info shows phone_number_verified, which neither spec lists.
func TestMeHasWhatAuthInfoShows(t *testing.T) {
	t.Parallel()
	f := start(t)
	tok := f.token(t, emutest.AdminToken)
	_, me, _ := f.call(t, tok, "GET", "/users/me", "")
	assert.Contains(t, me, "phone_number_verified")
}

// A request meant for another host, sent here as to a proxy, is refused and
// counted, never forwarded: `make conformance` catches with it anything the
// official CLI would ask beyond the emulator.
func TestRequestsForOtherHostsAreRefused(t *testing.T) {
	t.Parallel()
	f := start(t)
	proxy, err := url.Parse(f.em.URL)
	require.NoError(t, err)
	c := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxy)}}
	resp, err := c.Get("http://updates.example.invalid/latest")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 403, resp.StatusCode)
	_, err = c.Get("https://updates.example.invalid/latest")
	assert.Error(t, err, "a CONNECT is refused")
	assert.Equal(t, 2, f.em.Count(emulator.RouteProxy))
}

// The official CLI sends visible_build for an environment's variable only
// when true: the platform hides one at build unless asked, and shows a
// project's.
func TestEnvironmentVariableIsHiddenAtBuildByDefault(t *testing.T) {
	t.Parallel()
	f := start(t)
	tok := f.token(t, emutest.AdminToken)
	_, out, _ := f.call(t, tok, "POST", "/projects/proj1/environments/main/variables", `{"name": "E", "value": "1"}`)
	assert.Equal(t, false, out["_embedded"].(map[string]any)["entity"].(map[string]any)["visible_build"])
	_, out, _ = f.call(t, tok, "POST", "/projects/proj1/variables", `{"name": "P", "value": "1"}`)
	assert.Equal(t, true, out["_embedded"].(map[string]any)["entity"].(map[string]any)["visible_build"])
}

// The official client tells an activity complete by completion_percent
// (100), not by its state, and activity:list shows the timings it knows
// (execute, wait, build, deploy): a cron run has them once it has ended,
// and a running one stays short of 100 until cancelled.
func TestCronRunAsTheOfficialClientReadsIt(t *testing.T) {
	t.Parallel()
	f := start(t)
	now := f.em.Now()
	done := f.em.AddCronRun("proj1", "main", emulator.CronRun{Name: "backup", Started: now.Add(-time.Hour), Took: time.Minute})
	stuck := f.em.AddCronRun("proj1", "staging", emulator.CronRun{Name: "reindex", Started: now.Add(-3 * time.Hour), Running: true})
	tok := f.token(t, emutest.AdminToken)
	_, a, _ := f.call(t, tok, "GET", "/projects/proj1/activities/"+done, "")
	assert.Equal(t, 100.0, a["completion_percent"])
	assert.NotEmpty(t, a["timings"])
	assert.Subset(t, []string{"execute", "wait", "build", "deploy"}, keys(a["timings"].(map[string]any)))
	_, a, _ = f.call(t, tok, "GET", "/projects/proj1/activities/"+stuck, "")
	assert.Less(t, a["completion_percent"], 100.0)
	assert.Contains(t, a["_links"], "#cancel", "activity:cancel goes through the link")
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
