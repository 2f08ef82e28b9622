package cronspec

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// kind is what one of the five fields may hold.
type kind struct {
	name   string
	lo, hi int      // the values it takes (day of week: 0-7, 7 is Sunday)
	hashHi int      // the top of a bare H's range (28 for the day of month)
	names  []string // names for lo, lo+1, ... (months, weekdays)
}

var kinds = [5]kind{
	{name: "minute", lo: 0, hi: 59, hashHi: 59},
	{name: "hour", lo: 0, hi: 23, hashHi: 23},
	{name: "day of month", lo: 1, hi: 31, hashHi: 28},
	{name: "month", lo: 1, hi: 12, hashHi: 12,
		names: []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}},
	{name: "day of week", lo: 0, hi: 7, hashHi: 6,
		names: []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}},
}

// term is one comma-separated part of a field: the values lo, lo+step, ...
// up to hi. A hashed term (H) is one phase of that: its values start at
// lo+k for the k in [0, step) the platform picks (a single value in lo-hi
// when step is 0).
type term struct {
	lo, hi, step int
	hash         bool
}

// field is one of the five fields as parsed.
type field struct {
	kind  kind
	text  string // as written, for Describe
	terms []term
}

// parseField reads one field; its errors say what is wrong with the text.
func parseField(k kind, text string) (field, error) {
	f := field{kind: k, text: text}
	for _, part := range strings.Split(text, ",") {
		t, err := parseTerm(k, part)
		if err != nil {
			return f, err
		}
		f.terms = append(f.terms, t)
	}
	return f, nil
}

func parseTerm(k kind, part string) (term, error) {
	if part == "" {
		return term{}, errors.New("has an empty list item")
	}
	body, stepText, hasStep := strings.Cut(part, "/")
	t := term{lo: k.lo, hi: k.hi}
	var err error
	switch {
	case body == "*":
	case body == "H":
		t.hash, t.hi = true, k.hashHi
		if hasStep {
			// H/n steps through the whole field as */n does (the week
			// as 0-6, so Sunday comes once).
			t.hi = k.hi
			if k.hi == 7 {
				t.hi = 6
			}
		}
	case strings.HasPrefix(body, "H("):
		if !strings.HasSuffix(body, ")") {
			return t, fmt.Errorf("%q lacks its closing parenthesis", body)
		}
		t.hash = true
		t.lo, t.hi, err = parseRange(k, body[2:len(body)-1], true)
	default:
		if hasStep && !strings.Contains(body, "-") {
			return t, fmt.Errorf("a step needs a range: write */%s or %s-%d/%s", stepText, body, k.hi, stepText)
		}
		t.lo, t.hi, err = parseRange(k, body, false)
	}
	if err != nil {
		return t, err
	}
	if hasStep {
		n, err := strconv.Atoi(stepText)
		if err != nil || n < 1 || n > k.hi {
			return t, fmt.Errorf("the step %q is not a number from 1 to %d", stepText, k.hi)
		}
		t.step = n
	} else if !t.hash {
		t.step = 1
	}
	return t, nil
}

// parseRange reads "a" or "a-b" (only "a-b" when must).
func parseRange(k kind, text string, must bool) (lo, hi int, err error) {
	a, b, isRange := strings.Cut(text, "-")
	if must && !isRange {
		return 0, 0, fmt.Errorf("H( ) takes a range a-b, not %q", text)
	}
	if lo, err = value(k, a); err != nil {
		return 0, 0, err
	}
	if !isRange {
		return lo, lo, nil
	}
	if hi, err = value(k, b); err != nil {
		return 0, 0, err
	}
	if hi < lo && !(k.names != nil && hi == 0 && k.hi == 7) {
		return 0, 0, fmt.Errorf("the range %s runs backwards", text)
	}
	if k.hi == 7 && hi == 0 && lo > 0 {
		hi = 7 // "fri-sun": Sunday at the end is 7
	}
	return lo, hi, nil
}

// value reads one number or name of a field.
func value(k kind, text string) (int, error) {
	for i, n := range k.names {
		if strings.EqualFold(text, n) {
			return k.lo + i, nil
		}
	}
	n, err := strconv.Atoi(text)
	if err != nil || strings.HasPrefix(text, "+") {
		if text == "" {
			return 0, errors.New("a range needs a value on each side of the -")
		}
		if k.names != nil {
			return 0, fmt.Errorf("%q is not a number from %d to %d or a name (%s..%s)", text, k.lo, k.hi, k.names[0], k.names[len(k.names)-1])
		}
		return 0, fmt.Errorf("%q is not a number from %d to %d", text, k.lo, k.hi)
	}
	if n < k.lo || n > k.hi {
		return 0, fmt.Errorf("%d is outside %d-%d", n, k.lo, k.hi)
	}
	return n, nil
}

// mask sets a bit for each value the field matches, each hashed term at
// the phase pick says; Sunday as 7 is folded onto 0.
func (f field) mask(pick func(term) int) uint64 {
	var m uint64
	for _, t := range f.terms {
		lo, step := t.lo, t.step
		if t.hash {
			lo += pick(t)
			if step == 0 {
				m |= 1 << lo
				continue
			}
		}
		for v := lo; v <= t.hi; v += step {
			m |= 1 << v
		}
	}
	if f.kind.hi == 7 && m&(1<<7) != 0 {
		m = m&^(1<<7) | 1
	}
	return m
}

// fullMask has the bits lo to hi set.
func fullMask(lo, hi int) uint64 { return (1<<(hi+1) - 1) &^ (1<<lo - 1) }
