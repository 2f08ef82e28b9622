package cronspec

import (
	"testing"
	"time"
)

const day = 24 * time.Hour

func TestMaxGap(t *testing.T) {
	t.Parallel()
	paris := mustZone(t, "Europe/Paris")
	for _, c := range []struct {
		spec string
		loc  *time.Location
		from string
		want time.Duration
	}{
		{"*/15 * * * *", time.UTC, "2026-01-01 00:00", 15 * time.Minute},
		{"* * * * *", time.UTC, "2026-01-01 00:00", time.Minute},
		{"0 3 * * *", time.UTC, "2026-01-01 00:00", day},
		{"H H * * 0", time.UTC, "2026-01-01 00:00", 7 * day},
		{"H H * * *", time.UTC, "2026-01-01 00:00", day},
		{"0 9 * * 1-5", time.UTC, "2026-01-01 00:00", 3 * day}, // Friday to Monday
		{"0 */5 * * *", time.UTC, "2026-01-01 00:00", 5 * time.Hour},
		{"*/7 * * * *", time.UTC, "2026-01-01 00:00", 7 * time.Minute},
		{"0 9,17 * * *", time.UTC, "2026-01-01 00:00", 16 * time.Hour},
		// The 15th to the 1st of a month of 31 days; February only has 14.
		{"0 0 1,15 * *", time.UTC, "2026-01-01 00:00", 17 * day},
		{"0 0 1,15 * *", time.UTC, "2026-02-01 00:00", 17 * day},
		{"0 10 1,15 * *", time.UTC, "2026-01-01 00:00", 17 * day},
		{"0 0 1 * *", time.UTC, "2026-01-01 00:00", 31 * day},
		{"@monthly", time.UTC, "2026-01-01 00:00", 31 * day},
		{"0 0 1 1 *", time.UTC, "2026-01-01 00:00", 365 * day},
		{"0 0 1 1 *", time.UTC, "2027-06-01 00:00", 366 * day},
		{"0 0 29 2 *", time.UTC, "2026-01-01 00:00", 1461 * day},
		{"0 0 31 * *", time.UTC, "2026-01-01 00:00", 61 * day}, // Aug 31 to Oct 31
		// Across the backward change (Paris, 2026-10-25) a gap grows by an
		// hour; across the forward one (2026-03-29) it shrinks.
		{"0 3 * * *", paris, "2026-10-24 00:00", 25 * time.Hour},
		{"0 3 * * *", paris, "2026-03-28 00:00", day},
		{"0 10 1,15 * *", paris, "2026-01-01 00:00", 17*day + time.Hour},
		{"*/20 * * * *", paris, "2026-10-25 00:00", 80 * time.Minute},
		{"*/20 * * * *", paris, "2026-03-29 00:00", 20 * time.Minute},
		{"H H * * 0", paris, "2026-01-01 00:00", 7 * day},
		{"H H * * 0", paris, "2026-10-20 00:00", 7*day + time.Hour},
		// Where an H's value changes the gaps, the largest: H/7 at :04 has
		// 11 minutes from :53 to :04 (4 at :00); H/5 in the hour at
		// 04,09,14,19 has 8h02m from 19:58 to 04:00 (4h02m at 00,05,..20),
		// while every phase of H/2 in the minute spans 58 minutes.
		{"H/7 * * * *", time.UTC, "2026-01-01 00:00", 11 * time.Minute},
		{"H/2 H/5 * * *", time.UTC, "2026-01-01 00:00", 8*time.Hour + 2*time.Minute},
		{"H(0-29)/20 * * * *", time.UTC, "2026-01-01 00:00", 60 * time.Minute},
		{"H H 1 * H", time.UTC, "2026-01-01 00:00", 7 * day},
		{"H H 1,15 * H(1-2)", time.UTC, "2026-01-01 00:00", 7 * day},
	} {
		got := mustParse(t, c.spec).MaxGap(at(t, c.loc, c.from))
		if got != c.want {
			t.Errorf("%q.MaxGap(%s %s) = %s, want %s", c.spec, c.from, c.loc, got, c.want)
		}
	}
}

// MaxGap steps by days; walking every start with Next from the same day
// over the same horizon must give the same answer.
func TestMaxGapMatchesWalk(t *testing.T) {
	t.Parallel()
	zones := []*time.Location{time.UTC, mustZone(t, "Europe/Paris"), mustZone(t, "America/New_York"), mustZone(t, "Australia/Lord_Howe")}
	specs := []string{"*/15 * * * *", "30 2 * * *", "0,30 1-3 * * *", "0 0 1,15 * *", "0 10 1,15 * *", "45 23 * * 6",
		"5 4 * * sun", "0 0 13 * fri", "*/30 2 */2 * *", "0 9-17 * * 1-5", "17 */3 * 3,10,11 *", "0 0 * 4 *"}
	froms := []string{"2026-01-01 00:00", "2026-03-28 12:00", "2026-10-24 12:00", "2026-11-01 00:00", "2026-04-04 00:00"}
	for _, loc := range zones {
		for _, spec := range specs {
			s := mustParse(t, spec)
			for _, f := range froms {
				from := at(t, loc, f)
				if got, want := s.MaxGap(from), walkGap(s, from); got != want {
					t.Errorf("%q.MaxGap(%s %s) = %s, walking the starts gives %s", spec, f, loc, got, want)
				}
			}
		}
	}
}

// walkGap is MaxGap the slow way: every start from from's day until the
// first start past the horizon.
func walkGap(s *Schedule, from time.Time) time.Duration {
	y, m, d := from.Date()
	start := daysFromCivil(y, int(m), d)
	end := start + s.horizonDays()
	y, mm, dd := civilFromDays(start)
	t := s.Next(time.Date(y, time.Month(mm), dd, 0, 0, 0, 0, from.Location()).Add(-time.Nanosecond))
	var g time.Duration
	for {
		n := s.Next(t)
		g = max(g, n.Sub(t))
		if wallOf(n).day > end {
			return g
		}
		t = n
	}
}

func TestMaxOffset(t *testing.T) {
	t.Parallel()
	for period, want := range map[time.Duration]time.Duration{
		5 * time.Minute: 5 * time.Minute, 20 * time.Minute: 20 * time.Minute, day: 20 * time.Minute, 0: 0, -time.Minute: 0,
	} {
		if got := MaxOffset(period); got != want {
			t.Errorf("MaxOffset(%s) = %s, want %s", period, got, want)
		}
	}
}

// MaxGap runs per cron per environment across a fleet of 200.
func BenchmarkMaxGap(b *testing.B) {
	paris := mustZone(b, "Europe/Paris")
	for _, spec := range []string{"* * * * *", "*/15 * * * *", "0 0 1 * *", "H H 1,15 * *", "H/7 * * * *"} {
		s := mustParse(b, spec)
		from := time.Date(2026, 5, 17, 13, 0, 0, 0, paris)
		b.Run(spec, func(b *testing.B) {
			for b.Loop() {
				s.MaxGap(from)
			}
		})
	}
}
