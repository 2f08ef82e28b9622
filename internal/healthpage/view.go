package healthpage

import (
	"time"

	"github.com/pshcron/pshcron/internal/termsafe"
)

// foldAfter is how many detail lines a cell shows open; more are folded
// into a <details> element so that one long cell does not stretch its row.
const foldAfter = 3

// view is the page as the template reads it: every string from the
// network passed through termsafe, every verdict turned into its words.
type view struct {
	Title    string
	Made     string // "2026-12-04 20:07:48 UTC"
	MadeISO  string // the <time datetime> attribute
	Counts   []count
	Total    int
	Concerns []string
	Rows     []viewRow
	Width    int // the table's columns: project, environment, verdict, the concerns
}

// count is one part of the summary line: "2 fail".
type count struct {
	Class, Label string
	N            int
}

type viewRow struct {
	Project, Environment, Type, Error string
	Look                              verdictLook
	Cells                             []viewCell
}

type viewCell struct {
	Look    verdictLook
	Summary string
	Detail  []string
	Fold    bool
}

// verdictLook is how a verdict is shown: a class for the colour, and a word
// and a symbol so that it never rests on colour alone.
type verdictLook struct {
	Class, Word, Symbol, Label string
}

var looks = map[string]verdictLook{
	Fail: {Class: "fail", Word: "FAIL", Symbol: "✗", Label: "fail"},
	Warn: {Class: "warn", Word: "WARN", Symbol: "▲", Label: "warn"},
	OK:   {Class: "ok", Word: "OK", Symbol: "✓", Label: "ok"},
	None: {Class: "na", Word: "", Symbol: "–", Label: "not applicable"},
}

func newView(p Page) view {
	v := view{
		Title:   termsafe.String(p.Title),
		Made:    p.Made.UTC().Format("2006-01-02 15:04:05 UTC"),
		MadeISO: p.Made.UTC().Format(time.RFC3339),
		Total:   len(p.Rows),
		Width:   3 + len(p.Concerns),
	}
	if v.Title == "" {
		v.Title = "pshcron health"
	}
	for _, c := range p.Concerns {
		v.Concerns = append(v.Concerns, termsafe.String(c))
	}
	n := map[string]int{}
	for _, r := range Sorted(p.Rows) {
		n[r.Verdict()]++
		v.Rows = append(v.Rows, newViewRow(r))
	}
	v.Counts = []count{{"fail", "fail", n[Fail]}, {"warn", "warn", n[Warn]}, {"ok", "ok", n[OK]}}
	if n[None] > 0 {
		v.Counts = append(v.Counts, count{"na", "not checked", n[None]})
	}
	return v
}

// newViewRow cleans one row. A row that could not be read keeps no cells:
// the template shows its error across the concerns' columns instead.
func newViewRow(r Row) viewRow {
	vr := viewRow{
		Project:     termsafe.String(r.Project),
		Environment: termsafe.String(r.Environment),
		Type:        termsafe.String(r.Type),
		Error:       termsafe.String(r.Error),
		Look:        looks[r.Verdict()],
	}
	if r.Error != "" {
		return vr
	}
	for _, c := range r.Cells {
		vc := viewCell{Look: looks[c.Verdict], Summary: termsafe.String(c.Summary), Fold: len(c.Detail) > foldAfter}
		for _, d := range c.Detail {
			vc.Detail = append(vc.Detail, termsafe.String(d))
		}
		vr.Cells = append(vr.Cells, vc)
	}
	return vr
}
