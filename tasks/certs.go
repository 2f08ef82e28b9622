package tasks

import (
	"github.com/pshcron/pshcron/api"

	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The platform renews its Let's Encrypt certificates from 28 days before
// they expire, and a redeploy renews them too. A certificate still this
// close to its end means the platform's own renewal has failed; pshcron then
// redeploys, and otherwise leaves the app alone.

// CertCheck is what a certificate check looks at.
type CertCheck struct {
	// Domains to check; nil means ask the API for the environment's routes.
	Domains []string
	Policy  CertPolicy
	Prober  *Prober // nil: no probe
}

// CheckCertificates gives the verdict on each of the environment's domains.
func (c *Client) CheckCertificates(ctx context.Context, t api.Target, chk CertCheck) ([]DomainCheck, error) {
	domains := chk.Domains
	if domains == nil {
		var err error
		if domains, _, err = c.RouteDomains(ctx, t); err != nil {
			return nil, err
		}
	}
	if len(domains) == 0 {
		return nil, &NoDomainsError{Own: chk.Domains != nil}
	}
	certs, _, err := c.ListCertificates(ctx, t.Project)
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
	return Assess(domains, certs, c.Clock(), chk.Policy, served), nil
}

// missingRetry is how long after a redeploy cert:renew waits before
// redeploying again for a domain no certificate covers: a redeploy provisions
// what it can, and until the domain's DNS points at the platform another one
// provisions nothing.
const missingRetry = 24 * time.Hour

// RenewDecision returns a Decision that redeploys only when a domain's
// certificate needs it, logging each domain that needs attention. When only
// domains no certificate covers need it, and the environment was redeployed
// within missingRetry, it skips with why: one redeploy, not one a run.
func RenewDecision(chk CertCheck) Decision {
	return func(ctx context.Context, c *Client, t api.Target, a Action) (bool, string, error) {
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
		redeploy, onlyMissing := logChecks(c, checks)
		if len(redeploy) == 0 {
			return false, fmt.Sprintf("no certificate needs a redeploy (%d domains checked)", len(checks)), nil
		}
		if onlyMissing {
			last, err := recentRedeploy(ctx, c, t, a)
			if err != nil {
				return false, "", err
			}
			if last != nil {
				return false, fmt.Sprintf("no certificate covers %s although the environment was redeployed at %s (activity %s): "+
					"point the domain's DNS at the platform; pshcron redeploys again %s after that one", strings.Join(redeploy, ", "), last.CreatedAt, last.ID, missingRetry), nil
			}
		}
		c.log.Info().Strs("domains", redeploy).Msg("redeploying to renew certificates")
		return true, "", nil
	}
}

// logChecks logs each domain's verdict and returns those a redeploy would
// fix, and whether none of them has a certificate at all.
func logChecks(c *Client, checks []DomainCheck) (redeploy []string, onlyMissing bool) {
	onlyMissing = true
	for _, d := range checks {
		switch {
		case d.Redeploy:
			redeploy = append(redeploy, d.Domain)
			onlyMissing = onlyMissing && d.Verdict == VerdictMissing
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
	return redeploy, onlyMissing
}

// recentRedeploy is the environment's newest redeploy within missingRetry,
// on the platform's clock, or nil.
func recentRedeploy(ctx context.Context, c *Client, t api.Target, a Action) (*api.Activity, error) {
	acts, ans, err := c.ListActivities(ctx, t, recent(a))
	if err != nil {
		return nil, err
	}
	now := ans.Date
	if now.IsZero() {
		now = c.Clock()
	}
	return newest(acts, a, now.Add(-missingRetry)), nil
}
