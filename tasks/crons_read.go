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

// Facts is what the checks read of an environment: the environment, its
// current deployment, the environment.cron activities since Since (newest
// first), and, while something is pending or running, what is.
type Facts struct {
	Env        *api.Environment
	Deployment *api.Deployment
	Now, Since time.Time // the platform's clock; how far back Runs go
	Partial    bool      // runs older than Since were left unread
	Runs       []api.Activity
	Unfinished []api.Activity
}

// ReadFacts reads Facts in a handful of requests whatever the number of
// runs: the environment (unless env is given, as a list gives it), the
// deployment and the window's runs at once (filtered on the server, a page
// a hundred), and the unfinished activities only when is_dirty says there
// are some.
func (c *Client) ReadFacts(ctx context.Context, t api.Target, env *api.Environment, window time.Duration) (*Facts, error) {
	if env == nil {
		var err error
		if env, _, err = c.GetEnvironment(ctx, t); err != nil {
			return nil, err
		}
	}
	f := &Facts{Env: env, Now: c.Clock()}
	var wg sync.WaitGroup
	var depErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		f.Deployment, _, depErr = c.CurrentDeployment(ctx, t)
	}()
	filter := api.ActivityFilter{Types: []string{"environment.cron"}, Count: cronPage}
	runs, since, resp, more, err := c.ListActivitiesWithin(ctx, t, filter, window, cronPages)
	wg.Wait()
	if err == nil {
		err = depErr
	}
	if err != nil {
		return nil, err
	}
	if resp != nil && !resp.Date.IsZero() {
		f.Now = resp.Date
	}
	f.Now, f.Since = f.Now.Truncate(time.Second), since.Truncate(time.Second)
	f.Runs, f.Partial = runs, more
	if more && len(runs) > 0 {
		f.Since = parseTime(runs[len(runs)-1].CreatedAt)
	}
	if env.IsDirty {
		if f.Unfinished, err = c.unfinished(ctx, t); err != nil {
			return nil, err
		}
		f.Runs = withRunning(f.Runs, f.Unfinished)
	}
	return f, nil
}

// CronCheck is what the facts tell of the crons; Schedule is left to the
// caller.
func (f *Facts) CronCheck() CronCheck {
	chk := CronCheck{Now: f.Now, Since: f.Since, Partial: f.Partial, EnvType: f.Env.Type, Paused: pausedWhy(f.Env),
		Crons: f.Deployment.Crons(), Runs: f.Runs}
	if ds := f.Env.DeploymentState; ds != nil && ds.LastDeploymentAt != nil {
		chk.DeployedAt = parseTime(*ds.LastDeploymentAt)
	}
	for _, a := range f.Unfinished {
		if a.State == "pending" {
			chk.Waiting = append(chk.Waiting, a)
		}
	}
	return chk
}

// withRunning adds to runs the cron runs still going that started before
// the window: a run of three hours is the cron's last run whatever the
// window, and the one that matters most.
func withRunning(runs, unfinished []api.Activity) []api.Activity {
	seen := map[string]bool{}
	for _, a := range runs {
		seen[a.ID] = true
	}
	for _, a := range unfinished {
		if a.Type == "environment.cron" && !seen[a.ID] {
			runs = append(runs, a) // older than every run of the window
		}
	}
	return runs
}

// unfinished lists the environment's activities pending or in progress,
// newest first.
func (c *Client) unfinished(ctx context.Context, t api.Target) ([]api.Activity, error) {
	acts, _, err := c.ListActivities(ctx, t, api.ActivityFilter{States: []string{"pending", "in_progress"}, Count: cronPage})
	return acts, err
}

// Why an environment's crons do not run, besides the platform pausing them.
const (
	pausedEnvironment   = "the environment is paused"
	inactiveEnvironment = "the environment is inactive"
)

// pausedWhy is why an environment's crons do not run now, or "".
func pausedWhy(env *api.Environment) string {
	switch {
	case env.Status != "" && env.Status != api.StatusActive:
		return "the environment is " + env.Status
	case env.DeploymentState == nil:
		return ""
	case env.DeploymentState.Crons.Status == "paused":
		return "its crons are paused"
	case !env.DeploymentState.Crons.Enabled && env.DeploymentState.Crons.Status != "":
		return "its crons are disabled"
	}
	return ""
}
