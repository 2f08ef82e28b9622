package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pagedActivities serves n activities an hour apart, newest first, honouring
// count and starts_at (inclusive) as the platform does, and records each
// request's query.
func pagedActivities(t *testing.T, n int, newest time.Time, queries *[]string) *Client {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*queries = append(*queries, r.URL.RawQuery)
		count, _ := strconv.Atoi(r.URL.Query().Get("count"))
		until := newest
		if s := r.URL.Query().Get("starts_at"); s != "" {
			until, _ = time.Parse(time.RFC3339, s)
		}
		out := []map[string]any{}
		for i := range n {
			at := newest.Add(-time.Duration(i) * time.Hour)
			if at.After(until) || (count > 0 && len(out) == count) {
				continue
			}
			out = append(out, map[string]any{"id": fmt.Sprintf("a%d", i), "type": "environment.cron", "created_at": at.Format(time.RFC3339)})
		}
		w.Header().Set("Date", newest.Format(http.TimeFormat))
		_ = json.NewEncoder(w).Encode(out)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL+"/api", srv.Client(), "test", zerolog.Nop())
	require.NoError(t, err)
	return c
}

// Paging stops at the window's start, keeps each activity once (starts_at
// is inclusive) and says when the page budget ran out first.
func TestListActivitiesWithinPagesBackToTheWindow(t *testing.T) {
	t.Parallel()
	newest := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	var queries []string
	c := pagedActivities(t, 100, newest, &queries)
	f := ActivityFilter{Types: []string{"environment.cron"}, Count: 10}
	tgt := Target{Project: "p", Environment: "main"}

	acts, since, _, more, err := c.ListActivitiesWithin(context.Background(), tgt, f, 26*time.Hour, 10)
	require.NoError(t, err)
	assert.Equal(t, newest.Add(-26*time.Hour), since.UTC(), "the window is on the platform's clock, not this machine's")
	assert.False(t, more)
	assert.Len(t, acts, 27, "the newest and the 26 hours before it, each once")
	assert.Equal(t, "a26", acts[len(acts)-1].ID)
	assert.Len(t, queries, 3)
	assert.Contains(t, queries[1], "starts_at=2026-12-04T03%3A00%3A00Z")

	queries = nil
	acts, _, _, more, err = c.ListActivitiesWithin(context.Background(), tgt, f, 90*time.Hour, 2)
	require.NoError(t, err)
	assert.True(t, more, "two pages do not reach back 90 hours")
	assert.Len(t, acts, 19)
	assert.Len(t, queries, 2)
}
