package healthpage

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRowVerdict(t *testing.T) {
	for _, tc := range []struct {
		name string
		row  Row
		want string
	}{
		{"every cell ok", Row{Cells: []Cell{{Verdict: OK}, {Verdict: OK}}}, OK},
		{"a warn among oks", Row{Cells: []Cell{{Verdict: OK}, {Verdict: Warn}, {}}}, Warn},
		{"fail beats warn", Row{Cells: []Cell{{Verdict: Warn}, {Verdict: Fail}, {Verdict: OK}}}, Fail},
		{"not applicable counts for nothing", Row{Cells: []Cell{{}, {Verdict: OK}, {}}}, OK},
		{"nothing applies", Row{Cells: []Cell{{}, {}}}, None},
		{"no cells", Row{}, None},
		{"unreadable", Row{Error: "timeout", Cells: []Cell{{Verdict: OK}}}, Fail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.row.Verdict())
		})
	}
}

func TestSortedLeavesTheCallersRows(t *testing.T) {
	p, order := fixture()
	before := append([]Row(nil), p.Rows...)
	got := Sorted(p.Rows)
	assert.Equal(t, before, p.Rows)
	for i, r := range got {
		assert.Equal(t, order[i], [2]string{r.Project, r.Environment})
	}
	none := Row{Project: "a", Environment: "x", Cells: []Cell{{}}}
	got = Sorted([]Row{none, {Project: "z", Cells: []Cell{{Verdict: OK}}}})
	assert.Equal(t, "z", got[0].Project, "an environment with nothing checked sorts after ok")
}

func TestRenderRefusesAnInconsistentPage(t *testing.T) {
	made := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	two := []string{"status", "backups"}
	for _, tc := range []struct {
		name string
		page Page
		want string
	}{
		{"no time", Page{Concerns: two}, "no time made"},
		{"too few cells", Page{Made: made, Concerns: two, Rows: []Row{{Project: "p", Environment: "e", Cells: []Cell{{}}}}}, "p/e has 1 cells for 2 concerns"},
		{"too many cells", Page{Made: made, Concerns: two, Rows: []Row{{Project: "p", Environment: "e", Error: "x", Cells: []Cell{{}, {}, {}}}}}, "3 cells for 2 concerns"},
		{"unknown verdict", Page{Made: made, Concerns: two, Rows: []Row{{Project: "p", Environment: "e", Cells: []Cell{{Verdict: "OK"}, {}}}}}, `unknown verdict "OK"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			err := Render(&b, tc.page)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Zero(t, b.Len(), "nothing half written")
		})
	}
	var b bytes.Buffer
	require.NoError(t, Render(&b, Page{Made: made, Concerns: two, Rows: []Row{{Project: "p", Environment: "e", Error: "gone"}}}),
		"an unreadable environment needs no cells")
}
