package cli

import (
	"time"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/internal/cronspec"
)

// cronSchedule reads a cron's spec in its app's timezone: the longest time
// between two starts (never under the platform's 5-minute minimum, as the
// plan is not known), and a short reading for a table.
func cronSchedule(c api.Cron) (time.Duration, string, error) {
	sched, err := cronspec.Parse(c.Spec)
	if err != nil {
		return 0, "", err
	}
	loc := time.UTC
	if c.Timezone != "" {
		if l, err := time.LoadLocation(c.Timezone); err == nil {
			loc = l
		}
	}
	return max(sched.MaxGap(time.Now().In(loc)), cronspec.MinInterval), sched.Describe(), nil
}
