package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/internal/termsafe"
	"github.com/pshcron/pshcron/tasks"
)

// cronCheckOptions are cron:check's: the window of runs to read.
type cronCheckOptions struct {
	Settings
	windowOption
}

// cronCheck is cron:check: each cron of the environments named, from the
// platform's own records (the current deployment's crons and the
// environment.cron activities of the window), judged; exit 1 when one needs
// attention. It works from CI and needs nothing changed in the app.
func (p *program) cronCheck(ctx context.Context, s *cronCheckOptions) error {
	reports, err := survey(ctx, p, &s.Settings, func(ctx context.Context, c *tasks.Client, at surveyTarget) (tasks.CronReport, error) {
		facts, err := c.ReadFacts(ctx, at.Target, at.env, s.Window)
		if err != nil {
			return tasks.CronReport{}, err
		}
		chk := facts.CronCheck()
		chk.Schedule, chk.Where = cronSchedule, at.where
		return chk.Judge(), nil
	})
	if err != nil {
		if s.Format == "json" {
			p.holdJSON(cronCheckDocument(nil)) // the error goes inside the one document
		}
		return err
	}
	for i := range reports {
		escapeCronReport(&reports[i].report)
	}
	switch {
	case s.Format == "json":
		p.holdJSON(cronCheckDocument(reports))
	case len(reports) == 1 && reports[0].skipped != "":
		return nil // the guard's skip: logged, no table
	default:
		if err := p.printCronTable(reports); err != nil {
			return err
		}
		p.logAttention(reports)
	}
	return surveyErr(reports, func(r tasks.CronReport) error {
		if r.Verdict == "ok" {
			return nil
		}
		return newCronCheckError(r)
	})
}

// logAttention logs each cron that needs attention with its hint, when
// there are several: the error line shows the first one's alone.
func (p *program) logAttention(reports []surveyed[tasks.CronReport]) {
	var bad []tasks.CronStatus
	var where []api.Target
	for _, r := range reports {
		for _, c := range r.report.Crons {
			if c.Attention {
				bad, where = append(bad, c), append(where, r.target)
			}
		}
	}
	if len(bad) < 2 {
		return
	}
	for i, c := range bad {
		p.log.Warn().Str("project", where[i].Project).Str("environment", where[i].Environment).Str("cron", c.Name).
			Str("verdict", c.Verdict).Str("hint", c.Hint).Msg("cron needs attention: " + c.Name + " (" + c.Verdict + ")")
	}
}

// escapeCronReport escapes what the platform named: cron names, specs and
// the details built on them, before a terminal or a document sees them.
func escapeCronReport(r *tasks.CronReport) {
	safe := termsafe.String
	for i := range r.Crons {
		c := &r.Crons[i]
		c.App, c.Name, c.Spec, c.Detail, c.Hint = safe(c.App), safe(c.Name), safe(c.Spec), safe(c.Detail), safe(c.Hint)
	}
}

// printCronTable writes a line a cron, the environment first when several
// were read; a target skipped or unread gets one line saying so.
func (p *program) printCronTable(reports []surveyed[tasks.CronReport]) error {
	tw := tabwriter.NewWriter(p.stdout, 0, 4, 2, ' ', 0)
	several := len(reports) > 1
	head := "APP\tCRON\tSCHEDULE\tRUNS\tFAILED\tLAST START (UTC)\tTOOK\tVERDICT\tACTIVITY\tDETAIL"
	if several {
		head = "ENVIRONMENT\t" + head
	}
	fmt.Fprintln(tw, head)
	for _, r := range reports {
		where := ""
		if several {
			where = targetName(r.target, reports) + "\t"
		}
		switch {
		case r.err != nil:
			fmt.Fprintf(tw, "%s-\t-\t-\t-\t-\t-\t-\tunread\t-\t%s\n", where, oneLine(r.err.Error()))
			continue
		case r.skipped != "":
			fmt.Fprintf(tw, "%s-\t-\t-\t-\t-\t-\t-\tskipped\t-\t%s\n", where, r.skipped)
			continue
		case len(r.report.Crons) == 0:
			fmt.Fprintf(tw, "%s-\t-\t-\t-\t-\t-\t-\tok\t-\tno cron in the deployment, none ran in the last %s\n", where, shortDuration(time.Since(r.report.Since).Round(time.Hour)))
		}
		for _, c := range r.report.Crons {
			fmt.Fprintln(tw, where+cronRow(c))
		}
	}
	return tw.Flush()
}

// cronRow is one cron's columns.
func cronRow(c tasks.CronStatus) string {
	dash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	schedule := c.Schedule
	if schedule == "" {
		schedule = c.Spec
	}
	start, took, activity := "-", "-", "-"
	if c.Last != nil {
		start, activity = c.Last.StartedAt.UTC().Format("2006-01-02 15:04"), c.Last.Activity
		took = roundAge(time.Duration(c.Last.Seconds) * time.Second)
	}
	verdict := c.Verdict
	if c.Attention {
		verdict = strings.ToUpper(verdict)
	}
	return strings.Join([]string{dash(c.App), c.Name, dash(schedule), strconv.Itoa(c.Runs), strconv.Itoa(c.Failures),
		start, took, verdict, activity, c.Detail}, "\t")
}

// targetName is project:environment when the reports span several
// projects, else the environment.
func targetName[R any](t api.Target, reports []surveyed[R]) string {
	for _, r := range reports {
		if r.target.Project != t.Project {
			return t.Project + ":" + t.Environment
		}
	}
	return t.Environment
}
