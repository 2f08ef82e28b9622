package cronspec

import (
	"fmt"
	"math/bits"
	"strings"
)

// Schedule is a parsed cron spec. Its zero value is not useful: use Parse.
// Its methods only read it, so one Schedule serves concurrent callers (a
// fleet's targets).
type Schedule struct {
	spec   string
	fields [5]field
	// minute, hour, dom, month and dow hold one bit per matching value
	// (months 1-12, weekdays 0-6), each H at the lowest value of its range.
	minute, hour, dom, month, dow uint64
	// either day field written "*..." makes the day rule "both" rather
	// than "either" (classic cron).
	domStar, dowStar bool
}

// Error is a spec Parse refuses. Field names the field ("minute", "hour",
// "day of month", "month", "day of week"), or is empty when the spec as a
// whole is wrong; Value is the text at fault. The spec comes from the
// network: it is quoted with %q, and a caller still escapes it for a
// terminal.
type Error struct {
	Spec, Field, Value, Reason string
}

// Error reads `cron spec "61 * * * *": minute "61": 61 is outside 0-59`.
func (e *Error) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("cron spec %q: %s", e.Spec, e.Reason)
	}
	return fmt.Sprintf("cron spec %q: %s %q: %s", e.Spec, e.Field, e.Value, e.Reason)
}

// shorthands are read as Jenkins reads them (see the package doc).
var shorthands = map[string]string{
	"@hourly":   "H * * * *",
	"@daily":    "H H * * *",
	"@midnight": "H H * * *",
	"@weekly":   "H H * * H",
	"@monthly":  "H H H * *",
	"@yearly":   "H H H H *",
	"@annually": "H H H H *",
}

// Parse reads a 5-field cron spec, with the platform's H and the @
// shorthands. It refuses a spec that can never fire (day 30 of February).
func Parse(spec string) (*Schedule, error) {
	text := strings.TrimSpace(spec)
	fail := func(reason string) error { return &Error{Spec: spec, Reason: reason} }
	if strings.HasPrefix(text, "@") {
		expanded, ok := shorthands[strings.ToLower(text)]
		if !ok {
			return nil, fail(text + " is not a schedule: write 5 fields, or @hourly, @daily, @weekly, @monthly, @yearly")
		}
		text = expanded
	}
	parts := strings.Fields(text)
	if len(parts) == 0 {
		return nil, fail("is empty: want 5 fields (minute hour day-of-month month day-of-week)")
	}
	if len(parts) != 5 {
		return nil, fail(fmt.Sprintf("has %d fields, want 5 (minute hour day-of-month month day-of-week)", len(parts)))
	}
	s := &Schedule{spec: spec}
	for i, p := range parts {
		f, err := parseField(kinds[i], p)
		if err != nil {
			return nil, &Error{Spec: spec, Field: kinds[i].name, Value: p, Reason: err.Error()}
		}
		s.fields[i] = f
	}
	s.domStar = strings.HasPrefix(parts[2], "*")
	s.dowStar = strings.HasPrefix(parts[4], "*")
	s.setMasks(func(int, term) int { return 0 })
	if !s.canFire() {
		return nil, &Error{Spec: spec, Field: kinds[2].name, Value: parts[2],
			Reason: s.noSuchDay()}
	}
	return s, nil
}

// setMasks builds the bit masks, each H term at the phase pick gives it
// (Parse: 0, the lowest value).
func (s *Schedule) setMasks(pick func(field int, t term) int) {
	at := func(i int) func(term) int { return func(t term) int { return pick(i, t) } }
	s.minute = s.fields[0].mask(at(0))
	s.hour = s.fields[1].mask(at(1))
	s.dom = s.fields[2].mask(at(2))
	s.month = s.fields[3].mask(at(3))
	s.dow = s.fields[4].mask(at(4))
}

// canFire reports whether some day matches. Under the "either" rule every
// month has the weekday; under "both" every day number falls on every
// weekday some year; so only a day number no month of the spec has (30 in
// February) never fires.
func (s *Schedule) canFire() bool {
	if !s.domStar && !s.dowStar {
		return true
	}
	for m := 1; m <= 12; m++ {
		if s.month&(1<<m) != 0 && s.dom&fullMask(1, daysIn(2000, m)) != 0 {
			return true // 2000 is a leap year: February 29 exists
		}
	}
	return false
}

// noSuchDay says why canFire failed, naming the months.
func (s *Schedule) noSuchDay() string {
	months, verb := list(s.month, 1, monthNames), " has"
	if bits.OnesCount64(s.month) > 1 {
		verb = " have"
	}
	return months + verb + " no such day: the cron never runs"
}

// String is the spec as written.
func (s *Schedule) String() string { return s.spec }
