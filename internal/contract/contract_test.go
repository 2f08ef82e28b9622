package contract

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/pshcron/pshcron/emulator"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func load(t *testing.T) Checkers {
	specs := FindSpecs()
	if len(specs) == 0 {
		t.Skipf("no OpenAPI spec at %v or $%s", specRels, SpecEnv)
	}
	c, err := LoadAll(specs)
	require.NoError(t, err)
	return c
}

func TestBothSpecsAreFound(t *testing.T) {
	t.Parallel()
	if os.Getenv(SpecEnv) != "" {
		t.Skip(SpecEnv + " names one spec")
	}
	c := load(t)
	var names []string
	for _, x := range c {
		names = append(names, x.Name)
	}
	assert.Equal(t, []string{"upsun-openapi.json", "platformsh-openapi.json"}, names)
}

func exchange(method, path, req string, status int, resp string) emulator.Exchange {
	h := http.Header{"Content-Type": {"application/json"}}
	return emulator.Exchange{
		Method: method, Path: emulator.APIPath + path, ReqHeader: h, ReqBody: []byte(req),
		Status: status, RespHeader: h, RespBody: []byte(resp),
	}
}

// The checker must catch what it is there to catch, or the contract tests
// elsewhere prove nothing.
func TestCheckerCatchesBreaches(t *testing.T) {
	t.Parallel()
	c := load(t)
	backup := "/projects/p/environments/main/backup"
	accepted := `{"status": "accepted", "code": 202, "_embedded": {"activities": []}}`
	tests := []struct {
		name string
		x    emulator.Exchange
		bad  string
	}{
		{"good backup", exchange("POST", backup, `{"safe": true}`, 202, accepted), ""},
		{"unknown request field", exchange("POST", backup, `{"safe": true, "x": 1}`, 202, accepted), "request"},
		{"missing request field", exchange("POST", backup, `{}`, 202, accepted), "request"},
		{"source operation without variables", exchange("POST", "/projects/p/environments/main/source-operation", `{"operation": "u"}`, 202, accepted), "request"},
		{"answer lacks a required field", exchange("POST", backup, `{"safe": false}`, 202, `{"status": "accepted"}`), "response"},
		{"error answer in both Error shapes", exchange("GET", "/projects/p/environments/main", "", 404, `{"status": "Not Found", "code": 404, "message": "no", "error": "no"}`), ""},
		{"error answer in the Platform.sh shape only", exchange("GET", "/projects/p/environments/main", "", 404, `{"status": "Not Found", "code": 404, "message": "no"}`), "upsun-openapi.json: response 404"},
		{"error answer of the wrong shape", exchange("GET", "/projects/p/environments/main", "", 404, `{"code": "x"}`), "Error schema"},
		{"path not in the spec", exchange("POST", "/projects/p/environments/main/backups", `{}`, 202, accepted), "not in the spec"},
		{"token endpoint is skipped", emulator.Exchange{Method: "POST", Path: emulator.TokenPath}, ""},
		{"sync without resources: a documented deviation", exchange("POST", "/projects/p/environments/e/synchronize",
			`{"synchronize_code": true, "synchronize_data": false, "rebase": false}`, 202, accepted), ""},
		{"sync with an unknown field", exchange("POST", "/projects/p/environments/e/synchronize",
			`{"synchronize_code": true, "synchronize_data": false, "rebase": false, "x": 1}`, 202, accepted), "request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := c.Check(tt.x)
			if tt.bad == "" {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tt.bad)
			}
		})
	}
}

// The specs type an app's stack differently (Upsun: an object,
// Platform.sh: a list), so no deployment fits both: it is checked against
// the Upsun shape alone, and a list there is still a breach.
func TestStackIsCheckedAgainstTheUpsunShape(t *testing.T) {
	t.Parallel()
	c := load(t)
	if len(c) < 2 {
		t.Skip("one spec")
	}
	var got []emulator.Exchange
	em := emulator.New(emulator.Options{Observe: func(x emulator.Exchange) { got = append(got, x) }})
	em.AddToken("tok", emulator.RoleAdmin)
	em.AddProject("p", emulator.Environment{ID: "main", Type: "production"})
	require.NoError(t, em.Start("127.0.0.1:0"))
	t.Cleanup(func() { _ = em.Close() })
	treq, _ := http.NewRequest("POST", em.URL+emulator.TokenPath, strings.NewReader("grant_type=api_token&api_token=tok"))
	treq.SetBasicAuth("platform-api-user", "")
	treq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(treq)
	require.NoError(t, err)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	resp.Body.Close()
	req, _ := http.NewRequest("GET", em.URL+emulator.APIPath+"/projects/p/environments/main/deployments/current", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Len(t, got, 2)
	dep := got[1]
	require.Equal(t, 200, dep.Status)
	assert.NoError(t, c.Check(dep))

	dep.RespBody = bytes.Replace(dep.RespBody, []byte(`"stack":{"packages":[],"runtimes":[]}`), []byte(`"stack":[]`), 1)
	err = c.Check(dep)
	assert.ErrorContains(t, err, "upsun-openapi.json")
	assert.NotContains(t, err.Error(), "platformsh-openapi.json")
}
