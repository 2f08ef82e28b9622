package tasks

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/pshcron/pshcron/tokenauth"
	"github.com/rs/zerolog"
)

// Config is how tasks reach the platform; every dependency is passed in.
type Config struct {
	Getenv    func(string) string
	TokenFile string // --token-file, the last place a token is looked for
	Endpoints tokenauth.Endpoints
	HTTP      *http.Client // the retrying base client; copied, never changed
	// CacheDir holds access tokens between runs; "" picks the default.
	CacheDir  string
	UserAgent string
	Log       zerolog.Logger
	Now       func() time.Time
	// Retries bounds how often an action is sent again after an unknown
	// outcome (the retry transport has its own count for safe retries).
	Retries int
	// Secret is told every secret handled, so output can be scrubbed of it.
	Secret func(string)
}

// cacheDir returns the configured or default cache directory, or "" with a
// warning when there is no safe one: the run goes on without a cache.
func cacheDir(cfg Config) string {
	if cfg.CacheDir != "" {
		return cfg.CacheDir
	}
	dir, err := tokenauth.DefaultCacheDir(cfg.Getenv)
	if err != nil {
		cfg.Log.Warn().Err(err).Msg("no safe cache directory: going on without a token cache or overlap lock (set PSHCRON_CACHE_DIR)")
		return ""
	}
	return dir
}

// Connect finds the API token and returns a client that authenticates with
// it, caching access tokens in dir ("" for none). It makes no request: the
// token is exchanged on the first call, or not at all when a cached access
// token is still good.
func Connect(cfg Config, dir string) (*Client, error) {
	apiToken, from, err := tokenauth.Discover(cfg.Getenv, cfg.TokenFile)
	if err != nil {
		return nil, err
	}
	src := tokenauth.New(apiToken, tokenauth.Config{
		TokenURL: cfg.Endpoints.TokenURL, ClientID: cfg.Endpoints.ClientID,
		HTTP: cfg.HTTP, CacheDir: dir, Now: cfg.Now, Log: cfg.Log,
		UserAgent: cfg.UserAgent, Secret: cfg.Secret,
	})
	cfg.Log.Debug().Str("token_from", from).Str("token", tokenauth.Fingerprint(apiToken)).Str("cache_dir", dir).Msg("api token found")
	api := *cfg.HTTP
	api.Transport = src.Transport(cfg.HTTP.Transport, cfg.Endpoints.APIURL)
	// The API never redirects: a redirect is answered as what it is (an
	// error), never followed, so the access token goes nowhere else.
	api.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c, err := NewClient(cfg.Endpoints.APIURL, &api, cfg.UserAgent, cfg.Log)
	if err != nil {
		return nil, err
	}
	if cfg.Now != nil {
		c.now = cfg.Now
	}
	c.resends = cfg.Retries
	return c, nil
}

// Job is one run of a task.
type Job struct {
	Target Target
	// KnownType is the environment's type when the container told it; ""
	// means ask the API, if the guard needs it.
	KnownType string
	Guard     Guard
	Action    Action
	Wait      bool
	Poll      time.Duration // first interval between polls with Wait
	// Decide runs once connected and before the action; the first "no"
	// wins (a skip, exit 0).
	Decide []Decision
	// LockWait is how long to wait for another run of the same task on the
	// same environment to finish; 0 means skip at once.
	LockWait time.Duration
	// DefaultGuardHint is logged with a skip by the default guard: how to
	// widen it, in the caller's words.
	DefaultGuardHint string
	// KnownMode is PLATFORM_MODE when the container told it ("enterprise"
	// on Dedicated Gen 2), for actions the platform does not offer there.
	KnownMode string
}

// Decision says whether a job's action should fire on its target, and if
// not why. It runs once connected, so it may ask the API.
type Decision func(ctx context.Context, c *Client, t Target, a Action) (fire bool, why string, err error)

// Result is what a run did, for output.
type Result struct {
	Action      string    `json:"action"`
	Project     string    `json:"project"`
	Environment string    `json:"environment"`
	Skipped     bool      `json:"skipped"`
	Reason      string    `json:"reason,omitempty"`
	Activity    *Activity `json:"activity,omitempty"`
}

// Run checks the guard, takes the overlap lock, asks the job's decisions,
// then fires the action and, with Wait, follows it. A skip by the guard
// (unless the type must come from the API) or by the lock makes no request
// and needs no token.
func Run(ctx context.Context, cfg Config, job Job) (*Result, error) {
	res := &Result{Action: job.Action.Name(), Project: job.Target.Project, Environment: job.Target.Environment}
	log := cfg.Log.With().Str("action", res.Action).Str("project", res.Project).Str("environment", res.Environment).Logger()
	skip := func(why string) (*Result, error) {
		log.Info().Str("reason", why).Msg("skipped: " + why)
		res.Skipped, res.Reason = true, why
		return res, nil
	}
	// A skip by the default guard may be a cron line that meant another
	// environment: said as a warning, with how to widen the guard.
	guardSkip := func(why string) (*Result, error) {
		if !job.Guard.Default {
			return skip(why)
		}
		log.Warn().Str("reason", why).Str("hint", job.DefaultGuardHint).Msg("skipped by the default guard: " + why)
		res.Skipped, res.Reason = true, why
		return res, nil
	}

	remoteType := job.Guard.NeedsType() && job.KnownType == ""
	local := job.Guard
	if remoteType {
		local = Guard{Branches: job.Guard.Branches}
	}
	if ok, why := local.Check(job.Target.Environment, job.KnownType); !ok {
		return guardSkip(why)
	}
	if u, ok := job.Action.(unsupporter); ok {
		if why := u.unsupportedOn(job.KnownMode); why != "" {
			log.Warn().Msg("skipped: " + why)
			res.Skipped, res.Reason = true, why
			return res, nil
		}
	}
	dir := cacheDir(cfg)
	if dir != "" {
		release, err := acquireLock(ctx, lockPath(dir, job.Action, job.Target), job.LockWait)
		switch {
		case errors.Is(err, errLocked):
			return skip("another pshcron run is already doing this " + res.Action + " on this environment")
		case err != nil && ctx.Err() != nil:
			return nil, err
		case err != nil:
			log.Warn().Err(err).Msg("cannot take the overlap lock; going on without it")
		default:
			defer release()
		}
	}
	client, err := Connect(cfg, dir)
	if err != nil {
		return nil, err
	}
	if remoteType {
		env, err := client.GetEnvironment(ctx, job.Target)
		if err != nil {
			return nil, err
		}
		if ok, why := job.Guard.Check(job.Target.Environment, env.Type); !ok {
			return guardSkip(why)
		}
	}

	for _, decide := range job.Decide {
		fire, why, err := decide(ctx, client, job.Target, job.Action)
		if err != nil {
			return nil, err
		}
		if !fire {
			return skip(why)
		}
	}

	act, err := client.Fire(ctx, job.Target, job.Action)
	if err != nil {
		if errors.Is(ctx.Err(), context.Canceled) {
			log.Warn().Msg("interrupted: the " + res.Action + " was sent but not confirmed; it may or may not have started (see the environment's activities)")
		}
		if ex, ok := job.Action.(explainer); ok && ctx.Err() == nil {
			err = ex.explain(ctx, client, job.Target, err)
		}
		return nil, err
	}
	res.Activity = act
	if act == nil {
		log.Warn().Msg(res.Action + " accepted, but the platform named no activity: pshcron cannot follow it (see the environment's activities)")
		return res, nil
	}
	ev := log.Info().Str("activity", act.ID).Str("state", act.State)
	if n := act.BackupName(); n != "" {
		ev = ev.Str("backup", n)
	}
	ev.Msg(res.Action + " accepted")
	if !job.Wait {
		return res, nil
	}
	poll := job.Poll
	if poll <= 0 {
		poll = 2 * time.Second
	}
	final, err := client.Wait(ctx, job.Target.Project, act, poll, func(a *Activity) {
		if a.Done() {
			return // the line after Wait reports the end
		}
		log.Info().Str("activity", a.ID).Str("state", a.State).Int("percent", a.CompletionPercent).Msg(res.Action + " " + a.State)
	})
	res.Activity = final
	if err == nil && final.State == StateStaged {
		log.Warn().Str("activity", final.ID).Msg(res.Action + " staged: the environment has manual deployments, so a deploy is pending; run environment:deploy to apply it")
		return res, nil
	}
	if err != nil {
		if errors.Is(ctx.Err(), context.Canceled) {
			log.Warn().Str("activity", final.ID).Msg("interrupted: the " + res.Action + " was accepted and goes on on the platform; stopped waiting for it")
		}
		return res, err
	}
	log.Info().Str("activity", final.ID).Str("result", final.Result).Msg(res.Action + " finished")
	return res, nil
}
