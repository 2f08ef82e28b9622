package cli

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/pshcron/pshcron/internal/termsafe"
	"github.com/pshcron/pshcron/tasks"
)

// certRenewOptions are cert:renew's: when a certificate needs a redeploy,
// and --check.
type certRenewOptions struct {
	Settings
	certOptions
}

// certRenew is cert:renew: redeploy when a certificate needs it (behind the
// same guard as environment:redeploy), or only report with --check.
func (p *program) certRenew(ctx context.Context, s *certRenewOptions) error {
	if s.Check {
		return p.certCheck(ctx, s)
	}
	w := work{action: tasks.Redeploy{}}
	if !s.Force {
		w.decideOn = func(at where) (tasks.Decision, error) {
			chk, err := certCheckOf(s, at)
			return tasks.RenewDecision(chk), err
		}
	}
	_, err := p.act(ctx, &s.Settings, scopeTargets, w)
	return err
}

// certCheckOf is the check of the target's certificates the flags ask for.
func certCheckOf(s *certRenewOptions, at where) (tasks.CertCheck, error) {
	chk := tasks.CertCheck{Policy: tasks.CertPolicy{Within: time.Duration(s.Within) * 24 * time.Hour, Ignore: s.IgnoreDomains}}
	if s.Probe {
		chk.Prober = &tasks.Prober{Timeout: 5 * time.Second}
	}
	var err error
	if at.own() {
		// The container knows its routes; another environment's come from the API.
		chk.Domains, err = at.env.TLSDomains()
	}
	return chk, err
}

// certCheck reads and reports: no guard, no lock, no action.
func (p *program) certCheck(ctx context.Context, s *certRenewOptions) error {
	var checks []tasks.DomainCheck
	err := p.connect(ctx, &s.Settings, scopeEnvironment, func(ctx context.Context, c conn) error {
		chk, err := certCheckOf(s, c.where)
		if err != nil {
			return err
		}
		checks, err = c.client.CheckCertificates(ctx, c.target, chk)
		return err
	})
	if err != nil {
		return err
	}
	if err := p.printChecks(s.Format, checks); err != nil {
		return err
	}
	var attention []string
	for _, d := range checks {
		if d.Attention {
			attention = append(attention, d.Domain+" ("+d.Verdict+")")
		}
	}
	if len(attention) > 0 {
		return &tasks.AttentionError{Domains: attention}
	}
	return nil
}

// certReport is --check's JSON: the domains, and the failure.
type certReport struct {
	Domains []tasks.DomainCheck `json:"domains"`
	failure
}

// printChecks writes the --check table, or JSON. Domains, issuers and
// details come from the platform or a probed server: escaped in both formats.
func (p *program) printChecks(format string, checks []tasks.DomainCheck) error {
	safe := termsafe.String
	for i := range checks {
		d := &checks[i]
		d.Domain, d.Certificate, d.Issuer, d.Detail = safe(d.Domain), safe(d.Certificate), safe(d.Issuer), safe(d.Detail)
		if d.Served != nil {
			s := *d.Served
			s.Issuer, s.Error = safe(s.Issuer), safe(s.Error)
			d.Served = &s
		}
	}
	if format == "json" {
		if checks == nil {
			checks = []tasks.DomainCheck{}
		}
		p.holdJSON(&certReport{Domains: checks})
		return nil
	}
	tw := tabwriter.NewWriter(p.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DOMAIN\tISSUER\tEXPIRES\tDAYS LEFT\tVERDICT\tDETAIL")
	for _, d := range checks {
		expires, days := "-", "-"
		if d.ExpiresAt != nil {
			expires = d.ExpiresAt.UTC().Format(time.DateOnly)
			days = strconv.Itoa(*d.DaysLeft)
		}
		issuer := d.Issuer
		if issuer == "" {
			issuer = "-"
		}
		if !d.Provisioned && d.Certificate != "" {
			issuer += " (custom)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", d.Domain, issuer, expires, days, d.Verdict, d.Detail)
	}
	return tw.Flush()
}
