package healthpage

import (
	"strings"
	"time"
)

// The hostile strings a platform (or a person naming a branch) could send.
const (
	hostileProject = `<script>alert("p")</script>`
	hostileEnv     = `"><img src=x onerror=alert(1)>`
	hostileSummary = "\x1b[31mred\x1b[0m \u202eevil"
	hostileDetail  = `</td></tr></table><a href="https://example.invalid/">x</a>`
)

// concerns are the health command's columns.
var concerns = []string{"status", "backups", "certificates", "crons", "activities"}

// fixture is a small fleet in no particular order: one environment of each
// kind a page must show, and the order Render must put them in.
func fixture() (Page, [][2]string) {
	made := time.Date(2026, 12, 4, 21, 7, 48, 0, time.FixedZone("CET", 3600))
	ok := Cell{Verdict: OK, Summary: "fine"}
	p := Page{
		Made:     made,
		Title:    "pshcron health: 4 projects, 6 environments",
		Concerns: concerns,
		Rows: []Row{
			{Project: "shop", Environment: "main", Type: "production", Cells: []Cell{
				{Verdict: OK, Summary: "active"}, {Verdict: OK, Summary: "3h old"},
				{Verdict: OK, Summary: "61 days left", Detail: []string{"shop.example.com: 61 days"}}, ok, ok}},
			{Project: "blog", Environment: "staging", Type: "staging", Cells: []Cell{
				{Verdict: OK, Summary: "active"}, {Verdict: Warn, Summary: "30h old", Detail: []string{"newest: 2026-12-03 15:00 UTC"}},
				{}, {Verdict: OK, Summary: "2 crons"}, ok}},
			{Project: "shop", Environment: "feature-x", Type: "development", Error: "403 Forbidden: token lacks access"},
			{Project: "blog", Environment: "main", Type: "production", Cells: []Cell{
				{Verdict: OK, Summary: "active"}, ok, {Verdict: Warn, Summary: "9 days left"},
				{Verdict: Fail, Summary: "2 of 5 failing", Detail: []string{"report: failed 2026-12-04 03:00", "mail: late 2h", "a", "b", "c"}}, ok}},
			{Project: hostileProject, Environment: hostileEnv, Type: "", Cells: []Cell{
				{Verdict: OK, Summary: hostileSummary}, {Verdict: Warn, Summary: "1 pending", Detail: []string{hostileDetail}}, {}, {}, {}}},
			{Project: "api", Environment: "dev", Type: "development", Cells: []Cell{
				{Verdict: OK, Summary: "paused"}, {}, {}, {Verdict: OK, Summary: "crons paused"}, {}}},
		},
	}
	order := [][2]string{
		{"blog", "main"}, {"shop", "feature-x"}, // fail
		{hostileProject, hostileEnv}, {"blog", "staging"}, // warn: "<" sorts before letters
		{"api", "dev"}, {"shop", "main"}, // ok
	}
	return p, order
}

// render renders p, failing on an error.
func render(p Page) (string, error) {
	var b strings.Builder
	err := Render(&b, p)
	return b.String(), err
}
