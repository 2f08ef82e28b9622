package cronspec

// variants are the schedules an H could also be, where its value changes
// the gaps and not only their phase (see MaxGap): each H step at the phase
// that leaves the longest gap across its range's end, and, when a day
// matches either day field, each value of the first single H in one of
// them.
func (s *Schedule) variants() []*Schedule {
	var out []*Schedule
	worst := *s
	worst.setMasks(func(_ int, t term) int { return worstPhase(t) })
	if worst.minute != s.minute || worst.hour != s.hour || worst.dom != s.dom ||
		worst.month != s.month || worst.dow != s.dow {
		out = append(out, &worst)
	}
	if s.domStar || s.dowStar {
		return out
	}
	for _, fi := range []int{2, 4} {
		for i, t := range s.fields[fi].terms {
			if !t.hash || t.step != 0 {
				continue
			}
			for k := 1; k <= t.hi-t.lo; k++ {
				v := *s
				v.fields[fi].terms = append([]term(nil), s.fields[fi].terms...)
				v.fields[fi].terms[i].lo += k
				v.setMasks(func(_ int, t term) int { return worstPhase(t) })
				out = append(out, &v)
			}
			return out
		}
	}
	return out
}

// worstPhase is the phase of a hashed step whose values span the least of
// its range, which leaves the longest gap from its last value round to its
// first: H/7 in the minute at :04 (:04..:53, 11 minutes to :04) rather than
// :00 (:00..:56, 4 minutes). When the step divides the range every phase
// spans the same.
func worstPhase(t term) int {
	r, n := t.hi-t.lo, t.step
	if !t.hash || n == 0 || r < n || (r+1)%n == 0 {
		return 0
	}
	return r%n + 1
}
