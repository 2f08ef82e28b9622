package retention

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// What the example policies of docs/retention.md keep, computed rather than guessed: a
// daily backup cron (backup:create --yes --no-wait --keep-*: the new backup
// still pending, kept and not counted; the newest complete one protected), on a plan of four manual backups where past the
// quota the newest replaces the oldest, over two years. The table in
// docs/retention.md must say exactly this.
func TestDailyCronPolicies(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../docs/retention.md")
	require.NoError(t, err)
	for _, tt := range []struct {
		p          Policy
		count, age string
	}{
		{Policy{Daily: 3, Weekly: 1}, "4", "3 days"},
		{Policy{Weekly: 2}, "3", "2 to 8 days"},
		{Policy{Weekly: 3}, "3 or 4", "3 to 9 days"},
		{Policy{Weekly: 1, Monthly: 2}, "3", "2 to 32 days"},
	} {
		count, age := dailyCron(tt.p, 4)
		assert.Equal(t, tt.count, count, tt.p.String())
		assert.Equal(t, tt.age, age, tt.p.String())
		row := fmt.Sprintf("| `%s` | %s | %s", tt.p, count, age)
		assert.True(t, strings.Contains(string(readme), row), "docs/retention.md's table of what each policy keeps has no row %q", row)
	}
}

// dailyCron runs a daily 03:00 backup with policy p under a quota, and
// says how many backups are kept and how old the oldest is, once the first
// weeks have filled the quota.
func dailyCron(p Policy, quota int) (count, age string) {
	start := time.Date(2026, 9, 1, 3, 0, 0, 0, time.UTC)
	var have []Backup // oldest first
	minN, maxN, minAge, maxAge := 1<<30, 0, 1<<30, 0
	const days = 2*366 + 60 // every month length and weekday, twice
	for day := 0; day < days; day++ {
		now := start.AddDate(0, 0, day)
		if len(have) >= quota {
			have = have[1:] // the platform's rotation
		}
		// The new backup is still pending when the prune runs: kept, not
		// counted; the newest complete one is protected.
		created := Backup{ID: now.Format(time.DateOnly), CreatedAt: now}
		if len(have) > 0 {
			have[len(have)-1].Protected, have[len(have)-1].Why = true, "newest restorable"
		}
		kept := []Backup{created}
		for _, d := range Apply(have, p) {
			if d.Keep {
				b := d.Backup
				b.Protected = false
				kept = append([]Backup{b}, kept...)
			}
		}
		have = kept
		if day >= 60 { // the first weeks fill up
			a := int(now.Sub(have[0].CreatedAt).Hours() / 24)
			minN, maxN, minAge, maxAge = min(minN, len(have)), max(maxN, len(have)), min(minAge, a), max(maxAge, a)
		}
	}
	count, age = fmt.Sprint(minN), fmt.Sprintf("%d days", minAge)
	if maxN != minN {
		count = fmt.Sprintf("%d or %d", minN, maxN)
	}
	if maxAge != minAge {
		age = fmt.Sprintf("%d to %d days", minAge, maxAge)
	}
	return count, strings.TrimSpace(age)
}
