package cli

import (
	"fmt"
	"time"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/internal/healthpage"
	"github.com/pshcron/pshcron/internal/termsafe"
	"github.com/pshcron/pshcron/tasks"
)

// health's verdicts are the page's; "" is a concern that does not apply.
const (
	verdictOK   = healthpage.OK
	verdictWarn = healthpage.Warn
	verdictFail = healthpage.Fail
)

// healthConcerns are health's columns, in order.
var healthConcerns = []string{"status", "backups", "certificates", "crons", "activities"}

// healthReport is one environment's health: a cell a concern, and the
// worst of them.
type healthReport struct {
	Type         string           `json:"type"`
	Verdict      string           `json:"verdict"`
	Status       healthCell       `json:"status"`
	Backups      healthCell       `json:"backups"`
	Certificates healthCell       `json:"certificates"`
	Crons        healthCell       `json:"crons"`
	Activities   healthCell       `json:"activities"`
	CronReport   tasks.CronReport `json:"cron_check"`
	where        string           // the flags that name it in a printed command
}

// healthCell is one concern's verdict, a short summary and the lines
// behind it. Its text comes from the platform: escaped when made.
type healthCell struct {
	Verdict string   `json:"verdict"`
	Summary string   `json:"summary"`
	Detail  []string `json:"detail,omitempty"`
}

func cell(verdict, summary string, detail ...string) healthCell {
	for i := range detail {
		detail[i] = termsafe.String(detail[i])
	}
	return healthCell{Verdict: verdict, Summary: termsafe.String(summary), Detail: detail}
}

func (r *healthReport) cells() []healthCell {
	return []healthCell{r.Status, r.Backups, r.Certificates, r.Crons, r.Activities}
}

// worse is the worse of two verdicts.
func worse(a, b string) string {
	if healthpage.Rank(b) < healthpage.Rank(a) {
		return b
	}
	return a
}

// judgeHealth gives each concern its verdict. What is a failure on
// production (no recent backup, crons paused) is a warning elsewhere.
func judgeHealth(f *tasks.Facts, backups []api.Backup, certs []api.Certificate, s *healthOptions, where string) healthReport {
	prod := f.Env.Type == "production"
	r := healthReport{Type: termsafe.String(f.Env.Type), where: where}
	r.Status = statusCell(f.Env, prod)
	r.Backups = backupsCell(judgeBackups(backups, f.Now, s.MaxAge), prod)
	policy := tasks.CertPolicy{Within: time.Duration(s.Within) * 24 * time.Hour, Ignore: s.IgnoreDomains}
	r.Certificates = certificatesCell(tasks.Assess(f.Deployment.RouteDomains(), certs, f.Now, policy, nil))
	chk := f.CronCheck()
	chk.Schedule, chk.Where = cronSchedule, where
	r.CronReport = chk.Judge()
	escapeCronReport(&r.CronReport)
	r.Crons = cronsCell(r.CronReport, prod)
	r.Activities = activitiesCell(f)
	r.Verdict = verdictOK
	for _, c := range r.cells() {
		r.Verdict = worse(r.Verdict, c.Verdict)
	}
	return r
}

// statusCell: active is well; paused, inactive or a failed last deployment
// are not.
func statusCell(e *api.Environment, prod bool) healthCell {
	ds := e.DeploymentState
	switch {
	case e.Status != api.StatusActive:
		return cell(severe(prod), e.Status)
	case ds != nil && ds.LastDeploymentSuccessful != nil && !*ds.LastDeploymentSuccessful:
		return cell(verdictFail, "last deploy failed", "the last deployment did not succeed: read it with pshcron activity:list --type environment.push")
	}
	return cell(verdictOK, e.Status)
}

// severe is what a missing safeguard is: a failure on production, a
// warning elsewhere.
func severe(prod bool) string {
	if prod {
		return verdictFail
	}
	return verdictWarn
}

// backupsCell is backup:check's verdict. Backups are production's
// safeguard: elsewhere none is not a fault, and an old one only a warning.
func backupsCell(v backupVerdict, prod bool) healthCell {
	age := roundAge(time.Duration(v.AgeSeconds * float64(time.Second)))
	switch {
	case v.Verdict == "ok":
		return cell(verdictOK, age+" old", v.Detail)
	case v.Verdict == "too-old":
		return cell(severe(prod), age+" old", v.Detail)
	case v.Verdict == "none" && !prod:
		return cell("", "none")
	}
	return cell(severe(prod), v.Verdict, v.Detail)
}

// certificatesCell is cert:renew --check's verdicts: the first domain that
// needs attention, or the fewest days left.
func certificatesCell(checks []tasks.DomainCheck) healthCell {
	if len(checks) == 0 {
		return cell("", "none of its own")
	}
	verdict, summary, least, bad := verdictOK, "", -1, 0
	var detail []string
	for _, d := range checks {
		line := d.Domain + ": " + d.Verdict
		if d.DaysLeft != nil {
			line += fmt.Sprintf(", %d days left", *d.DaysLeft)
			if least < 0 || *d.DaysLeft < least {
				least = *d.DaysLeft
			}
		}
		if d.Detail != "" {
			line += ", " + d.Detail
		}
		detail = append(detail, line)
		if d.Attention {
			if bad == 0 {
				verdict, summary = verdictFail, d.Domain+" "+d.Verdict
			}
			bad++
		}
	}
	switch {
	case bad > 1:
		summary += fmt.Sprintf(" and %d more", bad-1)
	case bad == 0 && least >= 0:
		summary = fmt.Sprintf("%d days left", least)
	case bad == 0:
		summary = "ok"
	}
	return cell(verdict, summary, detail...)
}

// cronsCell is cron:check's verdict: how many need attention.
func cronsCell(r tasks.CronReport, prod bool) healthCell {
	var detail []string
	bad := 0
	for _, c := range r.Crons {
		detail = append(detail, c.Name+": "+c.Verdict+", "+c.Detail)
		if c.Attention {
			bad++
		}
	}
	switch {
	case len(r.Crons) == 0:
		return cell("", "none")
	case bad > 0:
		verb := "need"
		if bad == 1 {
			verb = "needs"
		}
		return healthCell{Verdict: verdictFail, Summary: fmt.Sprintf("%d of %d %s attention", bad, len(r.Crons), verb), Detail: detail}
	case r.Paused != "" && prod:
		return healthCell{Verdict: verdictFail, Summary: "paused", Detail: append([]string{r.Paused}, detail...)}
	case r.Paused != "":
		// The platform pauses a preview's crons 14 days after its last deploy.
		return healthCell{Verdict: verdictOK, Summary: "paused", Detail: append([]string{r.Paused}, detail...)}
	}
	summary := fmt.Sprintf("%d ok", len(r.Crons))
	for _, c := range r.Crons {
		if c.Verdict != "ok" && c.Verdict != "running" {
			// Not due in the window, removed, unread: none needs attention,
			// but "ok" would say more than the runs do.
			summary = fmt.Sprintf("%d crons, none needs attention", len(r.Crons))
		}
	}
	return healthCell{Verdict: verdictOK, Summary: summary, Detail: detail}
}

// activitiesCell: work waiting is a warning after 5 minutes and a failure
// after 30; work other than a cron running for over an hour is stuck.
func activitiesCell(f *tasks.Facts) healthCell {
	c := cell(verdictOK, "none waiting")
	var detail []string
	for _, a := range f.Unfinished {
		since, err := time.Parse(time.RFC3339, a.StartedAt)
		if a.State == "pending" || err != nil {
			since, _ = time.Parse(time.RFC3339, a.CreatedAt)
		}
		age := f.Now.Sub(since)
		v := verdictOK
		switch {
		case a.State == "pending" && age > 30*time.Minute:
			v = verdictFail
		case a.State == "pending" && age > 5*time.Minute:
			v = verdictWarn
		case a.State == "in_progress" && a.Type != "environment.cron" && age > time.Hour:
			v = verdictWarn
		}
		c.Verdict = worse(c.Verdict, v)
		detail = append(detail, termsafe.String(a.Type+" "+a.ID+" "+a.State+" for "+roundAge(age)))
	}
	if len(f.Unfinished) > 0 {
		c.Summary = fmt.Sprintf("%d unfinished", len(f.Unfinished))
		c.Detail = detail
	}
	return c
}
