package retention

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Policy is what to keep. A zero count keeps nothing by that rule.
type Policy struct {
	Last, Hourly, Daily, Weekly, Monthly, Yearly int
	Within                                       time.Duration
}

// Empty reports whether the policy keeps nothing.
func (p Policy) Empty() bool {
	return p.Last == 0 && p.Hourly == 0 && p.Daily == 0 && p.Weekly == 0 && p.Monthly == 0 && p.Yearly == 0 && p.Within == 0
}

// String writes the policy as its flags.
func (p Policy) String() string {
	var parts []string
	for _, r := range p.rules() {
		if *r.count > 0 {
			parts = append(parts, fmt.Sprintf("--keep-%s %d", r.name, *r.count))
		}
	}
	if p.Within > 0 {
		parts = append(parts, "--keep-within "+p.Within.String())
	}
	return strings.Join(parts, " ")
}

// Backup is what the policy looks at.
type Backup struct {
	ID        string
	CreatedAt time.Time
	// Protected backups are kept whatever the policy says (the newest
	// restorable one, one not complete), with Why.
	Protected bool
	Why       string
}

// Decision is the plan for one backup.
type Decision struct {
	Backup  Backup
	Keep    bool
	Reasons []string // the rules that keep it: "last", "daily 2026-11-27", ...
}

type rule struct {
	name   string
	count  *int
	bucket func(time.Time) string
}

func (p *Policy) rules() []rule {
	return []rule{
		{"last", &p.Last, nil},
		{"hourly", &p.Hourly, func(t time.Time) string { return t.Format("2006-01-02 15h") }},
		{"daily", &p.Daily, func(t time.Time) string { return t.Format("2006-01-02") }},
		{"weekly", &p.Weekly, func(t time.Time) string { y, w := t.ISOWeek(); return fmt.Sprintf("%d-W%02d", y, w) }},
		{"monthly", &p.Monthly, func(t time.Time) string { return t.Format("2006-01") }},
		{"yearly", &p.Yearly, func(t time.Time) string { return t.Format("2006") }},
	}
}

// Apply decides each backup's fate, newest first (ties by id). The policy
// is taken by value: its counts are used up as periods are filled.
func Apply(backups []Backup, p Policy) []Decision {
	sorted := append([]Backup(nil), backups...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if !sorted[i].CreatedAt.Equal(sorted[j].CreatedAt) {
			return sorted[i].CreatedAt.After(sorted[j].CreatedAt)
		}
		return sorted[i].ID > sorted[j].ID
	})
	rules := p.rules()
	last := make([]string, len(rules))
	var newest time.Time
	if len(sorted) > 0 {
		newest = sorted[0].CreatedAt
	}
	out := make([]Decision, 0, len(sorted))
	for _, b := range sorted {
		d := Decision{Backup: b}
		t := b.CreatedAt.UTC()
		for i, r := range rules {
			if *r.count <= 0 {
				continue
			}
			if r.bucket == nil {
				d.Reasons = append(d.Reasons, "last")
				*r.count--
				continue
			}
			if v := r.bucket(t); v != last[i] {
				last[i] = v
				d.Reasons = append(d.Reasons, r.name+" "+v)
				*r.count--
			}
		}
		if p.Within > 0 && !b.CreatedAt.Before(newest.Add(-p.Within)) {
			d.Reasons = append(d.Reasons, "within "+p.Within.String())
		}
		if b.Protected {
			d.Reasons = append(d.Reasons, b.Why)
		}
		d.Keep = len(d.Reasons) > 0
		out = append(out, d)
	}
	return out
}
