package main

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/emutest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const redeployRoute = emulator.RouteRedeploy

// certContainer is a production container whose routes name two domains and
// the platform's own.
func certContainer(em *emutest.Env) map[string]string {
	env := container(em, "main", "production")
	env["PLATFORM_ROUTES"] = base64.StdEncoding.EncodeToString([]byte(`{
		"https://www.example.com/": {"type": "upstream", "upstream": "app:http"},
		"https://shop.example.com/": {"type": "upstream", "upstream": "app:http"},
		"https://main-bvxea6i-proj1.eu-3.platformsh.site/": {"type": "upstream", "upstream": "app:http"},
		"http://www.example.com/": {"type": "redirect", "to": "https://www.example.com/"}
	}`))
	return env
}

// certSpec is a certificate whose expiry is relative to now.
type certSpec struct {
	domains     []string
	in          time.Duration
	provisioned bool
	issuer      string
}

func TestCertRenew(t *testing.T) {
	t.Parallel()
	d := 24 * time.Hour
	tests := []struct {
		name      string
		certs     []certSpec
		env       func(em *emutest.Env) map[string]string
		args      []string
		code      int
		redeploys int
		stdout    []string
		stderr    []string
	}{
		{"all fine: no redeploy", []certSpec{{domains: []string{"*.example.com"}, in: 70 * d, provisioned: true}},
			certContainer, nil, 0, 0, nil, []string{"skipped: no certificate needs a redeploy (2 domains checked)"}},
		{"one close to expiry: one redeploy", []certSpec{
			{domains: []string{"www.example.com"}, in: 70 * d, provisioned: true},
			{domains: []string{"shop.example.com"}, in: 9 * d, provisioned: true}},
			certContainer, nil, 0, 1, []string{"a"}, []string{"shop.example.com: expires in 8 days", "redeploy accepted"}},
		{"--force redeploys anyway", []certSpec{{domains: []string{"*.example.com"}, in: 70 * d, provisioned: true}},
			certContainer, []string{"--force"}, 0, 1, nil, nil},
		{"guarded like a redeploy", nil,
			func(em *emutest.Env) map[string]string {
				e := certContainer(em)
				e["PLATFORM_BRANCH"], e["PLATFORM_ENVIRONMENT_TYPE"] = "feature/x", "development"
				return e
			}, nil, 0, 0, nil, []string{"skipped by the default guard: environment type development is not production"}},
		{"--check all fine", []certSpec{{domains: []string{"*.example.com"}, in: 70 * d, provisioned: true}},
			certContainer, []string{"--check"}, 0, 0,
			[]string{"DOMAIN", "shop.example.com  R11", "ok"}, nil},
		{"--check one needs action", []certSpec{
			{domains: []string{"www.example.com"}, in: 70 * d, provisioned: true},
			{domains: []string{"shop.example.com"}, in: 5 * d, provisioned: false, issuer: "Corp CA"}},
			certContainer, []string{"--check"}, 1, 0,
			[]string{"Corp CA (custom)", "custom-expiring"}, []string{"pshcron: error: 1 domain(s) need attention: shop.example.com (custom-expiring)"}},
		{"--check on another environment asks the API", []certSpec{{domains: []string{"*.example.com"}, in: 70 * d, provisioned: true}},
			certContainer, []string{"--check", "-e", "staging"}, 0, 0, []string{"staging.example.com"}, nil},
		{"no route to check is not all fine", nil,
			func(em *emutest.Env) map[string]string { return container(em, "main", "production") }, nil, 0, 0, nil,
			[]string{`"level":"warn"`, "no domain to check: PLATFORM_ROUTES holds no https route"}},
		{"--check with no route to check fails", nil,
			func(em *emutest.Env) map[string]string { return container(em, "main", "production") }, []string{"--check"}, 1, 0, nil,
			[]string{"pshcron: error: no domain to check: PLATFORM_ROUTES holds no https route", "pshcron: hint: cert:renew checks the https routes"}},
		{"--check on another environment with no route", nil,
			certContainer, []string{"--check", "-e", "feature/x"}, 1, 0, nil,
			[]string{"pshcron: error: no domain to check: the environment's current deployment has no https route"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			em := liveEmulator(t)
			now := time.Now()
			for _, c := range tt.certs {
				em.AddCertificate(emutest.Project, emulator.Certificate{Domains: c.domains, ExpiresAt: now.Add(c.in), Provisioned: c.provisioned, Issuer: c.issuer})
			}
			r := pshcron(t, tt.env(em), append([]string{"cert:renew"}, tt.args...)...)
			assert.Equal(t, tt.code, r.code, r.stderr)
			assert.Equal(t, tt.redeploys, em.Count(redeployRoute), "redeploys")
			if tt.stdout == nil {
				if !strings.Contains(strings.Join(tt.args, " "), "--check") && tt.redeploys == 0 {
					assert.Empty(t, r.stdout)
				}
			}
			for _, s := range tt.stdout {
				assert.Contains(t, r.stdout, s)
			}
			for _, s := range tt.stderr {
				assert.Contains(t, r.stderr, s)
			}
			noSecrets(t, em, r)
		})
	}
}

func TestCertCheckJSON(t *testing.T) {
	t.Parallel()
	em := liveEmulator(t)
	em.AddCertificate(emutest.Project, emulator.Certificate{Domains: []string{"*.example.com"}, ExpiresAt: time.Now().Add(30 * 24 * time.Hour), Provisioned: true})
	r := pshcron(t, certContainer(em), "renew-cert", "--check", "--format", "json")
	require.Equal(t, 0, r.code, r.stderr)
	var report struct {
		Domains []map[string]any `json:"domains"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &report))
	checks := report.Domains
	require.Len(t, checks, 2)
	assert.Equal(t, "shop.example.com", checks[0]["domain"])
	assert.Equal(t, "ok", checks[0]["verdict"])
	assert.InDelta(t, 29, checks[0]["days_left"], 1)
}
