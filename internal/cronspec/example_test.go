package cronspec_test

import (
	"fmt"
	"time"

	"github.com/pshcron/pshcron/internal/cronspec"
)

// A cron is late when it has not started within the longest gap of its
// spec, plus the platform's random offset, after its last start.
func Example() {
	s, err := cronspec.Parse("H 3 * * *")
	if err != nil {
		fmt.Println(err)
		return
	}
	paris, _ := time.LoadLocation("Europe/Paris") // the app's timezone
	last := time.Date(2026, 10, 24, 3, 12, 0, 0, paris)
	gap := max(s.MaxGap(last), cronspec.MinInterval)
	fmt.Println(s.Describe())
	fmt.Println("next at (H at its lowest):", s.Next(last).Format("2006-01-02 15:04 MST"))
	fmt.Println("longest gap:", gap)
	fmt.Println("late after:", last.Add(gap+cronspec.MaxOffset(gap)).Format("2006-01-02 15:04 MST"))

	_, err = cronspec.Parse("*/5 25 * * *")
	fmt.Println(err)
	// Output:
	// daily at 03:H
	// next at (H at its lowest): 2026-10-25 03:00 CET
	// longest gap: 25h0m0s
	// late after: 2026-10-25 03:32 CET
	// cron spec "*/5 25 * * *": hour "25": 25 is outside 0-23
}
