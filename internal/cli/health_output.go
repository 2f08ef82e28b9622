package cli

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/internal/healthpage"
)

// health's outputs: a table (a row an environment, the worst first), one
// JSON document, or one self-contained HTML page. An environment skipped by
// its guard is left out of the table and the page (the log says why) and
// listed as skipped in the document; one that could not be read is a
// failure in all three.

// healthRow is one environment as every output shows it.
type healthRow struct {
	Project     string `json:"project"`
	Environment string `json:"environment"`
	Skipped     string `json:"skipped,omitempty"`
	Error       string `json:"error,omitempty"`
	*healthReport
}

// verdict is the row's: the report's, fail when unread.
func (r healthRow) verdict() string {
	switch {
	case r.Error != "":
		return verdictFail
	case r.healthReport == nil:
		return ""
	}
	return r.Verdict
}

// healthRows are the reports as rows, the worst first, then by project
// and environment.
func healthRows(reports []surveyed[healthReport]) []healthRow {
	rows := make([]healthRow, 0, len(reports))
	for _, r := range reports {
		row := healthRow{Project: r.target.Project, Environment: r.target.Environment, Skipped: r.skipped}
		switch {
		case r.err != nil:
			row.Error = oneLine(r.err.Error())
		case r.skipped == "":
			rep := r.report
			row.healthReport = &rep
		}
		rows = append(rows, row)
	}
	slices.SortStableFunc(rows, func(a, b healthRow) int {
		return cmp.Or(cmp.Compare(healthpage.Rank(a.verdict()), healthpage.Rank(b.verdict())),
			cmp.Compare(a.Project, b.Project), cmp.Compare(a.Environment, b.Environment))
	})
	return rows
}

// healthDoc is health's JSON: when it was made, the counts, and every
// environment.
type healthDoc struct {
	MadeAt       time.Time      `json:"made_at"`
	Verdict      string         `json:"verdict"`
	Counts       map[string]int `json:"counts"`
	Environments []healthRow    `json:"environments"`
	failure
}

func healthDocument(reports []surveyed[healthReport], made time.Time) *healthDoc {
	doc := &healthDoc{MadeAt: made, Verdict: verdictOK, Counts: map[string]int{verdictFail: 0, verdictWarn: 0, verdictOK: 0, "skipped": 0},
		Environments: healthRows(reports)}
	for _, r := range doc.Environments {
		v := r.verdict()
		if v == "" {
			v = "skipped"
		}
		doc.Counts[v]++
		if v == verdictFail || v == verdictWarn {
			doc.Verdict = worse(doc.Verdict, v)
		}
	}
	return doc
}

// printHealthTable writes a row an environment: its verdict, then a cell
// a concern (verdict and summary).
func (p *program) printHealthTable(reports []surveyed[healthReport]) error {
	tw := tabwriter.NewWriter(p.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ENVIRONMENT\tTYPE\tVERDICT\t"+strings.ToUpper(strings.Join(healthConcerns, "\t")))
	for _, r := range healthRows(reports) {
		name := targetName(api.Target{Project: r.Project, Environment: r.Environment}, reports)
		switch {
		case r.Error != "":
			fmt.Fprintf(tw, "%s\t-\tFAIL\tunread: %s\n", name, r.Error)
			continue
		case r.healthReport == nil:
			continue // skipped: the log says why
		}
		cols := []string{name, dash(r.Type), strings.ToUpper(r.Verdict)}
		for _, c := range r.cells() {
			cols = append(cols, cellText(c))
		}
		fmt.Fprintln(tw, strings.Join(cols, "\t"))
	}
	return tw.Flush()
}

// cellText is a cell in a table: its verdict and summary.
func cellText(c healthCell) string {
	if c.Verdict == "" {
		return "- " + c.Summary
	}
	return c.Verdict + " " + c.Summary
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// renderHealthPage writes the HTML page.
func renderHealthPage(w io.Writer, reports []surveyed[healthReport], made time.Time) error {
	page := healthpage.Page{Made: made, Concerns: healthConcerns}
	projects := map[string]bool{}
	for _, r := range healthRows(reports) {
		projects[r.Project] = true
		row := healthpage.Row{Project: r.Project, Environment: r.Environment, Error: r.Error}
		if r.healthReport == nil && r.Error == "" {
			continue
		}
		if r.healthReport != nil {
			row.Type = r.Type
			for _, c := range r.cells() {
				row.Cells = append(row.Cells, healthpage.Cell{Verdict: c.Verdict, Summary: c.Summary, Detail: c.Detail})
			}
		}
		page.Rows = append(page.Rows, row)
	}
	page.Title = "pshcron health: " + plural(len(projects), "project") + ", " + plural(len(page.Rows), "environment")
	return healthpage.Render(w, page)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// unhealthyError is an environment that is not green.
type unhealthyError struct {
	report healthReport
	where  string
}

func (e *unhealthyError) needsAttention() {}

func (e *unhealthyError) Error() string {
	var bad []string
	for i, c := range e.report.cells() {
		if c.Verdict == verdictFail || c.Verdict == verdictWarn {
			bad = append(bad, healthConcerns[i]+" "+c.Verdict+" ("+c.Summary+")")
		}
	}
	return "not healthy: " + strings.Join(bad, ", ")
}

// Hint says where to look further.
func (e *unhealthyError) Hint() string {
	w := e.where
	return "each concern has its own check: pshcron backup:check" + w + ", pshcron cert:renew --check" + w + ", pshcron cron:check" + w +
		", pshcron activity:list" + w + " --incomplete"
}
