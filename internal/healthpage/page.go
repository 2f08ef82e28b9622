package healthpage

import (
	"bytes"
	"cmp"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"sync"
	"text/template"
	"time"
)

// Page is what the health command found, ready to render.
type Page struct {
	Made     time.Time // when the page was made (the platform's clock); shown in UTC
	Title    string    // e.g. "pshcron health: 3 projects, 12 environments"
	Concerns []string  // the column headers, in order: "status", "backups", ...
	Rows     []Row     // in any order: Render sorts them, the worst first
}

// Row is one environment.
type Row struct {
	Project, Environment string
	Type                 string // production, staging, development; "" when unknown
	// Error says why the environment could not be read at all; the row is
	// then a failure and its cells may be empty.
	Error string
	Cells []Cell // one per concern, in the order of Page.Concerns
}

// Cell is one concern of one environment.
type Cell struct {
	Verdict string   // "ok", "warn", "fail", or "" when the concern does not apply
	Summary string   // short: "3h old", "61 days left", "2 of 5 failing"
	Detail  []string // the lines behind it: a cron per line, a domain per line
}

// The verdicts, as Cell.Verdict and Row.Verdict spell them.
const (
	Fail = "fail"
	Warn = "warn"
	OK   = "ok"
	None = "" // not applicable, or nothing checked
)

// Rank orders verdicts, the worst first (fail 0, warn 1, ok 2, none 3); -1
// for a word that is none of them.
func Rank(v string) int {
	switch v {
	case Fail:
		return 0
	case Warn:
		return 1
	case OK:
		return 2
	case None:
		return 3
	}
	return -1
}

// Verdict is the worst of the row's cells (fail, then warn, then ok), fail
// when the environment could not be read, and "" when no cell applies.
func (r Row) Verdict() string {
	if r.Error != "" {
		return Fail
	}
	worst := None
	for _, c := range r.Cells {
		if Rank(c.Verdict) >= 0 && Rank(c.Verdict) < Rank(worst) {
			worst = c.Verdict
		}
	}
	return worst
}

// check refuses a page the template would show wrongly, so that a bug in
// the caller is an error rather than a page that misleads.
func check(p Page) error {
	if p.Made.IsZero() {
		return fmt.Errorf("healthpage: the page has no time made")
	}
	for _, r := range p.Rows {
		if r.Error == "" && len(r.Cells) != len(p.Concerns) {
			return fmt.Errorf("healthpage: %s/%s has %d cells for %d concerns", r.Project, r.Environment, len(r.Cells), len(p.Concerns))
		}
		if len(r.Cells) > len(p.Concerns) {
			return fmt.Errorf("healthpage: %s/%s has %d cells for %d concerns", r.Project, r.Environment, len(r.Cells), len(p.Concerns))
		}
		for _, c := range r.Cells {
			if Rank(c.Verdict) < 0 {
				return fmt.Errorf("healthpage: %s/%s: unknown verdict %q", r.Project, r.Environment, c.Verdict)
			}
		}
	}
	return nil
}

// Sorted returns a copy of rows, the worst first, then by project and
// environment; the caller's slice is left as it was.
func Sorted(rows []Row) []Row {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b Row) int {
		return cmp.Or(
			cmp.Compare(Rank(a.Verdict()), Rank(b.Verdict())),
			cmp.Compare(a.Project, b.Project),
			cmp.Compare(a.Environment, b.Environment),
		)
	})
	return out
}

//go:embed page.html.tmpl
var pageSource string

// pageTemplate is parsed on first use: a cron that never renders a page
// should not pay for it at every start. It is text/template, which the
// binary links anyway (urfave/cli's help), not html/template (0.22 MiB more):
// every value it writes goes through the html function, which
// TestEveryOutputIsEscaped holds the template to.
var pageTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Parse(pageSource))
})

// Render writes p as one HTML document. It writes nothing when p is not
// consistent (a cell count that does not match the concerns, an unknown
// verdict, no time made) or the template fails.
func Render(w io.Writer, p Page) error {
	if err := check(p); err != nil {
		return err
	}
	var b bytes.Buffer
	if err := pageTemplate().Execute(&b, newView(p)); err != nil {
		return fmt.Errorf("healthpage: %w", err)
	}
	_, err := b.WriteTo(w)
	return err
}
