package tasks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/pshcron/pshcron/envdetect"
)

// The platform renews its Let's Encrypt certificates from 28 days before
// they expire, and a redeploy renews them too. A certificate still this
// close to its end means the platform's own renewal has failed; pshcron then
// redeploys, and otherwise leaves the app alone.

// Certificate is the part of the platform's certificate object pshcron reads.
type Certificate struct {
	ID          string   `json:"id"`
	Domains     []string `json:"domains"`
	ExpiresAt   string   `json:"expires_at"`
	Provisioned bool     `json:"is_provisioned"`
	Invalid     bool     `json:"is_invalid"`
	Issuer      []struct {
		Alias string `json:"alias"`
		Value string `json:"value"`
	} `json:"issuer"`
}

// IssuerName is the issuer's common or organisation name.
func (c *Certificate) IssuerName() string {
	for _, want := range []string{"commonName", "organizationName"} {
		for _, i := range c.Issuer {
			if i.Alias == want {
				return i.Value
			}
		}
	}
	return ""
}

// ListCertificates fetches the project's certificates.
func (c *Client) ListCertificates(ctx context.Context, project string) ([]Certificate, error) {
	var certs []Certificate
	err := c.do(ctx, "GET", []string{"projects", project, "certificates"}, nil, &certs)
	return certs, err
}

// RouteDomains asks the API for an environment's resolved routes and
// returns the hosts of its https ones: the keys of the current deployment's
// routes map, as the official route:list reads them. (GET .../routes holds
// route definitions, whose id is not a URL.)
func (c *Client) RouteDomains(ctx context.Context, t Target) ([]string, error) {
	var dep struct {
		Routes map[string]json.RawMessage `json:"routes"`
	}
	if err := c.do(ctx, "GET", []string{"projects", t.Project, "environments", t.Environment, "deployments", "current"}, nil, &dep); err != nil {
		return nil, err
	}
	urls := make([]string, 0, len(dep.Routes))
	for u := range dep.Routes {
		urls = append(urls, u)
	}
	return envdetect.URLHosts(urls, true), nil
}

// covers reports whether a certificate name covers domain: the same name, or
// a wildcard standing for exactly one leftmost label.
func covers(name, domain string) bool {
	name, domain = strings.ToLower(strings.TrimSuffix(name, ".")), strings.ToLower(strings.TrimSuffix(domain, "."))
	if name == domain {
		return true
	}
	rest, ok := strings.CutPrefix(name, "*.")
	if !ok {
		return false
	}
	label, parent, found := strings.Cut(domain, ".")
	return found && label != "" && parent == rest
}

// GeneratedSuffixes returns the parents of the hosts the platform generates for
// every environment ({env}-{hash}-{project}.{region}.{suffix}), which get
// their own certificates that the project's list may not hold.
func GeneratedSuffixes() []string {
	return []string{"platform.sh", "platformsh.site", "tst.site", "upsunapp.com", "upsun.app"}
}

// Generated reports whether domain is one the platform generated.
func Generated(domain string) bool {
	domain = strings.ToLower(strings.TrimSuffix(domain, "."))
	for _, s := range GeneratedSuffixes() {
		if strings.HasSuffix(domain, "."+s) {
			return true
		}
	}
	return false
}

// CertPolicy decides what needs a redeploy.
type CertPolicy struct {
	Within time.Duration // a provisioned certificate expiring within this needs one
	Ignore []string      // globs of domains not to check
}

// Verdicts on a domain.
const (
	VerdictOK             = "ok"
	VerdictExpiring       = "expiring"        // provisioned, within the window: redeploy
	VerdictExpired        = "expired"         // past its end: redeploy if provisioned, else a person must act
	VerdictMissing        = "missing"         // no usable certificate covers it: redeploy
	VerdictCustomExpiring = "custom-expiring" // not provisioned: a person must renew it
	VerdictServedStale    = "served-stale"    // renewed, but the old one is still served: redeploy
)

// Served is what a TLS probe of a domain found.
type Served struct {
	ExpiresAt time.Time `json:"expires_at"`
	Issuer    string    `json:"issuer,omitempty"`
	Error     string    `json:"error,omitempty"`
}

// DomainCheck is the verdict on one domain.
type DomainCheck struct {
	Domain      string     `json:"domain"`
	Certificate string     `json:"certificate,omitempty"`
	Issuer      string     `json:"issuer,omitempty"`
	ExpiresAt   *time.Time `json:"expires_at,omitempty"`
	DaysLeft    *int       `json:"days_left,omitempty"`
	Provisioned bool       `json:"provisioned"`
	Verdict     string     `json:"verdict"`
	Redeploy    bool       `json:"redeploy"`  // a redeploy would fix it
	Attention   bool       `json:"attention"` // someone or something must act
	Detail      string     `json:"detail,omitempty"`
	Served      *Served    `json:"served,omitempty"`
}

// Ignored reports whether the policy leaves domain out.
func (p CertPolicy) Ignored(domain string) bool {
	for _, g := range p.Ignore {
		if ok, _ := path.Match(strings.ToLower(g), domain); ok {
			return true
		}
	}
	return false
}

// Assess gives each domain its verdict from the project's certificates and,
// when probed, from the certificate each domain actually serves. A host the
// platform generated is left out unless a project certificate covers it: its
// own certificate is the platform's, and may not be listed.
func Assess(domains []string, certs []Certificate, now time.Time, p CertPolicy, served map[string]*Served) []DomainCheck {
	out := make([]DomainCheck, 0, len(domains))
	for _, d := range domains {
		if p.Ignored(d) {
			continue
		}
		best, bestExp := pick(certs, d)
		if best == nil && Generated(d) {
			continue
		}
		chk := DomainCheck{Domain: d}
		if best == nil {
			chk.Verdict, chk.Redeploy, chk.Attention = VerdictMissing, true, true
			chk.Detail = "no certificate covers it"
			if skippedCovers(certs, d) {
				chk.Detail = "no certificate covers it but one marked is_invalid (skipped during provisioning)"
			}
		} else {
			assessCert(&chk, best, bestExp, now, p)
		}
		if s := served[d]; s != nil {
			assessServed(&chk, s, now, p)
		}
		out = append(out, chk)
	}
	return out
}

// assessCert judges the certificate that covers a domain.
func assessCert(chk *DomainCheck, c *Certificate, exp, now time.Time, p CertPolicy) {
	days := int(exp.Sub(now).Hours() / 24)
	chk.Certificate, chk.Issuer, chk.Provisioned = c.ID, c.IssuerName(), c.Provisioned
	chk.ExpiresAt, chk.DaysLeft = &exp, &days
	left := exp.Sub(now)
	switch {
	case left <= 0:
		chk.Verdict, chk.Attention, chk.Redeploy = VerdictExpired, true, c.Provisioned
		if c.Provisioned {
			chk.Detail = fmt.Sprintf("expired %d days ago: the platform's own renewal has not happened", -days)
		} else {
			chk.Detail = fmt.Sprintf("a custom certificate that expired %d days ago: renew and upload it; a redeploy cannot", -days)
		}
	case left <= p.Within && c.Provisioned:
		chk.Verdict, chk.Redeploy, chk.Attention = VerdictExpiring, true, true
		chk.Detail = fmt.Sprintf("expires in %d days: the platform's own renewal has not happened", days)
	case left <= p.Within:
		chk.Verdict, chk.Attention = VerdictCustomExpiring, true
		chk.Detail = fmt.Sprintf("a custom certificate expiring in %d days: renew and upload it; a redeploy cannot", days)
	default:
		chk.Verdict = VerdictOK
	}
}

// assessServed adds what a TLS probe of the domain found.
func assessServed(chk *DomainCheck, s *Served, now time.Time, p CertPolicy) {
	chk.Served = s
	switch {
	case s.ExpiresAt.IsZero(): // not reached: reported, not fatal
		chk.Detail = join(chk.Detail, "probe: "+s.Error)
	case chk.Verdict == VerdictOK && s.ExpiresAt.Sub(now) <= p.Within:
		chk.Verdict, chk.Attention, chk.Redeploy = VerdictServedStale, true, chk.Provisioned
		chk.Detail = fmt.Sprintf("the served certificate expires in %d days although a newer one exists", int(s.ExpiresAt.Sub(now).Hours()/24))
	case s.Error != "":
		chk.Detail = join(chk.Detail, "probe: "+s.Error)
	}
}

// pick returns the certificate covering domain that lasts longest. One
// marked is_invalid covers nothing: users set it to have the platform skip
// the certificate, so it is not what the domain is served with.
func pick(certs []Certificate, domain string) (*Certificate, time.Time) {
	var best *Certificate
	var bestExp time.Time
	for i := range certs {
		c := &certs[i]
		exp, err := time.Parse(time.RFC3339, c.ExpiresAt)
		if err != nil || c.Invalid || !coversAny(c.Domains, domain) {
			continue
		}
		if best == nil || exp.After(bestExp) {
			best, bestExp = c, exp
		}
	}
	return best, bestExp
}

// skippedCovers reports whether a certificate marked is_invalid names domain.
func skippedCovers(certs []Certificate, domain string) bool {
	for _, c := range certs {
		if c.Invalid && coversAny(c.Domains, domain) {
			return true
		}
	}
	return false
}

func coversAny(names []string, domain string) bool {
	for _, n := range names {
		if covers(n, domain) {
			return true
		}
	}
	return false
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// CertCheck is what a certificate check looks at.
type CertCheck struct {
	// Domains to check; nil means ask the API for the environment's routes.
	Domains []string
	Policy  CertPolicy
	Prober  *Prober // nil: no probe
}

// CheckCertificates gives the verdict on each of the environment's domains.
func (c *Client) CheckCertificates(ctx context.Context, t Target, chk CertCheck) ([]DomainCheck, error) {
	domains := chk.Domains
	if domains == nil {
		var err error
		if domains, err = c.RouteDomains(ctx, t); err != nil {
			return nil, err
		}
	}
	if len(domains) == 0 {
		return nil, &NoDomainsError{Own: chk.Domains != nil}
	}
	certs, err := c.ListCertificates(ctx, t.Project)
	if err != nil {
		return nil, err
	}
	var served map[string]*Served
	if chk.Prober != nil {
		var probe []string
		for _, d := range domains {
			if !chk.Policy.Ignored(d) && !strings.HasPrefix(d, "*.") {
				probe = append(probe, d)
			}
		}
		served = chk.Prober.Probe(ctx, probe)
	}
	return Assess(domains, certs, c.now(), chk.Policy, served), nil
}

// RenewDecision returns a Decision that redeploys only when a domain's
// certificate needs it, logging each domain that needs attention.
func RenewDecision(chk CertCheck) Decision {
	return func(ctx context.Context, c *Client, t Target, _ Action) (bool, string, error) {
		checks, err := c.CheckCertificates(ctx, t, chk)
		var none *NoDomainsError
		if errors.As(err, &none) {
			// Not "all fine": nothing was checked. A cron goes on, warned.
			c.log.Warn().Msg(none.Error() + ": nothing was checked")
			return false, none.Error(), nil
		}
		if err != nil {
			return false, "", err
		}
		var redeploy []string
		for _, d := range checks {
			switch {
			case d.Redeploy:
				redeploy = append(redeploy, d.Domain)
				c.log.Warn().Str("domain", d.Domain).Str("verdict", d.Verdict).Msg(d.Domain + ": " + d.Detail)
			case d.Attention:
				c.log.Error().Str("domain", d.Domain).Str("verdict", d.Verdict).Msg(d.Domain + ": " + d.Detail)
			default:
				ev := c.log.Debug().Str("domain", d.Domain).Str("verdict", d.Verdict)
				if d.DaysLeft != nil {
					ev = ev.Int("days_left", *d.DaysLeft)
				}
				ev.Msg(d.Domain + ": fine")
			}
		}
		if len(redeploy) == 0 {
			return false, fmt.Sprintf("no certificate needs a redeploy (%d domains checked)", len(checks)), nil
		}
		c.log.Info().Strs("domains", redeploy).Msg("redeploying to renew certificates")
		return true, "", nil
	}
}
