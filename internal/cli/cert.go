package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/pshcron/pshcron/internal/termsafe"
	"github.com/pshcron/pshcron/tasks"
	"github.com/urfave/cli/v2"
)

// certCommand is cert:renew: redeploy when a certificate needs it (behind
// the same guard as environment:redeploy), or only report with --check.
func (p *program) certCommand(c *cli.Context) error {
	s, err := p.settings(c)
	if err != nil {
		return err
	}
	if c.Int("within") < 0 || c.Int("within") > 89 {
		return &usageError{msg: fmt.Sprintf("--within %d is out of range", c.Int("within")), hint: "give days from 0 to 89"}
	}
	if c.Bool("force") && c.Bool("check") {
		return &usageError{msg: "--force and --check contradict each other", hint: "--check only reports; --force always redeploys"}
	}
	chk := tasks.CertCheck{
		Policy: tasks.CertPolicy{
			Within: time.Duration(c.Int("within")) * 24 * time.Hour,
			Ignore: c.StringSlice("ignore-domain"),
		},
	}
	if c.Bool("probe") {
		chk.Prober = &tasks.Prober{Timeout: 5 * time.Second}
	}
	if s.ownEnvironment() {
		// The container knows its routes; another environment's come from the API.
		if chk.Domains, err = s.env.TLSDomains(); err != nil {
			return err
		}
	}
	if !c.Bool("check") {
		var decide tasks.Decision
		if !c.Bool("force") {
			decide = tasks.RenewDecision(chk)
		}
		return p.runJob(c, s, tasks.Redeploy{}, decide)
	}

	// --check reads and reports: no guard, no lock, no action.
	ctx, cancel := context.WithTimeout(c.Context, s.timeout)
	defer cancel()
	client, err := s.platform.Connect()
	if err != nil {
		return err
	}
	checks, err := client.CheckCertificates(ctx, s.target, chk)
	if err != nil {
		return err
	}
	if err := printChecks(p.stdout, s.format, checks); err != nil {
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

// printChecks writes the --check table, or JSON. Domains, issuers and
// details come from the platform or a probed server: escaped in both formats.
func printChecks(w io.Writer, format string, checks []tasks.DomainCheck) error {
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
		return writeJSON(w, checks)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
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
