package cronspec

import (
	"testing"
	"time"
)

func mustParse(t testing.TB, spec string) *Schedule {
	t.Helper()
	s, err := Parse(spec)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// at reads "2006-01-02 15:04" (seconds optional) in a location.
func at(t testing.TB, loc *time.Location, text string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04:05", text, loc)
	if err != nil {
		v, err = time.ParseInLocation("2006-01-02 15:04", text, loc)
	}
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestNext(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ spec, after, want string }{
		{"*/15 * * * *", "2026-01-01 00:00", "2026-01-01 00:15"},
		{"*/15 * * * *", "2026-01-01 00:14:59", "2026-01-01 00:15"},
		{"0 3 * * *", "2026-01-01 03:00:30", "2026-01-02 03:00"}, // strictly after, by the minute
		// Month and year ends.
		{"0 0 * * *", "2026-01-31 12:00", "2026-02-01 00:00"},
		{"0 0 31 * *", "2026-01-31 00:00", "2026-03-31 00:00"},
		{"59 23 31 12 *", "2026-06-01 00:00", "2026-12-31 23:59"},
		{"0 0 1 1 *", "2026-12-31 23:59", "2027-01-01 00:00"},
		// Leap years, and 2100, which is not one.
		{"0 0 * * *", "2028-02-28 01:00", "2028-02-29 00:00"},
		{"0 0 * * *", "2027-02-28 01:00", "2027-03-01 00:00"},
		{"0 0 29 2 *", "2026-01-01 00:00", "2028-02-29 00:00"},
		{"0 0 29 2 *", "2096-03-01 00:00", "2104-02-29 00:00"},
		// Sunday as 0, 7 and sun; 2026-01-01 is a Thursday.
		{"0 9 * * 0", "2026-01-01 00:00", "2026-01-04 09:00"},
		{"0 9 * * 7", "2026-01-01 00:00", "2026-01-04 09:00"},
		{"0 9 * * SUN", "2026-01-01 00:00", "2026-01-04 09:00"},
		{"0 9 * * fri-sun", "2026-01-02 10:00", "2026-01-03 09:00"},
		{"0 9 * * 1-5", "2026-01-02 10:00", "2026-01-05 09:00"},
		// Both day fields: either matches; "*/n" counts as unrestricted.
		{"0 0 13 * fri", "2026-01-01 00:00", "2026-01-02 00:00"},
		{"0 0 13 * fri", "2026-01-10 00:00", "2026-01-13 00:00"},
		{"0 0 */2 * mon", "2026-01-01 00:00", "2026-01-05 00:00"},
		// H at the lowest value of its range.
		{"H * * * *", "2026-01-01 00:30", "2026-01-01 01:00"},
		{"H(10-20) H(3-5) * * *", "2026-01-01 00:00", "2026-01-01 03:10"},
		{"H(5-50)/20 * * * *", "2026-01-01 00:06", "2026-01-01 00:25"},
		{"H/15 * * * *", "2026-01-01 00:50", "2026-01-01 01:00"},
		{"H H H * *", "2026-01-02 00:00", "2026-02-01 00:00"},
		{"H H * * H(1-5)", "2026-01-03 00:00", "2026-01-05 00:00"},
		{"@monthly", "2026-01-02 00:00", "2026-02-01 00:00"},
	} {
		got := mustParse(t, c.spec).Next(at(t, time.UTC, c.after))
		if want := at(t, time.UTC, c.want); !got.Equal(want) {
			t.Errorf("%q.Next(%s) = %s, want %s", c.spec, c.after, got, want)
		}
	}
}

// The spec is read in the caller's location; a minute the clocks skip
// starts at the change, a repeated one at its first occurrence.
func TestNextDST(t *testing.T) {
	t.Parallel()
	paris, ny := mustZone(t, "Europe/Paris"), mustZone(t, "America/New_York")
	for _, c := range []struct {
		loc              *time.Location
		spec, after, utc string
	}{
		{paris, "0 3 * * *", "2026-01-01 00:00", "2026-01-01 02:00"},
		{paris, "0 3 * * *", "2026-07-01 00:00", "2026-07-01 01:00"},
		// 2026-03-29 02:00 CET becomes 03:00 CEST.
		{paris, "30 2 * * *", "2026-03-29 00:00", "2026-03-29 01:00"},
		{paris, "30 2 * * *", "2026-03-29 03:00", "2026-03-30 00:30"},
		{paris, "*/20 * * * *", "2026-03-29 01:50", "2026-03-29 01:00"},
		// 2026-10-25 03:00 CEST becomes 02:00 CET: 02:xx comes twice.
		{paris, "30 2 * * *", "2026-10-25 00:00", "2026-10-25 00:30"},
		{paris, "30 2 * * *", "2026-10-25 02:45", "2026-10-26 01:30"},
		{ny, "0 2 * * *", "2026-03-08 00:00", "2026-03-08 07:00"},
		{ny, "0 1 * * *", "2026-11-01 00:30", "2026-11-01 05:00"},
	} {
		after := at(t, c.loc, c.after)
		got := mustParse(t, c.spec).Next(after)
		if want := at(t, time.UTC, c.utc); !got.Equal(want) {
			t.Errorf("%q.Next(%s %s) = %s (%s), want %s UTC", c.spec, c.after, c.loc, got, got.UTC(), c.utc)
		}
		if got.Location() != c.loc {
			t.Errorf("%q.Next in %s: location %s", c.spec, c.loc, got.Location())
		}
	}
}

// Starts through a backward change come once each, in order.
func TestNextThroughBackwardChange(t *testing.T) {
	t.Parallel()
	paris := mustZone(t, "Europe/Paris")
	s := mustParse(t, "*/20 * * * *")
	var got []string
	for x, i := at(t, paris, "2026-10-25 01:30"), 0; i < 6; i++ {
		x = s.Next(x)
		got = append(got, x.UTC().Format("15:04"))
	}
	want := "[23:40 00:00 00:20 00:40 02:00 02:20]"
	if g := fmtList(got); g != want {
		t.Errorf("starts (UTC) = %s, want %s", g, want)
	}
	// From inside the second 02:xx, the next start is 03:00 CET.
	second := time.Date(2026, 10, 25, 1, 10, 0, 0, time.UTC).In(paris)
	if n := s.Next(second); !n.Equal(time.Date(2026, 10, 25, 2, 0, 0, 0, time.UTC)) {
		t.Errorf("Next(%s) = %s", second, n)
	}
}

func fmtList(xs []string) string {
	out := "["
	for i, x := range xs {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out + "]"
}
