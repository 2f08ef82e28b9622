package tasks

import (
	"context"
	"sync"
	"time"

	"github.com/pshcron/pshcron/api"
)

// cronPage and cronPages bound the read of a window's cron runs: pages of
// 100, at most 10 (a cron every minute fills 26 hours with 1560 runs; the
// verdicts then stand on the newest thousand, and say so).
const (
	cronPage  = 100
	cronPages = 10
)

// ReadCrons reads what CronCheck judges, in a handful of requests whatever
// the number of runs: the environment (unless env is given, as a list
// gives it), the current deployment, the environment.cron activities of
// the window (filtered on the server, a page a hundred), and, only while
// something is pending or running (is_dirty), the activities that wait.
// The deployment and the runs are read at once. Schedule is left to the
// caller.
func (c *Client) ReadCrons(ctx context.Context, t api.Target, env *api.Environment, window time.Duration) (CronCheck, *api.Environment, error) {
	if env == nil {
		var err error
		if env, _, err = c.GetEnvironment(ctx, t); err != nil {
			return CronCheck{}, nil, err
		}
	}
	chk := CronCheck{EnvType: env.Type, Paused: pausedWhy(env)}
	if ds := env.DeploymentState; ds != nil && ds.LastDeploymentAt != nil {
		chk.DeployedAt = parseTime(*ds.LastDeploymentAt)
	}
	var wg sync.WaitGroup
	var depErr error
	var dep *api.Deployment
	wg.Add(1)
	go func() {
		defer wg.Done()
		dep, _, depErr = c.CurrentDeployment(ctx, t)
	}()
	now := c.Clock()
	chk.Since = now.Add(-window)
	f := api.ActivityFilter{Types: []string{"environment.cron"}, Count: cronPage}
	runs, resp, more, err := c.ListActivitiesSince(ctx, t, f, chk.Since, cronPages)
	wg.Wait()
	if err != nil {
		return chk, env, err
	}
	if depErr != nil {
		return chk, env, depErr
	}
	if resp != nil && !resp.Date.IsZero() {
		now = resp.Date
	}
	chk.Now, chk.Runs, chk.Crons, chk.Partial = now, runs, dep.Crons(), more
	if more && len(runs) > 0 {
		chk.Since = parseTime(runs[len(runs)-1].CreatedAt)
	}
	if env.IsDirty {
		if chk.Waiting, err = c.Unfinished(ctx, t); err != nil {
			return chk, env, err
		}
	}
	return chk, env, nil
}

// Unfinished lists the environment's activities pending or in progress,
// newest first.
func (c *Client) Unfinished(ctx context.Context, t api.Target) ([]api.Activity, error) {
	acts, _, err := c.ListActivities(ctx, t, api.ActivityFilter{States: []string{"pending", "in_progress"}, Count: cronPage})
	return acts, err
}

// pausedWhy is why an environment's crons do not run now, or "".
func pausedWhy(env *api.Environment) string {
	switch {
	case env.Status != "" && env.Status != api.StatusActive:
		return "the environment is " + env.Status
	case env.DeploymentState == nil:
		return ""
	case !env.DeploymentState.Crons.Enabled && env.DeploymentState.Crons.Status != "":
		return "its crons are disabled"
	case env.DeploymentState.Crons.Status == "paused":
		return "its crons are paused"
	}
	return ""
}
