package tasks

import (
	"github.com/pshcron/pshcron/api"

	"bytes"
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/emutest"
	"github.com/pshcron/pshcron/tokenauth"
)

const (
	routeToken    = emulator.RouteToken
	routeBackup   = emulator.RouteBackup
	routeRedeploy = emulator.RouteRedeploy
	routeSourceOp = emulator.RouteSourceOperation
	routeGetEnv   = emulator.RouteEnvironment
)

func config(t *testing.T, em *emutest.Env, token string, logs *bytes.Buffer) Config {
	env := map[string]string{"PLATFORMSH_CLI_TOKEN": token}
	return Config{
		Getenv:    func(k string) string { return env[k] },
		Endpoints: tokenauth.Endpoints{APIURL: em.URL + emulator.APIPath, TokenURL: em.URL + emulator.TokenPath, ClientID: tokenauth.DefaultClientID},
		HTTP:      &http.Client{Transport: http.DefaultTransport},
		CacheDir:  t.TempDir(),
		UserAgent: "pshcron/test",
		Log:       zerolog.New(logs),
		Now:       em.Now,
	}
}

// platform builds the Platform of cfg, failing the test if it cannot.
func platform(t *testing.T, cfg Config) *Platform {
	t.Helper()
	p, err := New(cfg)
	require.NoError(t, err)
	return p
}

// run runs job on the platform of cfg.
func run(t *testing.T, ctx context.Context, cfg Config, j Job) (*Result, error) {
	t.Helper()
	return platform(t, cfg).Run(ctx, j)
}

// prod is the default guard of most actions.
var prod = []string{"production"}

func job(env string, a Action) Job {
	g := NewGuard(nil, nil, false, true, prod)
	return Job{Gate: Gate{Target: api.Target{Project: emutest.Project, Environment: env}, Guard: g}, Action: a}
}

func TestActionsColdAndWarm(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		action Action
		route  string
		typ    string
	}{
		{"backup", Backup{}, routeBackup, "environment.backup"},
		{"live backup", Backup{Live: true}, routeBackup, "environment.backup"},
		{"redeploy", Redeploy{}, routeRedeploy, "environment.redeploy"},
		{"source operation", SourceOperation{Operation: "update", Variables: map[string]map[string]string{"env": {"A": "1"}}}, routeSourceOp, "environment.source-operation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			em := emutest.Start(t, emulator.Options{})
			var logs bytes.Buffer
			cfg := config(t, em, emutest.AdminToken, &logs)

			res, err := run(t, context.Background(), cfg, job("main", tt.action))
			require.NoError(t, err)
			require.NotNil(t, res.Activity)
			assert.Equal(t, tt.typ, res.Activity.Type)
			assert.Equal(t, 2, em.Requests(), "cold: the exchange and the POST")
			assert.Equal(t, 1, em.Count(routeToken))
			assert.Equal(t, 1, em.Count(tt.route))

			em.ResetCounts()
			_, err = run(t, context.Background(), cfg, job("main", tt.action))
			require.NoError(t, err)
			assert.Equal(t, 1, em.Requests(), "warm: the POST alone")

			acts := em.Activities(emutest.Project)
			require.Len(t, acts, 2)
			assert.Equal(t, res.Activity.ID, acts[0].ID)
		})
	}
}

func TestBackupPayload(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{})
	var logs bytes.Buffer
	res, err := run(t, context.Background(), config(t, em, emutest.AdminToken, &logs), job("main", Backup{Live: true}))
	require.NoError(t, err)
	acts := em.Activities(emutest.Project)
	assert.Equal(t, false, acts[0].Payload["safe"])
	assert.NotEmpty(t, res.Activity.BackupName())
	assert.Equal(t, []string{res.Activity.BackupName()}, em.Backups(emutest.Project, "main"))
	assert.Contains(t, logs.String(), `"message":"backup accepted"`)
}

func TestRequestsCarryUserAgentAndBearer(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{})
	var logs bytes.Buffer
	_, err := run(t, context.Background(), config(t, em, emutest.AdminToken, &logs), job("main", Backup{}))
	require.NoError(t, err)
	xs := em.Exchanges()
	require.Len(t, xs, 2)
	for _, x := range xs {
		assert.Equal(t, "pshcron/test", x.ReqHeader.Get("User-Agent"), x.Path)
	}
	assert.Equal(t, emulator.TokenPath, xs[0].Path)
	assert.Regexp(t, `^Bearer [\w.-]+$`, xs[1].ReqHeader.Get("Authorization"))
	assert.JSONEq(t, `{"safe": true}`, string(xs[1].ReqBody))
	assert.Equal(t, "/api/projects/proj1/environments/main/backup", xs[1].Path)
}

func TestSourceOperationBody(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{})
	var logs bytes.Buffer
	cfg := config(t, em, emutest.AdminToken, &logs)
	_, err := run(t, context.Background(), cfg, job("main", SourceOperation{Operation: "update", Variables: map[string]map[string]string{"env": {"A": "1"}}}))
	require.NoError(t, err)
	_, err = run(t, context.Background(), cfg, job("main", SourceOperation{Operation: "update"}))
	require.NoError(t, err)
	xs := em.Exchanges()
	assert.JSONEq(t, `{"operation": "update", "variables": {"env": {"A": "1"}}}`, string(xs[1].ReqBody))
	assert.JSONEq(t, `{"operation": "update", "variables": {}}`, string(xs[2].ReqBody), "variables is required by the spec")
}

func TestEnvironmentIDIsEscaped(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{})
	var logs bytes.Buffer
	_, err := run(t, context.Background(), config(t, em, emutest.AdminToken, &logs), job("feature/x", Redeploy{}))
	require.NoError(t, err)
	assert.Equal(t, 1, em.Count(routeRedeploy))
	assert.Equal(t, "feature/x", em.Activities(emutest.Project)[0].Environment)
	assert.Equal(t, "/api/projects/proj1/environments/feature%2Fx/redeploy", em.Exchanges()[1].Path)
}

func TestGuard(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		branches  []string
		types     []string
		named     bool
		env, typ  string
		fires     bool
		requests  int
		reasonHas string
	}{
		{"default: production runs", nil, nil, false, "main", "production", true, 2, ""},
		{"default: development skipped", nil, nil, false, "feature/x", "development", false, 0, "environment type development is not production"},
		{"named: no default guard", nil, nil, true, "feature/x", "development", true, 2, ""},
		{"branch glob matches", []string{"feature/*"}, nil, false, "feature/x", "development", true, 2, ""},
		{"branch glob misses", []string{"main", "master"}, nil, false, "staging", "staging", false, 0, "does not match --branch main,master"},
		{"type list", nil, []string{"staging", "production"}, false, "staging", "staging", true, 2, ""},
		{"named with type asks the API", nil, []string{"production"}, true, "feature/x", "", false, 2, "environment type development is not production"},
		{"named with type, passing", nil, []string{"staging"}, true, "staging", "", true, 3, ""},
		{"branch checked before asking", []string{"main"}, []string{"production"}, true, "staging", "", false, 0, "does not match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			em := emutest.Start(t, emulator.Options{})
			var logs bytes.Buffer
			g := NewGuard(tt.branches, tt.types, false, tt.named, prod)
			j := Job{Gate: Gate{Target: api.Target{Project: emutest.Project, Environment: tt.env}, KnownType: tt.typ, Guard: g}, Action: Backup{}}
			res, err := run(t, context.Background(), config(t, em, emutest.AdminToken, &logs), j)
			require.NoError(t, err)
			assert.Equal(t, !tt.fires, res.Skipped)
			assert.Equal(t, tt.requests, em.Requests())
			if tt.reasonHas != "" {
				assert.Contains(t, res.Reason, tt.reasonHas)
				if g.Default {
					assert.Contains(t, logs.String(), `"level":"warn"`, "a skip by the default guard is a warning")
					assert.Contains(t, logs.String(), `"message":"skipped by the default guard: `)
				} else {
					assert.Contains(t, logs.String(), `"level":"info"`)
					assert.Contains(t, logs.String(), `"message":"skipped: `)
				}
				assert.Contains(t, logs.String(), tt.reasonHas)
			}
			if tt.fires {
				assert.Equal(t, 1, em.Count(routeBackup))
			} else {
				assert.Zero(t, em.Count(routeBackup))
			}
		})
	}
}

func TestSkipNeedsNoToken(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{})
	var logs bytes.Buffer
	g := NewGuard(nil, nil, false, false, prod)
	res, err := run(t, context.Background(), config(t, em, "", &logs),
		Job{Gate: Gate{Target: api.Target{Project: emutest.Project, Environment: "feature/x"}, KnownType: "development", Guard: g}, Action: Backup{}})
	require.NoError(t, err)
	assert.True(t, res.Skipped)
	assert.Zero(t, em.Requests())
}

func TestGuardDefaults(t *testing.T) {
	t.Parallel()
	g := NewGuard([]string{"main"}, []string{"staging"}, true, false, prod)
	ok, _ := g.Check("anything", "")
	assert.True(t, ok, "--any-environment turns the guard off")
	assert.True(t, NewGuard(nil, nil, false, false, prod).Default)
	assert.False(t, NewGuard(nil, nil, false, true, prod).Default, "a named environment has no default guard")
	assert.False(t, NewGuard([]string{"main"}, nil, false, false, prod).Default)
	explicit := NewGuard(nil, nil, false, false, DefaultTypes(Synchronize{}))
	ok, why := explicit.Check("feature/x", "development")
	assert.False(t, ok, "a synchronization runs only where a guard says")
	assert.Equal(t, "no guard says where it runs", why)
	assert.False(t, explicit.NeedsType(), "and asks the API nothing")
	assert.Equal(t, []string{"development", "staging"}, DefaultTypes(Pause{}))
	assert.Equal(t, prod, DefaultTypes(Backup{}))
}

func TestErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		token  string
		env    string
		action Action
		check  func(t *testing.T, err error)
	}{
		{"viewer is forbidden", emutest.ViewerToken, "main", Backup{}, func(t *testing.T, err error) {
			var e *api.APIError
			require.ErrorAs(t, err, &e)
			assert.Equal(t, 403, e.Status)
			assert.Contains(t, e.Error(), "admin role")
		}},
		{"unknown environment", emutest.AdminToken, "nope", Backup{}, func(t *testing.T, err error) {
			var e *api.APIError
			require.ErrorAs(t, err, &e)
			assert.Equal(t, 404, e.Status)
			assert.Contains(t, e.Error(), "Environment not found: nope")
		}},
		{"unknown operation", emutest.AdminToken, "main", SourceOperation{Operation: "nope"}, func(t *testing.T, err error) {
			var e *api.APIError
			require.ErrorAs(t, err, &e)
			assert.Equal(t, 400, e.Status)
			assert.Contains(t, e.Error(), `Source operation "nope" is not defined`)
		}},
		{"invalid token", "wrong", "main", Backup{}, func(t *testing.T, err error) {
			var e *tokenauth.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tokenauth.KindRejected, e.Kind)
		}},
		{"no token", "", "main", Backup{}, func(t *testing.T, err error) {
			var e *tokenauth.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tokenauth.KindNoToken, e.Kind)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			em := emutest.Start(t, emulator.Options{})
			var logs bytes.Buffer
			_, err := run(t, context.Background(), config(t, em, tt.token, &logs), job(tt.env, tt.action))
			require.Error(t, err)
			tt.check(t, err)
		})
	}
}

func TestUnreachableAPI(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{})
	var logs bytes.Buffer
	cfg := config(t, em, emutest.AdminToken, &logs)
	cfg.Endpoints.APIURL = "http://127.0.0.1:1/api"
	_, err := run(t, context.Background(), cfg, job("main", Backup{}))
	var e *api.NetError
	require.ErrorAs(t, err, &e)
	assert.Contains(t, e.Error(), "POST /api/projects/proj1/environments/main/backup")
}

func TestWaitFollowsTheActivity(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{PendingFor: 30 * time.Millisecond, RunningFor: 60 * time.Millisecond, Now: time.Now})
	var logs bytes.Buffer
	j := job("main", Redeploy{})
	j.Wait, j.Poll = true, 10*time.Millisecond
	res, err := run(t, context.Background(), config(t, em, emutest.AdminToken, &logs), j)
	require.NoError(t, err)
	assert.Equal(t, "complete", res.Activity.State)
	assert.Equal(t, "success", res.Activity.Result)
	assert.Contains(t, logs.String(), "redeploy in_progress")
	assert.Contains(t, logs.String(), "redeploy finished")
}

func TestWaitReportsFailureAndTimeout(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{RunningFor: 20 * time.Millisecond, Now: time.Now})
	em.AddProject("p2", emulator.Environment{ID: "main", Type: "production", FailActivities: true})
	var logs bytes.Buffer
	cfg := config(t, em, emutest.AdminToken, &logs)
	j := job("main", Backup{})
	j.Target.Project = "p2"
	j.Wait, j.Poll = true, 5*time.Millisecond
	_, err := run(t, context.Background(), cfg, j)
	var ae *api.ActivityError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "failure", ae.Result)

	slow := emutest.Start(t, emulator.Options{RunningFor: time.Hour, Now: time.Now})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	j = job("main", Backup{})
	j.Wait, j.Poll = true, 10*time.Millisecond
	_, err = run(t, ctx, config(t, slow, emutest.AdminToken, &logs), j)
	require.ErrorAs(t, err, &ae)
	assert.True(t, ae.TimedOut)
}
