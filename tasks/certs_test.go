package tasks

import (
	"github.com/pshcron/pshcron/api"

	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/emutest"
)

func TestCovers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, domain string
		want         bool
	}{
		{"www.example.com", "www.example.com", true},
		{"WWW.Example.com", "www.example.COM", true},
		{"*.example.com", "www.example.com", true},
		{"*.example.com", "example.com", false},
		{"*.example.com", "a.b.example.com", false},
		{"*.example.com", ".example.com", false},
		{"example.com", "www.example.com", false},
		{"www.example.com.", "www.example.com", true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, covers(tt.name, tt.domain), "%s covers %s", tt.name, tt.domain)
	}
}

var day = 24 * time.Hour

func cert(id string, exp time.Time, provisioned, invalid bool, domains ...string) api.Certificate {
	c := api.Certificate{ID: id, Domains: domains, ExpiresAt: exp.Format(time.RFC3339), Provisioned: provisioned, Invalid: invalid}
	c.Issuer = append(c.Issuer, struct {
		Alias string `json:"alias"`
		Value string `json:"value"`
	}{"commonName", "R11"})
	return c
}

func TestAssess(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	policy := CertPolicy{Within: 20 * day}
	tests := []struct {
		name      string
		certs     []api.Certificate
		domain    string
		verdict   string
		redeploy  bool
		attention bool
		days      int
	}{
		{"fine", []api.Certificate{cert("c1", now.Add(60*day), true, false, "www.example.com")}, "www.example.com", VerdictOK, false, false, 60},
		{"close to expiry", []api.Certificate{cert("c1", now.Add(10*day), true, false, "www.example.com")}, "www.example.com", VerdictExpiring, true, true, 10},
		{"exactly at the window", []api.Certificate{cert("c1", now.Add(20*day), true, false, "www.example.com")}, "www.example.com", VerdictExpiring, true, true, 20},
		{"already expired", []api.Certificate{cert("c1", now.Add(-2*day), true, false, "www.example.com")}, "www.example.com", VerdictExpired, true, true, -2},
		{"custom, expired", []api.Certificate{cert("c1", now.Add(-3*day), false, false, "www.example.com")}, "www.example.com", VerdictExpired, false, true, -3},
		{"marked is_invalid covers nothing", []api.Certificate{cert("c1", now.Add(60*day), true, true, "www.example.com")}, "www.example.com", VerdictMissing, true, true, 0},
		{"missing", []api.Certificate{cert("c1", now.Add(60*day), true, false, "other.example.com")}, "www.example.com", VerdictMissing, true, true, 0},
		{"custom near expiry", []api.Certificate{cert("c1", now.Add(5*day), false, false, "www.example.com")}, "www.example.com", VerdictCustomExpiring, false, true, 5},
		{"is_invalid beside a good one is no reason to redeploy", []api.Certificate{
			cert("skip", now.Add(2*day), false, true, "www.example.com"),
			cert("le", now.Add(60*day), true, false, "www.example.com"),
		}, "www.example.com", VerdictOK, false, false, 60},
		{"wildcard", []api.Certificate{cert("c1", now.Add(60*day), true, false, "*.example.com")}, "shop.example.com", VerdictOK, false, false, 60},
		{"renewed alongside the old one", []api.Certificate{
			cert("old", now.Add(3*day), true, false, "www.example.com"),
			cert("new", now.Add(88*day), true, false, "www.example.com"),
		}, "www.example.com", VerdictOK, false, false, 88},
		{"valid preferred to invalid", []api.Certificate{
			cert("bad", now.Add(80*day), true, true, "www.example.com"),
			cert("good", now.Add(40*day), true, false, "www.example.com"),
		}, "www.example.com", VerdictOK, false, false, 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Assess([]string{tt.domain}, tt.certs, now, policy, nil)
			require.Len(t, got, 1)
			d := got[0]
			assert.Equal(t, tt.verdict, d.Verdict)
			assert.Equal(t, tt.redeploy, d.Redeploy)
			assert.Equal(t, tt.attention, d.Attention)
			if d.DaysLeft != nil {
				assert.Equal(t, tt.days, *d.DaysLeft)
			}
		})
	}
	t.Run("generated hosts without a project certificate left out", func(t *testing.T) {
		var hosts []string
		for _, s := range GeneratedSuffixes() {
			hosts = append(hosts, "main-bvxea6i-abcdefgh.eu-3."+s)
		}
		assert.Empty(t, Assess(hosts, nil, now, policy, nil))
	})
	t.Run("a generated host a project certificate covers is checked", func(t *testing.T) {
		host := "main-bvxea6i-abcdefgh.ca-1.upsunapp.com"
		got := Assess([]string{host}, []api.Certificate{cert("c1", now.Add(5*day), true, false, host)}, now, policy, nil)
		require.Len(t, got, 1)
		assert.Equal(t, VerdictExpiring, got[0].Verdict)
	})
}

// certEnv starts an emulator whose main environment routes to two domains.
func certEnv(t *testing.T, certs ...emulator.Certificate) *emutest.Env {
	em := emutest.Start(t, emulator.Options{})
	em.AddProject("certs", emulator.Environment{ID: "main", Type: "production",
		Routes: []string{"https://www.example.com/", "https://shop.example.com/", "http://plain.example.com/"}})
	for _, c := range certs {
		em.AddCertificate("certs", c)
	}
	return em
}

func renewJob(chk CertCheck) Job {
	t := api.Target{Project: "certs", Environment: "main"}
	g := NewGuard(nil, nil, false, true, prod)
	return Job{Gate: Gate{Target: t, Guard: g}, Action: Redeploy{}, Decide: []Decision{RenewDecision(chk)}}
}

// A --within wider than the platform's own 28 days is no sign that the
// platform's renewal failed: the detail says what is so.
func TestAssessDetailWithinAWideWindow(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	wide := Assess([]string{"www.example.com"}, []api.Certificate{cert("c1", now.Add(59*day), true, false, "www.example.com")}, now, CertPolicy{Within: 80 * day}, nil)
	require.Len(t, wide, 1)
	assert.Equal(t, VerdictExpiring, wide[0].Verdict)
	assert.Equal(t, "expires in 59 days, within --within; the platform renews it itself from 28 days before", wide[0].Detail)
	late := Assess([]string{"www.example.com"}, []api.Certificate{cert("c1", now.Add(10*day), true, false, "www.example.com")}, now, CertPolicy{Within: 80 * day}, nil)
	assert.Equal(t, "expires in 10 days: the platform's own renewal has not happened", late[0].Detail)
}

func TestRenewRedeploysOnlyWhenNeeded(t *testing.T) {
	t.Parallel()
	policy := CertPolicy{Within: 20 * day}
	tests := []struct {
		name      string
		certs     func(now time.Time) []emulator.Certificate
		redeploys int
	}{
		{"all fine", func(now time.Time) []emulator.Certificate {
			return []emulator.Certificate{{Domains: []string{"*.example.com"}, ExpiresAt: now.Add(70 * day), Provisioned: true}}
		}, 0},
		{"one close to expiry", func(now time.Time) []emulator.Certificate {
			return []emulator.Certificate{
				{Domains: []string{"www.example.com"}, ExpiresAt: now.Add(70 * day), Provisioned: true},
				{Domains: []string{"shop.example.com"}, ExpiresAt: now.Add(9 * day), Provisioned: true},
			}
		}, 1},
		{"invalid", func(now time.Time) []emulator.Certificate {
			return []emulator.Certificate{{Domains: []string{"*.example.com"}, ExpiresAt: now.Add(70 * day), Provisioned: true, Invalid: true}}
		}, 1},
		{"one missing", func(now time.Time) []emulator.Certificate {
			return []emulator.Certificate{{Domains: []string{"www.example.com"}, ExpiresAt: now.Add(70 * day), Provisioned: true}}
		}, 1},
		{"custom near expiry: warned, not redeployed", func(now time.Time) []emulator.Certificate {
			return []emulator.Certificate{{Domains: []string{"*.example.com"}, ExpiresAt: now.Add(3 * day), Provisioned: false, Issuer: "Corp CA"}}
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			em := certEnv(t)
			for _, c := range tt.certs(em.Now()) {
				em.AddCertificate("certs", c)
			}
			var logs bytes.Buffer
			res, err := run(t, context.Background(), config(t, em, emutest.AdminToken, &logs), renewJob(CertCheck{Policy: policy}))
			require.NoError(t, err)
			assert.Equal(t, tt.redeploys, em.Count(routeRedeploy), "redeploys")
			assert.Equal(t, tt.redeploys == 0, res.Skipped)
			assert.Equal(t, 1, em.Count(emulator.RouteCertificates))
			assert.Equal(t, 1, em.Count(emulator.RouteDeployment), "another environment's domains come from the API")
			if tt.name == "custom near expiry: warned, not redeployed" {
				assert.Contains(t, logs.String(), `"level":"error"`)
				assert.Contains(t, logs.String(), "a custom certificate expiring in 3 days")
			}
		})
	}
}

func TestRenewUsesKnownDomains(t *testing.T) {
	t.Parallel()
	em := certEnv(t, emulator.Certificate{Domains: []string{"a.example.org"}, ExpiresAt: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), Provisioned: true})
	var logs bytes.Buffer
	res, err := run(t, context.Background(), config(t, em, emutest.AdminToken, &logs),
		renewJob(CertCheck{Domains: []string{"a.example.org"}, Policy: CertPolicy{Within: 20 * day}}))
	require.NoError(t, err)
	assert.True(t, res.Skipped)
	assert.Contains(t, res.Reason, "no certificate needs a redeploy (1 domains checked)")
	assert.Zero(t, em.Count(emulator.RouteDeployment))
	assert.Equal(t, 2, em.Requests(), "exchange and certificates")
}

// tlsServer serves a certificate for domain, signed by ca, expiring at exp.
func tlsServer(t *testing.T, ca *x509.Certificate, caKey *ecdsa.PrivateKey, domain string, exp time.Time) string {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: domain},
		DNSNames: []string{domain}, NotBefore: time.Now().Add(-time.Hour), NotAfter: exp,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	require.NoError(t, err)
	srv := httptest.NewUnstartedServer(http.NotFoundHandler())
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String()
}

func testCA(t *testing.T) (*x509.Certificate, *ecdsa.PrivateKey, *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(365 * day),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	ca, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return ca, key, pool
}

func TestProbe(t *testing.T) {
	t.Parallel()
	ca, caKey, roots := testCA(t)
	now := time.Now()
	addrs := map[string]string{
		"fresh.example.com": tlsServer(t, ca, caKey, "fresh.example.com", now.Add(80*day)),
		"stale.example.com": tlsServer(t, ca, caKey, "stale.example.com", now.Add(4*day)),
		"wrong.example.com": tlsServer(t, ca, caKey, "other.example.com", now.Add(80*day)),
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addrs["down.example.com"] = ln.Addr().String()
	ln.Close()

	p := &Prober{Timeout: 2 * time.Second, Roots: roots, Addr: func(d string) string { return addrs[d] }}
	served := p.Probe(context.Background(), []string{"fresh.example.com", "stale.example.com", "wrong.example.com", "down.example.com"})
	require.Len(t, served, 4)
	assert.Empty(t, served["fresh.example.com"].Error)
	assert.Equal(t, "Test CA", served["fresh.example.com"].Issuer)
	assert.Contains(t, served["wrong.example.com"].Error, "does not verify")
	assert.Contains(t, served["down.example.com"].Error, "unreachable")

	// The platform lists renewed certificates for every domain.
	var certs []api.Certificate
	for d := range addrs {
		certs = append(certs, cert(d, now.Add(85*day), true, false, d))
	}
	checks := Assess([]string{"down.example.com", "fresh.example.com", "stale.example.com"}, certs, now, CertPolicy{Within: 20 * day}, served)
	byDomain := map[string]DomainCheck{}
	for _, c := range checks {
		byDomain[c.Domain] = c
	}
	assert.Equal(t, VerdictOK, byDomain["fresh.example.com"].Verdict)
	assert.Equal(t, VerdictServedStale, byDomain["stale.example.com"].Verdict, "renewed, but the old one is served")
	assert.True(t, byDomain["stale.example.com"].Redeploy)
	assert.Equal(t, VerdictOK, byDomain["down.example.com"].Verdict, "unreachable is reported, not fatal")
	assert.Contains(t, byDomain["down.example.com"].Detail, "probe: unreachable")
	assert.False(t, byDomain["down.example.com"].Redeploy)
}

// Another environment's domains are its own resolved routes (the current
// deployment's routes keys), not the production hosts that route
// definitions name.
func TestRouteDomainsOfAnotherEnvironment(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{})
	em.AddProject("two",
		emulator.Environment{ID: "main", Type: "production", Routes: []string{"https://www.example.com/", "http://www.example.com/"}},
		emulator.Environment{ID: "staging", Type: "staging", Routes: []string{"https://staging.example.com/", "https://api.staging.example.com/"}},
	)
	var logs bytes.Buffer
	c, err := platform(t, config(t, em, emutest.AdminToken, &logs)).Connect()
	require.NoError(t, err)
	got, _, err := c.RouteDomains(context.Background(), api.Target{Project: "two", Environment: "staging"})
	require.NoError(t, err)
	assert.Equal(t, []string{"api.staging.example.com", "staging.example.com"}, got)
	got, _, err = c.RouteDomains(context.Background(), api.Target{Project: "two", Environment: "main"})
	require.NoError(t, err)
	assert.Equal(t, []string{"www.example.com"}, got, "https routes only")
}
