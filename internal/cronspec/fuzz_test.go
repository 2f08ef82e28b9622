package cronspec

import (
	"testing"
	"time"
)

// FuzzParse: Parse never panics, and a spec it takes always has a next
// start, after the time given, and a gap.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{"*/15 * * * *", "H H * * 0", "0 0 29 2 *", "H(0-29)/7 H(1-5) H H(2-3) H(1-5)",
		"0-10/5,30 9-17/4 10-12 jan,JUL,dec mon-wed,fri", "@weekly", "0 0 */30 2 1", "59 23 31 12 7", "H/7 H/5 H/3 H/2 H/2"} {
		f.Add(seed)
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		f.Fatal(err)
	}
	froms := []time.Time{
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 10, 25, 2, 30, 0, 0, paris),
		time.Date(2096, 2, 29, 23, 59, 59, 0, paris),
	}
	f.Fuzz(func(t *testing.T, spec string) {
		s, err := Parse(spec)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("Parse(%q): an empty error", spec)
			}
			return
		}
		for _, from := range froms {
			if next := s.Next(from); !next.After(from) {
				t.Fatalf("%q.Next(%s) = %s, not after", spec, from, next)
			}
			if g := s.MaxGap(from); g <= 0 {
				t.Fatalf("%q.MaxGap(%s) = %s", spec, from, g)
			}
		}
		if s.Describe() == "" {
			t.Fatalf("%q.Describe() is empty", spec)
		}
	})
}
