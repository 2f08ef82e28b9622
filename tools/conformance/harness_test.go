package main

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/contract"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The harness itself, without the official CLI: `make test` runs this, and
// `make conformance` the CLI.

func TestProjectIDHasThePlatformsForm(t *testing.T) {
	for range 20 {
		assert.Regexp(t, regexp.MustCompile(`^[a-z0-9]{13}$`), projectID())
	}
}

func TestWarningCatchesPHPNoticesOnly(t *testing.T) {
	assert.True(t, warning.MatchString("Warning: Undefined array key \"phone_number_verified\" in phar:///x/AuthInfoCommand.php on line 96"))
	assert.True(t, warning.MatchString("PHP Deprecated: strlen(): Passing null to parameter #1 in /x.php on line 3"))
	assert.False(t, warning.MatchString("Warning:\nAn API token is set. Anyone with SSH access to this environment can read the token."))
}

// fakeCLI is a shell script standing in for the official CLI.
func fakeCLI(t *testing.T, script string) *harness {
	t.Helper()
	cli := filepath.Join(t.TempDir(), "upsun")
	require.NoError(t, os.WriteFile(cli, []byte("#!/bin/sh\n"+script+"\n"), 0o755))
	h, err := newHarness(cli, "", io.Discard)
	require.NoError(t, err)
	t.Cleanup(h.close)
	return h
}

func TestAStepFailsOnItsExitItsWarningsOrItsCheck(t *testing.T) {
	h := fakeCLI(t, `echo "$PLATFORM_PROJECT $UPSUN_CLI_API_URL"; echo 'Warning: Undefined array key "x" in a.php on line 1' >&2; exit "${1:-0}"`)
	err := h.step(step{args: []string{"3"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "exit 3")
	err = h.step(step{args: []string{"0"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "does not answer")

	h = fakeCLI(t, `echo "$PLATFORM_PROJECT $UPSUN_CLI_API_URL $HOME"`)
	assert.NoError(t, h.step(step{args: []string{"x"}, check: contains(h.project, h.em.URL+"/api", h.home)}))
	assert.Error(t, h.step(step{args: []string{"x"}, check: statusIs("paused", "")}), "main is active")

	h = fakeCLI(t, `echo "$PSHCRON_API_URL $PLATFORMSH_CLI_TOKEN $PLATFORM_BRANCH"`)
	h.pshcron = h.cli
	assert.NoError(t, h.step(step{args: []string{"x"}, check: contains(h.em.URL + "/api " + apiToken + " main"), pshcron: true}))
	assert.Error(t, h.step(step{args: []string{"x"}, check: contains(h.em.URL + "/api " + apiToken + " main")}), "the official CLI's variables differ")

	h.before = len(h.em.Activities(h.project))
	h.em.AddActivities(h.project, "main", "environment.cron", 1)
	assert.ErrorContains(t, readOnly(contains())(h, output{}), "a read started activity")
}

// A request to another host, to a path the emulator does not serve, or no
// token exchange by the CLI at all, fails the run.
func TestRequestsBeyondTheEmulatorFail(t *testing.T) {
	h := fakeCLI(t, "true")
	proxy, _ := url.Parse(h.em.URL)
	c := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxy)}}
	resp, err := c.Get("http://telemetry.example.invalid/collect")
	require.NoError(t, err)
	resp.Body.Close()
	resp, err = http.Get(h.em.URL + "/api/organizations/xyz")
	require.NoError(t, err)
	resp.Body.Close()

	errs, _ := h.checkRequests(nil)
	var all []string
	for _, e := range errs {
		all = append(all, e.Error())
	}
	text := strings.Join(all, "\n")
	assert.Contains(t, text, "asked another host: GET telemetry.example.invalid/collect")
	assert.Contains(t, text, "does not serve: GET /api/organizations/xyz")
	assert.Contains(t, text, "never exchanged its API token")
}

// tinySpec has one operation, the project, whose answer must have a title.
const tinySpec = `{"openapi": "3.0.1", "info": {"title": "tiny", "version": "1"},
 "paths": {"/projects/{projectId}": {"get": {"parameters": [{"name": "projectId", "in": "path", "required": true, "schema": {"type": "string"}}],
  "responses": {"default": {"description": "", "content": {"application/json": {"schema": {"type": "object", "required": ["title"],
   "properties": {"title": {"type": "integer"}}}}}}}}}},
 "components": {"schemas": {"Error": {"type": "object"}}}}`

// An answer out of a spec fails; a route the emulator serves but the spec
// lacks is noted once.
func TestRequestsAreCheckedAgainstTheSpecs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tiny.json")
	require.NoError(t, os.WriteFile(path, []byte(tinySpec), 0o600))
	c, err := contract.Load(path)
	require.NoError(t, err)
	h := fakeCLI(t, "true")
	var v any
	require.NoError(t, h.get("/projects/"+h.project, &v))
	require.NoError(t, h.get("/projects/"+h.project+"/environments", &v))
	require.NoError(t, h.get("/projects/"+h.project+"/environments", &v))
	errs, notes := h.checkRequests(contract.Checkers{c})
	require.Len(t, errs, 2, "%v", errs)
	assert.Contains(t, errs[0].Error(), `Error at "/title": value must be an integer`)
	assert.Contains(t, errs[1].Error(), "never exchanged", "only the harness's own exchanges")
	require.Len(t, notes, 1)
	assert.Contains(t, notes[0], emulator.RouteEnvironments+" is served and asked for, but not in every spec")
}
