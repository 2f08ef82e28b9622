package envdetect

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mapenv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestDetectPhase(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want Phase
	}{
		{"runtime", map[string]string{"PLATFORM_PROJECT": "p", "PLATFORM_BRANCH": "main"}, PhaseRuntime},
		{"build has no branch", map[string]string{"PLATFORM_PROJECT": "p", "PLATFORM_TREE_ID": "t"}, PhaseBuild},
		{"nothing set", map[string]string{}, PhaseLocal},
		{"branch alone is not the platform", map[string]string{"PLATFORM_BRANCH": "main"}, PhaseLocal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Detect(mapenv(tt.env)).Phase)
		})
	}
}

func TestDetectReadsEveryVariable(t *testing.T) {
	t.Parallel()
	e := Detect(mapenv(map[string]string{
		"PLATFORM_PROJECT":          "abc123",
		"PLATFORM_BRANCH":           "feature/x",
		"PLATFORM_ENVIRONMENT":      "feature-x-hgi456",
		"PLATFORM_ENVIRONMENT_TYPE": "development",
		"PLATFORM_APPLICATION_NAME": "app",
		"PLATFORM_APP_DIR":          "/app",
		"PLATFORM_TREE_ID":          "tree",
		"PLATFORM_MODE":             "enterprise",
	}))
	assert.Equal(t, &Env{
		Project: "abc123", Branch: "feature/x", MachineName: "feature-x-hgi456",
		Type: "development", Application: "app", AppDir: "/app", TreeID: "tree",
		Mode: "enterprise", Phase: PhaseRuntime,
	}, e)
}

func TestDomains(t *testing.T) {
	t.Parallel()
	routes := `{
	  "https://www.example.com/": {"type": "upstream", "upstream": "app:http", "primary": true},
	  "https://example.com/": {"type": "redirect", "to": "https://www.example.com/"},
	  "http://www.example.com/": {"type": "redirect", "to": "https://www.example.com/"},
	  "https://API.example.com/v1": {"type": "upstream", "upstream": "api:http"},
	  "https://{default}/": {"type": "upstream"}
	}`
	for name, enc := range map[string]string{
		"padded":   b64(routes),
		"unpadded": strings.TrimRight(b64(routes), "="),
		"newline":  b64(routes) + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			e := Detect(mapenv(map[string]string{"PLATFORM_ROUTES": enc}))
			got, err := e.Domains()
			require.NoError(t, err)
			assert.Equal(t, []string{"api.example.com", "example.com", "www.example.com"}, got)
		})
	}
}

func TestDecodeErrorsNameTheVariable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, value, want string
	}{
		{"not base64", "%%%", "PLATFORM_ROUTES is not valid base64"},
		{"not json", b64("{nope"), "PLATFORM_ROUTES is not valid JSON once decoded"},
		{"wrong shape", b64(`["a"]`), "PLATFORM_ROUTES does not hold the expected JSON: array"},
		{"huge", strings.Repeat("A", MaxValueSize+4), "PLATFORM_ROUTES is too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Detect(mapenv(map[string]string{"PLATFORM_ROUTES": tt.value}))
			_, err := e.Routes()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			var ve *VarError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, "PLATFORM_ROUTES", ve.Name)
		})
	}
}

func TestUnsetDecodesEmpty(t *testing.T) {
	t.Parallel()
	e := Detect(mapenv(nil))
	r, err := e.Routes()
	require.NoError(t, err)
	assert.Empty(t, r)
	v, err := e.Variables()
	require.NoError(t, err)
	assert.Empty(t, v)
}

func TestVariables(t *testing.T) {
	t.Parallel()
	e := Detect(mapenv(map[string]string{
		"PLATFORM_VARIABLES": b64(`{"env:FOO": "bar", "drupal:hash": "x"}`),
	}))
	v, err := e.Variables()
	require.NoError(t, err)
	assert.Equal(t, "bar", v["env:FOO"])

	bad := Detect(mapenv(map[string]string{"PLATFORM_VARIABLES": b64(`"str"`)}))
	_, err = bad.Variables()
	assert.ErrorContains(t, err, "PLATFORM_VARIABLES does not hold the expected JSON")
}

func TestTLSDomains(t *testing.T) {
	t.Parallel()
	e := Detect(mapenv(map[string]string{"PLATFORM_ROUTES": b64(`{
	  "https://www.example.com/": {"type": "upstream"},
	  "http://www.example.com/": {"type": "redirect"},
	  "http://plain.example.com/": {"type": "upstream"}
	}`)}))
	got, err := e.TLSDomains()
	require.NoError(t, err)
	assert.Equal(t, []string{"www.example.com"}, got, "only https routes need a certificate")
}

func TestAppConfig(t *testing.T) {
	t.Parallel()
	raw, err := Detect(mapenv(map[string]string{"PLATFORM_APPLICATION": b64(`{"name": "app", "crons": {}}`)})).AppConfig()
	require.NoError(t, err)
	assert.JSONEq(t, `{"name": "app", "crons": {}}`, string(raw))
	raw, err = Detect(mapenv(nil)).AppConfig()
	require.NoError(t, err)
	assert.Nil(t, raw)
	_, err = Detect(mapenv(map[string]string{"PLATFORM_APPLICATION": "%%"})).AppConfig()
	assert.ErrorContains(t, err, "PLATFORM_APPLICATION is not valid base64")
}
