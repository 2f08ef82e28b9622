package emulator_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/emutest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type fixture struct {
	em *emutest.Env
}

func (f *fixture) advance(d time.Duration) { f.em.Advance(d) }

func start(t *testing.T) *fixture {
	em := emutest.Start(t, emulator.Options{PendingFor: time.Second, RunningFor: 2 * time.Second})
	em.AddCertificate(emutest.Project, emulator.Certificate{Domains: []string{"www.example.com"}, ExpiresAt: em.Now().Add(60 * 24 * time.Hour), Provisioned: true})
	return &fixture{em: em}
}

func (f *fixture) token(t *testing.T, apiToken string) string {
	req, _ := http.NewRequest("POST", f.em.URL+emulator.TokenPath,
		strings.NewReader(url.Values{"grant_type": {"api_token"}, "api_token": {apiToken}}.Encode()))
	req.SetBasicAuth("platform-api-user", "")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	var out struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	assert.Equal(t, 900, out.ExpiresIn)
	return out.AccessToken
}

func (f *fixture) call(t *testing.T, tok, method, path, body string) (int, map[string]any, []any) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, f.em.URL+emulator.APIPath+path, rd)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var obj map[string]any
	var list []any
	if json.Unmarshal(raw, &obj) != nil {
		_ = json.Unmarshal(raw, &list)
	}
	return resp.StatusCode, obj, list
}

func TestEveryEndpoint(t *testing.T) {
	t.Parallel()
	f := start(t)
	tok := f.token(t, emutest.AdminToken)
	env := "/projects/proj1/environments/main"

	st, _, _ := f.call(t, tok, "GET", "/projects/proj1", "")
	assert.Equal(t, 200, st)
	st, _, list := f.call(t, tok, "GET", "/projects/proj1/environments", "")
	assert.Equal(t, 200, st)
	assert.Len(t, list, 4)
	st, obj, _ := f.call(t, tok, "GET", "/projects/proj1/environments/feature%2Fx", "")
	assert.Equal(t, 200, st)
	assert.Equal(t, "development", obj["type"])

	st, obj, _ = f.call(t, tok, "POST", env+"/backup", `{"safe": true}`)
	require.Equal(t, 202, st)
	acts := obj["_embedded"].(map[string]any)["activities"].([]any)
	act := acts[0].(map[string]any)
	assert.Equal(t, "environment.backup", act["type"])
	assert.Equal(t, "pending", act["state"])
	backupName := act["payload"].(map[string]any)["backup_name"].(string)
	assert.Equal(t, []string{backupName}, f.em.Backups("proj1", "main"))

	// Activities move on with the clock.
	id := act["id"].(string)
	f.advance(1500 * time.Millisecond)
	_, obj, _ = f.call(t, tok, "GET", "/projects/proj1/activities/"+id, "")
	assert.Equal(t, "in_progress", obj["state"])
	f.advance(2 * time.Second)
	_, obj, _ = f.call(t, tok, "GET", "/projects/proj1/activities/"+id, "")
	assert.Equal(t, "complete", obj["state"])
	assert.Equal(t, "success", obj["result"])

	st, _, list = f.call(t, tok, "GET", env+"/backups", "")
	assert.Equal(t, 200, st)
	assert.Len(t, list, 1)
	st, _, _ = f.call(t, tok, "DELETE", env+"/backups/"+backupName, "")
	assert.Equal(t, 202, st)
	f.advance(4 * time.Second) // the deletion's activity ends: main takes actions again

	st, _, _ = f.call(t, tok, "POST", env+"/redeploy", "")
	assert.Equal(t, 202, st)
	f.advance(4 * time.Second)
	st, _, _ = f.call(t, tok, "POST", env+"/source-operation", `{"operation": "update", "variables": {"env": {"A": "1"}}}`)
	assert.Equal(t, 202, st)
	st, _, list = f.call(t, tok, "GET", env+"/source-operations", "")
	assert.Equal(t, 200, st)
	assert.Len(t, list, 1)
	st, _, list = f.call(t, tok, "GET", env+"/activities?type=environment.redeploy&count=5", "")
	assert.Equal(t, 200, st)
	assert.Len(t, list, 1)
	st, _, list = f.call(t, tok, "GET", env+"/routes", "")
	assert.Equal(t, 200, st)
	assert.Len(t, list, 1)
	st, _, list = f.call(t, tok, "GET", "/projects/proj1/certificates", "")
	assert.Equal(t, 200, st)
	assert.Len(t, list, 1)

	assert.Equal(t, 1, f.em.Count(emulator.RouteBackup))
	assert.Equal(t, 1, f.em.Count(emulator.RouteToken))
}

func TestRefusals(t *testing.T) {
	t.Parallel()
	f := start(t)
	f.em.RequestsMayBreakSpec.Store(true)
	admin := f.token(t, emutest.AdminToken)
	viewer := f.token(t, emutest.ViewerToken)
	env := "/projects/proj1/environments/main"
	tests := []struct {
		name, tok, method, path, body string
		status                        int
	}{
		{"no token", "", "GET", env, "", 401},
		{"bad token", "nope", "GET", env, "", 401},
		{"viewer may read", viewer, "GET", env, "", 200},
		{"viewer may not back up", viewer, "POST", env + "/backup", `{"safe": true}`, 403},
		{"unknown project", admin, "GET", "/projects/nope/environments/main", "", 404},
		{"unknown environment", admin, "POST", "/projects/proj1/environments/nope/backup", `{"safe": true}`, 404},
		{"missing field", admin, "POST", env + "/backup", `{}`, 400},
		{"unknown field", admin, "POST", env + "/backup", `{"safe": true, "x": 1}`, 400},
		{"not json", admin, "POST", env + "/backup", `safe`, 400},
		{"inactive environment", admin, "POST", "/projects/proj1/environments/old/redeploy", "", 400},
		{"unknown operation", admin, "POST", env + "/source-operation", `{"operation": "nope", "variables": {}}`, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, obj, _ := f.call(t, tt.tok, tt.method, tt.path, tt.body)
			assert.Equal(t, tt.status, st)
			if st >= 400 {
				assert.NotEmpty(t, obj["message"], "errors carry the spec's message")
			}
		})
	}
	// Invalid API token at the exchange.
	resp, err := http.PostForm(f.em.URL+emulator.TokenPath, url.Values{"grant_type": {"api_token"}, "api_token": {"x"}, "client_id": {"c"}})
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	assert.Equal(t, 400, resp.StatusCode)
	assert.Contains(t, string(b), "Invalid API token")

	f.em.ExpireAccessTokens()
	st, _, _ := f.call(t, admin, "GET", env, "")
	assert.Equal(t, 401, st)
}

func TestFaults(t *testing.T) {
	t.Parallel()
	f := start(t)
	tok := f.token(t, emutest.AdminToken)
	backup := "/projects/proj1/environments/main/backup"
	route := emulator.RouteBackup

	f.em.InjectFault(emulator.Fault{Route: route, Kind: emulator.FaultStatus, Status: 503, RetryAfter: "2", Times: 1})
	st, obj, _ := f.call(t, tok, "POST", backup, `{"safe": true}`)
	assert.Equal(t, 503, st)
	assert.Equal(t, "Injected fault.", obj["message"])
	assert.Empty(t, f.em.Backups(emutest.Project, "main"), "a status fault does nothing")
	st, _, _ = f.call(t, tok, "POST", backup, `{"safe": true}`)
	assert.Equal(t, 202, st, "the fault was for one request")
	f.advance(4 * time.Second)

	f.em.InjectFault(emulator.Fault{Route: route, Kind: emulator.FaultDropAfter, Times: 1})
	req, _ := http.NewRequest("POST", f.em.URL+emulator.APIPath+backup, strings.NewReader(`{"safe": true}`))
	req.Header.Set("Authorization", "Bearer "+tok)
	_, err := http.DefaultClient.Do(req)
	require.Error(t, err, "the connection is dropped")
	assert.Len(t, f.em.Backups(emutest.Project, "main"), 2, "but the backup was made")

	f.em.InjectFault(emulator.Fault{Route: route, Kind: emulator.FaultDropBefore, Times: 1})
	req, _ = http.NewRequest("POST", f.em.URL+emulator.APIPath+backup, strings.NewReader(`{"safe": true}`))
	req.Header.Set("Authorization", "Bearer "+tok)
	_, err = http.DefaultClient.Do(req)
	require.Error(t, err)
	assert.Len(t, f.em.Backups(emutest.Project, "main"), 2, "and this one was not")

	f.advance(4 * time.Second) // the backups end: main takes actions again
	f.em.InjectFault(emulator.Fault{Route: route, Kind: emulator.FaultBody, Body: "not json", Times: 1})
	st, obj, _ = f.call(t, tok, "POST", backup, `{"safe": true}`)
	assert.Equal(t, 202, st)
	assert.Nil(t, obj)
}

func TestParseFault(t *testing.T) {
	t.Parallel()
	f, err := emulator.ParseFault("backup:drop-after:1")
	require.NoError(t, err)
	assert.Equal(t, emulator.Fault{Route: emulator.RouteBackup, Kind: emulator.FaultDropAfter, Times: 1}, f)
	f, err = emulator.ParseFault("any:503")
	require.NoError(t, err)
	assert.Equal(t, emulator.Fault{Route: "*", Kind: emulator.FaultStatus, Status: 503, RetryAfter: "1"}, f)
	for _, bad := range []string{"backup", "nowhere:503", "backup:200", "backup:boom", "backup:503:0", "a:b:c:d"} {
		_, err := emulator.ParseFault(bad)
		assert.Error(t, err, bad)
	}
}

// links names the environment's action links.
// readRel are the links to read (or manage variables), which stay while an
// environment is busy; links counts the action links alone.
var readRel = map[string]bool{"#variables": true, "#manage-variables": true, "#source-operations": true, "#routes": true}

func links(obj map[string]any) []string {
	var out []string
	for l := range obj["_links"].(map[string]any) {
		if strings.HasPrefix(l, "#") && !readRel[l] {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

// An environment busy with an activity hides its action links and refuses
// actions with the reason in detail.error, until the activity ends, is
// cancelled or is staged; a viewer never sees the links.
func TestBusyEnvironment(t *testing.T) {
	t.Parallel()
	f := start(t)
	admin, viewer := f.token(t, emutest.AdminToken), f.token(t, emutest.ViewerToken)
	env := "/projects/proj1/environments/staging"
	_, obj, _ := f.call(t, admin, "GET", env, "")
	assert.Equal(t, []string{"#backup", "#deploy", "#pause", "#redeploy", "#source-operation", "#synchronize"}, links(obj))
	_, obj, _ = f.call(t, viewer, "GET", env, "")
	assert.Empty(t, links(obj), "a viewer may take no action")
	assert.NotContains(t, obj["_links"], "#manage-variables", "nor change a variable")
	assert.Contains(t, obj["_links"], "#variables", "but may read them")

	st, obj, _ := f.call(t, admin, "POST", env+"/redeploy", "")
	require.Equal(t, 202, st)
	id := obj["_embedded"].(map[string]any)["activities"].([]any)[0].(map[string]any)["id"].(string)
	_, obj, _ = f.call(t, admin, "GET", env, "")
	assert.Equal(t, true, obj["is_dirty"])
	assert.Empty(t, links(obj))
	st, obj, _ = f.call(t, admin, "POST", env+"/backup", `{"safe": true}`)
	assert.Equal(t, 400, st)
	assert.Equal(t, "An activity is currently pending or in progress on environment staging.", obj["detail"].(map[string]any)["error"])

	st, _, _ = f.call(t, admin, "POST", "/projects/proj1/activities/"+id+"/cancel", "")
	require.Equal(t, 202, st)
	_, obj, _ = f.call(t, admin, "GET", env, "")
	assert.Equal(t, false, obj["is_dirty"], "a cancelled activity holds nothing")

	f.em.AddActivity(emutest.Project, "staging", "environment.source-operation", "staged")
	_, obj, _ = f.call(t, admin, "GET", env, "")
	assert.Equal(t, false, obj["is_dirty"], "a staged activity holds nothing")
	assert.Equal(t, true, obj["has_staged_activities"])
	st, obj, _ = f.call(t, admin, "POST", env+"/deploy", `{"strategy": "rolling"}`)
	assert.Equal(t, 400, st, "no rolling deployments here")
	assert.Contains(t, obj["detail"].(map[string]any)["error"], "Rolling deployments are not available")
	st, _, _ = f.call(t, admin, "POST", env+"/deploy", `{"strategy": "stopstart"}`)
	assert.Equal(t, 202, st)
	f.advance(4 * time.Second)
	_, obj, _ = f.call(t, admin, "GET", env, "")
	assert.Equal(t, false, obj["has_staged_activities"], "deployed")
	st, obj, _ = f.call(t, admin, "POST", env+"/deploy", `{}`)
	assert.Equal(t, 400, st)
	assert.Contains(t, obj["detail"].(map[string]any)["error"], "no staged changes")

	// A field's error is in detail.{field}.
	f.em.RequestsMayBreakSpec.Store(true)
	st, obj, _ = f.call(t, admin, "POST", env+"/backup", `{}`)
	assert.Equal(t, 400, st)
	assert.Equal(t, []any{"This field is required."}, obj["detail"].(map[string]any)["safe"])
}
