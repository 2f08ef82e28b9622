package api

import (
	"context"
	"time"
)

// ListActivitiesWithin pages back through an environment's activities of
// the last window, newest first, as the official clients do (each page asks
// for those created at or before the last one seen), until a page reaches
// back past the window's start, brings nothing new, or maxPages were read.
// The window is on the platform's clock (the first answer's Date, this
// machine's without one): since is its start. more reports that maxPages ran
// out first: older activities of the window were not read. The Response is
// the first page's.
func (c *Client) ListActivitiesWithin(ctx context.Context, t Target, f ActivityFilter, window time.Duration, maxPages int) (acts []Activity, since time.Time, first *Response, more bool, err error) {
	seen := map[string]bool{}
	for page := 0; page < maxPages; page++ {
		list, resp, err := c.ListActivities(ctx, t, f)
		if err != nil {
			return acts, since, first, false, err
		}
		if first == nil {
			first, since = resp, c.Clock().Add(-window)
			if !resp.Date.IsZero() {
				since = resp.Date.Add(-window)
			}
		}
		fresh, oldest := 0, time.Time{}
		for _, a := range list {
			at, perr := time.Parse(time.RFC3339, a.CreatedAt)
			if perr == nil && (oldest.IsZero() || at.Before(oldest)) {
				oldest = at
			}
			if seen[a.ID] || (perr == nil && at.Before(since)) {
				continue
			}
			seen[a.ID] = true
			acts = append(acts, a)
			fresh++
		}
		// A short page is the list's end; one without a date cannot be paged on.
		if fresh == 0 || oldest.IsZero() || oldest.Before(since) || (f.Count > 0 && len(list) < f.Count) {
			return acts, since, first, false, nil
		}
		f.StartsAt = oldest
	}
	return acts, since, first, true, nil
}
