package emulator_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/emutest"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type bearer struct{ tok string }

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.tok)
	return http.DefaultTransport.RoundTrip(r)
}

// What cron:check and health read, read through pshcron's own client: the
// deployment's crons, and a window of cron runs paged back with starts_at.
func TestCronsAsPshcronReadsThem(t *testing.T) {
	t.Parallel()
	f := start(t)
	now := f.em.Now()
	crons := []emulator.Cron{
		{Name: "backup", Spec: "0 3 * * *", Start: "pshcron backup:create --yes --no-wait"},
		{Name: "queue", Spec: "*/15 * * * *", Start: "php queue.php", Timeout: 600},
	}
	f.em.Configure("proj1", "main", func(e *emulator.Environment) { e.Crons = crons })
	require.NoError(t, f.em.SeedCronHistory("proj1", "main", crons, now.Add(-48*time.Hour), emulator.SeedOptions{}))
	c, err := api.NewClient(f.em.URL+emulator.APIPath, &http.Client{Transport: bearer{f.token(t, emutest.AdminToken)}}, "test", zerolog.Nop())
	require.NoError(t, err)
	tgt := api.Target{Project: "proj1", Environment: "main"}

	dep, _, err := c.CurrentDeployment(context.Background(), tgt)
	require.NoError(t, err)
	got := dep.Crons()
	require.Len(t, got, 2)
	assert.Equal(t, "app", got[0].App)
	assert.Equal(t, "backup", got[0].Name)
	assert.Equal(t, 86400, got[0].Timeout)
	assert.Equal(t, 600, got[1].Timeout)

	f.em.ResetCounts()
	acts, _, _, more, err := c.ListActivitiesWithin(context.Background(), tgt,
		api.ActivityFilter{Types: []string{"environment.cron"}, Count: 50}, 26*time.Hour, 10)
	require.NoError(t, err)
	assert.False(t, more)
	runs := map[string]int{}
	for _, a := range acts {
		runs[a.CronName()]++
	}
	assert.Equal(t, map[string]int{"backup": 1, "queue": 104}, runs, "26 hours: one backup at 03:00, four queue runs an hour")
	assert.Equal(t, 3, f.em.Count(emulator.RouteActivities), "a handful of pages, none per activity")
}
