package cronspec

import "testing"

func TestDescribe(t *testing.T) {
	t.Parallel()
	for spec, want := range map[string]string{
		"*/15 * * * *":          "every 15m",
		"H/15 * * * *":          "every 15m",
		"* * * * *":             "every minute",
		"30 * * * *":            "hourly at :30",
		"H * * * *":             "hourly at :H",
		"@hourly":               "hourly at :H",
		"0 */6 * * *":           "every 6h",
		"H H/6 * * *":           "every 6h",
		"0 3 * * *":             "daily at 03:00",
		"H 3 * * *":             "daily at 03:H",
		"H H * * *":             "daily at H:H",
		"@daily":                "daily at H:H",
		"0 9,17 * * *":          "daily at 09:00,17:00",
		"0 9,17 * * 1-5":        "on Mon-Fri at 09:00,17:00",
		"0 */6 * * 1-5":         "every 6h on Mon-Fri",
		"H H * * 0":             "weekly on Sun at H:H",
		"5 4 * * 7":             "weekly on Sun at 04:05",
		"@weekly":               "weekly at H:H",
		"0 9 * * 1-5":           "on Mon-Fri at 09:00",
		"*/15 9-17 * * mon-fri": "every 15m in hours 9-17 on Mon-Fri",
		"*/15 H(9-17) * * *":    "every 15m in hours H(9-17)",
		"*/10 1,9-11 * * *":     "every 10m in hours 1,9-11",
		"0 0 1,15 * *":          "on days 1,15 at 00:00",
		"0 10 1,15 * *":         "on days 1,15 at 10:00",
		"0 0 1 * *":             "monthly on day 1 at 00:00",
		"@monthly":              "monthly at H:H",
		"0 0 H/2 * *":           "on days H/2 at 00:00",
		"0 0 1 jan,jul *":       "on day 1 in Jan,Jul at 00:00",
		"0 0 29 2 *":            "yearly on Feb 29 at 00:00",
		"@yearly":               "yearly at H:H",
		"0 0 13 * fri":          "on day 13 or Fri at 00:00",
		"H H 1 * H":             "on day 1 or H at H:H",
		"H H H(1-7) 2 *":        "yearly at H:H",
		"H H H * 1":             "on day H or Mon at H:H",
		"0 0 1-31 * mon":        "daily at 00:00", // either field: every day
		"0 0 */2 * mon":         "on days */2 if Mon at 00:00",
		"0 0 1 * */2":           "on day 1 if */2 at 00:00",
		"0 0 1 1-12/3 *":        "on day 1 in 1-12/3 at 00:00",
		// Unsure: the longest gap, for any value of the H.
		"*/7 * * * *":      "at most 7m apart",
		"H/7 * * * *":      "at most 11m apart",
		"0 */5 * * *":      "at most 5h apart",
		"0 1,2,9,10 * * *": "at most 15h apart",
	} {
		if got := mustParse(t, spec).Describe(); got != want {
			t.Errorf("%q.Describe() = %q, want %q", spec, got, want)
		}
	}
}
