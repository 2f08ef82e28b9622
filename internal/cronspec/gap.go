package cronspec

import (
	"math/bits"
	"time"
)

// MinInterval is the shortest time the platform leaves between two starts
// of a cron on Upsun and on Platform.sh's Professional plans (1 minute on
// Elite and Enterprise). A spec that asks for more (* * * * *) runs no more
// often than that there, so a caller judging lateness takes
// max(MaxGap, MinInterval) where the plan is not known.
const MinInterval = 5 * time.Minute

// MaxOffset is the longest the platform delays a start past its time: a
// random offset of up to 20 minutes or the cron's period, whichever is
// smaller (the docs' "cron job timing").
func MaxOffset(period time.Duration) time.Duration {
	return max(0, min(period, 20*time.Minute))
}

// MaxGap is the longest time between two consecutive starts, in from's
// location, over the starts from from's day on for a horizon long enough
// for the spec's pattern to repeat (the next day when every day matches, a
// week when only weekdays are named, a year otherwise), up to the first
// start past it. It steps by days, not minutes, so it is as fast for
// * * * * * as for a monthly spec. It is 0 only for a spec Parse refuses.
//
// An H only shifts the phase of the starts, not the gaps between them,
// with two exceptions, where MaxGap takes the largest gap any value of the
// H gives: a step that does not divide its range (H/7 in the minute: the
// gap across the hour is 4 minutes at :00,:07..:56 but 11 at
// :04,:11..:53), and an H in one day field while the other is restricted
// too, where a day matches either (H H 1 * H). Across a backward clock
// change a gap is an hour longer (see the package doc).
func (s *Schedule) MaxGap(from time.Time) time.Duration {
	g := s.maxGap(from)
	for _, v := range s.variants() {
		g = max(g, v.maxGap(from))
	}
	return g
}

func (s *Schedule) maxGap(from time.Time) time.Duration {
	loc := from.Location()
	y, m, d := from.Date()
	start := daysFromCivil(y, int(m), d)
	end := start + s.horizonDays()
	first, _ := s.minuteOfDay(0)
	last := (63-bits.LeadingZeros64(s.hour))*60 + 63 - bits.LeadingZeros64(s.minute)
	intra := s.intraDayGap()
	var g time.Duration
	// The last gap read is the one that ends past the horizon: a spec
	// that fires once in years (February 29) still has one.
	for day, ok := s.nextDay(start); ok; {
		if intra > 0 {
			g = max(g, s.dayGap(day, first, last, intra, loc))
		}
		next, more := s.nextDay(day + 1)
		if !more {
			break
		}
		g = max(g, toInstant(wall{next, first}, loc).Sub(toInstant(wall{day, last}, loc)))
		if next > end {
			break
		}
		day = next
	}
	return g
}

// horizonDays is how many days after from's the gaps are read: the
// spec's pattern repeats daily, weekly, or (with days of the month or
// months) no more often than yearly.
func (s *Schedule) horizonDays() int {
	if s.month != fullMask(1, 12) || s.dom != fullMask(1, 31) {
		return 366
	}
	if s.dow != fullMask(0, 6) {
		return 7
	}
	return 1
}

// intraDayGap is the longest wall-clock gap, in minutes, between two
// starts of one day; 0 when a day has one start.
func (s *Schedule) intraDayGap() int {
	lo, _ := nextBit(s.minute, 0)
	hi := 63 - bits.LeadingZeros64(s.minute)
	g := 0
	prev := lo
	for v, ok := nextBit(s.minute, lo+1); ok; v, ok = nextBit(s.minute, v+1) {
		g = max(g, v-prev)
		prev = v
	}
	h, _ := nextBit(s.hour, 0)
	for v, ok := nextBit(s.hour, h+1); ok; v, ok = nextBit(s.hour, v+1) {
		g = max(g, (v-h)*60-(hi-lo))
		h = v
	}
	return g
}

// dayGap is the longest gap between a day's starts: the wall-clock one,
// and when the clocks change between its first and last start, the gaps
// walked around the change (only those can differ: by the change, at
// most a few hours).
func (s *Schedule) dayGap(day, first, last, intra int, loc *time.Location) time.Duration {
	wallGap := time.Duration(intra) * time.Minute
	a, b := toInstant(wall{day, first}, loc), toInstant(wall{day, last}, loc)
	if b.Sub(a) == time.Duration(last-first)*time.Minute {
		return wallGap
	}
	_, change := a.ZoneBounds()
	reach := wallGap + 3*time.Hour
	from, until := change.Add(-reach), change.Add(reach)
	if change.IsZero() || from.Before(a) {
		from = a
	}
	if change.IsZero() || until.After(b) {
		until = b
	}
	g := wallGap
	t := s.Next(from.Add(-time.Nanosecond))
	for n := 0; t.Before(until) && n < 24*60; n++ {
		next := s.Next(t)
		if next.IsZero() {
			break
		}
		g, t = max(g, next.Sub(t)), next
	}
	return g
}
