package tasks

import (
	"github.com/pshcron/pshcron/api"

	"fmt"
	"path"
	"strings"
	"time"
)

// The verdict on each domain: a pure function of the domains, the
// certificates, the time and the policy.

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
func Assess(domains []string, certs []api.Certificate, now time.Time, p CertPolicy, served map[string]*Served) []DomainCheck {
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
func assessCert(chk *DomainCheck, c *api.Certificate, exp, now time.Time, p CertPolicy) {
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
		if left > 28*24*time.Hour {
			// The platform renews from 28 days before: a wider --within
			// asks for a redeploy before it would.
			chk.Detail = fmt.Sprintf("expires in %d days, within --within; the platform renews it itself from 28 days before", days)
		}
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
func pick(certs []api.Certificate, domain string) (*api.Certificate, time.Time) {
	var best *api.Certificate
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
func skippedCovers(certs []api.Certificate, domain string) bool {
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
