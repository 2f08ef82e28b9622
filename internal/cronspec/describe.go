package cronspec

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"
)

// Describe is a short reading of the spec for a table column: "every 15m",
// "hourly at :30", "daily at 03:00", "daily at 03:H" (H: a minute the
// platform picks), "weekly on Sun at H:H", "on days 1,15 at 10:00". Where
// a plain reading would not be true it says less: "at most 5h apart".
func (s *Schedule) Describe() string {
	days := s.describeDays()
	starts := s.startsOfDay()
	times, clock := "at "+s.clock(starts[0]), true
	if len(starts) > 1 {
		times, clock = s.describeTimes(starts)
	}
	switch {
	case days == "" && clock:
		return "daily " + times
	case days == "":
		return times
	case clock:
		return days + " " + times
	}
	return times + " " + days
}

// startsOfDay are the minutes of a day with a start, in order.
func (s *Schedule) startsOfDay() []int {
	var out []int
	for m, ok := s.minuteOfDay(0); ok; m, ok = s.minuteOfDay(m + 1) {
		out = append(out, m)
	}
	return out
}

// describeTimes reads a day with several starts; clock when it names
// them ("at 09:00,17:00") rather than a period ("every 15m").
func (s *Schedule) describeTimes(times []int) (text string, clock bool) {
	if g, even := evenGap(times, 24*60); even {
		if g == 60 && bits.OnesCount64(s.minute) == 1 {
			return "hourly at :" + s.part(0, times[0]%60), false
		}
		if g == 1 {
			return "every minute", false
		}
		return "every " + duration(g), false
	}
	first, _ := nextBit(s.minute, 0)
	if g, even := evenGap(bitList(s.minute, first), 60); even && bits.OnesCount64(s.minute) > 1 {
		hours := list(s.hour, 0, nil)
		if s.stepped(1) {
			hours = s.fields[1].text // H(9-17) is one hour we can't know
		}
		return "every " + duration(g) + " in hours " + hours, false
	}
	if len(times) <= 3 && !s.hashed(0) && !s.hashed(1) {
		at := make([]string, len(times))
		for i, m := range times {
			at[i] = s.clock(m)
		}
		return "at " + strings.Join(at, ","), true
	}
	// Unsure: the longest gap, for any value of an H.
	g := cyclicGap(times)
	for _, v := range s.variants() {
		g = max(g, cyclicGap(v.startsOfDay()))
	}
	return "at most " + duration(g) + " apart", false
}

// cyclicGap is the longest gap between a day's starts, round midnight.
func cyclicGap(starts []int) int {
	g := 24*60 - starts[len(starts)-1] + starts[0]
	for i := 1; i < len(starts); i++ {
		g = max(g, starts[i]-starts[i-1])
	}
	return g
}

// describeDays reads the day fields and the month; "" for every day.
func (s *Schedule) describeDays() string {
	domAll := s.dom == fullMask(1, 31)
	dowAll := s.dow == fullMask(0, 6)
	both := s.domStar || s.dowStar // the day rule: both fields, or either
	allMonths := s.month == fullMask(1, 12)
	monthly := "monthly on day "
	if !allMonths {
		monthly = "on day "
	}
	var out string
	switch {
	case domAll && dowAll, !both && (domAll || dowAll):
		// every day
	case domAll:
		out = s.dayList(4, "weekly on ", "on ")
	case dowAll && bits.OnesCount64(s.month) == 1 && bits.OnesCount64(s.dom) == 1:
		if s.hashed(2) || s.hashed(3) {
			return "yearly"
		}
		return "yearly on " + s.fieldText(3) + " " + s.fieldText(2)
	case dowAll:
		out = s.dayList(2, monthly, "on days ")
	case both:
		out = s.dayList(2, "on day ", "on days ") + " if " + s.dayList(4, "", "")
	default:
		out = s.dayList(2, "on day ", "on days ") + " or " + s.dayList(4, "", "")
	}
	if !allMonths {
		out = strings.TrimSpace(out + " in " + s.fieldText(3))
	}
	return out
}

// dayList reads a day field: one value after one, several after many; a
// lone H, "weekly" or "monthly" alone.
func (s *Schedule) dayList(fi int, one, many string) string {
	f := s.fields[fi]
	if len(f.terms) == 1 && f.terms[0].hash && f.terms[0].step == 0 {
		if period, _, ok := strings.Cut(one, "ly on "); ok {
			return period + "ly" // weekly, monthly: on a day we can't know
		}
		return one + f.text
	}
	mask := s.dom
	if fi == 4 {
		mask = s.dow
	}
	if bits.OnesCount64(mask) == 1 && !s.hashed(fi) {
		return one + s.fieldText(fi)
	}
	return many + s.fieldText(fi)
}

// fieldText is a field's values, ranges joined (Mon-Fri), names for
// weekdays and months; a field with an H or a step is shown as written.
func (s *Schedule) fieldText(fi int) string {
	if s.stepped(fi) {
		return s.fields[fi].text // "*/2" reads better than 1,3,5,...,31
	}
	switch fi {
	case 2:
		return list(s.dom, 1, nil)
	case 3:
		return list(s.month, 1, monthNames)
	default:
		return list(s.dow, 0, dayNames)
	}
}

var (
	dayNames   = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	monthNames = []string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// clock is a minute of the day as HH:MM, H for a hashed field.
func (s *Schedule) clock(m int) string {
	return s.part(1, m/60) + ":" + s.part(0, m%60)
}

// part prints one value of the minute (0) or hour (1) field, H when that
// field is an H.
func (s *Schedule) part(fi, v int) string {
	if s.hashed(fi) {
		return "H"
	}
	return fmt.Sprintf("%02d", v)
}

// stepped reports whether a field has an H or a step.
func (s *Schedule) stepped(fi int) bool {
	for _, t := range s.fields[fi].terms {
		if t.hash || t.step > 1 {
			return true
		}
	}
	return false
}

// hashed reports whether a field has an H.
func (s *Schedule) hashed(fi int) bool {
	for _, t := range s.fields[fi].terms {
		if t.hash {
			return true
		}
	}
	return false
}

// evenGap reports whether the starts (minutes, in order) are evenly spaced
// round a cycle of the given length, and the spacing.
func evenGap(starts []int, cycle int) (int, bool) {
	g := cycle - starts[len(starts)-1] + starts[0]
	for i := 1; i < len(starts); i++ {
		if starts[i]-starts[i-1] != g {
			return 0, false
		}
	}
	return g, true
}

// bitList is the set bits of mask, from on.
func bitList(mask uint64, from int) []int {
	var out []int
	for v, ok := nextBit(mask, from); ok; v, ok = nextBit(mask, v+1) {
		out = append(out, v)
	}
	return out
}

// list prints a mask's values from base, runs of three or more as a-b.
func list(mask uint64, base int, names []string) string {
	name := func(v int) string {
		if names != nil {
			return names[v]
		}
		return strconv.Itoa(v)
	}
	var parts []string
	vals := bitList(mask, base)
	for i := 0; i < len(vals); {
		j := i
		for j+1 < len(vals) && vals[j+1] == vals[j]+1 {
			j++
		}
		switch {
		case j-i >= 2:
			parts = append(parts, name(vals[i])+"-"+name(vals[j]))
		case j > i:
			parts = append(parts, name(vals[i]), name(vals[j]))
		default:
			parts = append(parts, name(vals[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

// duration prints minutes as 15m, 6h, 1h30m or 2d.
func duration(m int) string {
	switch {
	case m%(24*60) == 0:
		return strconv.Itoa(m/(24*60)) + "d"
	case m%60 == 0:
		return strconv.Itoa(m/60) + "h"
	case m > 60:
		return strconv.Itoa(m/60) + "h" + strconv.Itoa(m%60) + "m"
	}
	return strconv.Itoa(m) + "m"
}
