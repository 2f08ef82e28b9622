package cronspec

import (
	"math/bits"
	"time"
)

// A wall is a wall-clock minute: a civil day (days since 1970-01-01) and a
// minute of that day. The schedule is a set of walls; the location turns
// each into an instant (toInstant).
type wall struct{ day, min int }

// maxScanDays bounds the search for the next matching day. A valid spec
// fires within it: February 29 comes every 8 years at worst, and a day
// number on a given weekday (the "both" rule) within 40.
const maxScanDays = 50 * 366

// Next is the first start strictly after the given time, at minute
// resolution, in the time's location (the app's timezone), each H taken as
// the lowest value of its range. It returns the zero time only for a spec
// Parse would refuse.
func (s *Schedule) Next(after time.Time) time.Time {
	loc := after.Location()
	y, m, d := after.Date()
	h, mi, _ := after.Clock()
	w := wall{daysFromCivil(y, int(m), d), h*60 + mi}
	// In an hour the clocks repeat, a wall minute may start before after
	// (its first occurrence): step on until one starts later. Bounded by
	// the repeated hour's minutes.
	for range 2 * 24 * 60 {
		w = w.plus1()
		var ok bool
		if w, ok = s.wallNext(w); !ok {
			return time.Time{}
		}
		if t := toInstant(w, loc); t.After(after) {
			return t
		}
	}
	return time.Time{}
}

func (w wall) plus1() wall {
	if w.min++; w.min == 24*60 {
		return wall{w.day + 1, 0}
	}
	return w
}

// wallNext is the first wall minute at or after w the schedule names.
func (s *Schedule) wallNext(w wall) (wall, bool) {
	day, ok := s.nextDay(w.day)
	if !ok {
		return w, false
	}
	if day == w.day {
		if m, ok := s.minuteOfDay(w.min); ok {
			return wall{day, m}, true
		}
		if day, ok = s.nextDay(day + 1); !ok {
			return w, false
		}
	}
	m, _ := s.minuteOfDay(0)
	return wall{day, m}, true
}

// minuteOfDay is the first minute of a day at or after m the spec names.
func (s *Schedule) minuteOfDay(m int) (int, bool) {
	h, mi := m/60, m%60
	if s.hour&(1<<h) != 0 {
		if next, ok := nextBit(s.minute, mi); ok {
			return h*60 + next, true
		}
	}
	if next, ok := nextBit(s.hour, h+1); ok {
		first, _ := nextBit(s.minute, 0)
		return next*60 + first, true
	}
	return 0, false
}

// nextDay is the first civil day at or after day the spec's day fields and
// month name.
func (s *Schedule) nextDay(day int) (int, bool) {
	for end := day + maxScanDays; day < end; day++ {
		if s.dayMatches(day) {
			return day, true
		}
	}
	return 0, false
}

func (s *Schedule) dayMatches(day int) bool {
	_, m, d := civilFromDays(day)
	if s.month&(1<<m) == 0 {
		return false
	}
	dom := s.dom&(1<<d) != 0
	dow := s.dow&(1<<weekday(day)) != 0
	if s.domStar || s.dowStar {
		return dom && dow
	}
	return dom || dow
}

// nextBit is the lowest set bit of mask at or above from.
func nextBit(mask uint64, from int) (int, bool) {
	if from > 63 {
		return 0, false
	}
	rest := mask >> from << from
	if rest == 0 {
		return 0, false
	}
	return bits.TrailingZeros64(rest), true
}

// toInstant places a wall minute in a location. A minute the clocks skip
// (a forward change) starts at the change, as classic cron runs it; a
// minute they repeat (a backward change) starts at its first occurrence,
// once.
func toInstant(w wall, loc *time.Location) time.Time {
	y, m, d := civilFromDays(w.day)
	t := time.Date(y, time.Month(m), d, w.min/60, w.min%60, 0, 0, loc)
	start, end := t.ZoneBounds()
	if start.IsZero() && end.IsZero() {
		return t // a fixed zone, UTC first of all
	}
	if got := wallOf(t); got != w {
		// Skipped: time.Date moved it past the change, or before it
		// (which it does depends on the zone); start at the change.
		if got.day > w.day || got.day == w.day && got.min > w.min {
			return start
		}
		return end
	}
	_, off := t.Zone()
	_, before := start.Add(-time.Second).Zone()
	if before > off {
		alt := t.Add(-time.Duration(before-off) * time.Second)
		if alt.Before(start) && wallOf(alt) == w {
			return alt
		}
	}
	return t
}

// wallOf is the wall minute a time shows in its location.
func wallOf(t time.Time) wall {
	y, m, d := t.Date()
	return wall{daysFromCivil(y, int(m), d), t.Hour()*60 + t.Minute()}
}

// daysFromCivil is the number of days from 1970-01-01 to a proleptic
// Gregorian date (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is daysFromCivil's inverse.
func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = (mp+2)%12 + 1
	y = yoe + era*400
	if m <= 2 {
		y++
	}
	return y, m, d
}

func floorDiv(a, b int) int {
	if a < 0 {
		return (a - b + 1) / b
	}
	return a / b
}

// weekday of a civil day, 0 for Sunday (1970-01-01 was a Thursday).
func weekday(day int) int { return ((day+4)%7 + 7) % 7 }

// daysIn is the length of a month (m+1 = 13 is next January, which
// daysFromCivil takes).
func daysIn(y, m int) int {
	return daysFromCivil(y, m+1, 1) - daysFromCivil(y, m, 1)
}
