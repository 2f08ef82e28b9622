package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/internal/lint"
	"github.com/pshcron/pshcron/internal/safefile"
	"github.com/pshcron/pshcron/tasks"
	"github.com/pshcron/pshcron/tokenauth"
)

// doctor is `pshcron doctor`, for an SSH session on the container or CI:
// one line per check, a verdict and a fix for each. Exit 0 when none fails
// (warnings pass), 1 when one fails, 3 when the token itself fails.

// finding is one check's verdict.
type finding struct {
	Check   string `json:"check"`
	Verdict string `json:"verdict"` // ok, warn, fail
	Detail  string `json:"detail"`
	Fix     string `json:"fix,omitempty"`
}

func (p *program) doctor(ctx context.Context, s *Settings) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	var out []finding
	add := func(f finding) { out = append(out, f) }
	tokenErr := p.doctorPlatform(ctx, s, add)
	p.doctorMachine(s, add)
	if err := printFindings(p, s, out); err != nil {
		p.log.Warn().Err(err).Msg("cannot write the result to stdout")
	}
	failed := 0
	for _, f := range out {
		if f.Verdict == "fail" {
			failed++
		}
	}
	switch {
	case tokenErr != nil:
		return tokenErr
	case failed > 0:
		return &doctorError{failed: failed}
	}
	return nil
}

// doctorPlatform checks the token, the user, the environment and the clock;
// it returns the token's failure, which decides the exit code.
func (p *program) doctorPlatform(ctx context.Context, s *Settings, add func(finding)) error {
	platform, err := p.platform(s)
	if err != nil {
		add(finding{"api", "fail", err.Error(), hintOf(err)})
		return nil
	}
	d := platform.Describe()
	if d.TokenErr != nil {
		add(finding{"token", "fail", d.TokenErr.Error(), hintOf(d.TokenErr)})
		return d.TokenErr
	}
	add(finding{Check: "token", Verdict: "ok", Detail: "from " + d.TokenFrom + " (" + d.TokenFingerprint + ")"})
	client, err := platform.Connect()
	if err != nil {
		add(finding{"token", "fail", err.Error(), hintOf(err)})
		return err
	}
	start := time.Now()
	user, _, err := client.Me(ctx)
	if err != nil {
		add(finding{"exchange", "fail", oneLine(err.Error()), hintOf(err)})
		var auth *tokenauth.Error
		if errors.As(err, &auth) || isStatus(err, 401) {
			return err
		}
		return nil
	}
	add(finding{Check: "exchange", Verdict: "ok", Detail: "the token works: " + time.Since(start).Round(time.Millisecond).String() + " to the API"})
	add(finding{Check: "user", Verdict: "ok", Detail: "acts as " + user.Username + " <" + user.Email + ">"})
	p.doctorEnvironment(ctx, s, client, add)
	return nil
}

// doctorEnvironment checks the environment: its status, what the user may
// do on it now, its crons, its last backup, and the clocks.
func (p *program) doctorEnvironment(ctx context.Context, s *Settings, c *tasks.Client, add func(finding)) {
	ts, err := p.resolve(ctx, s, scopeEnvironment)
	w := ts.where
	if err != nil {
		add(finding{"environment", "warn", "no environment to check: " + err.Error(), "run it in a container, or with -p and -e"})
		return
	}
	env, resp, err := c.GetEnvironment(ctx, w.target)
	if err != nil {
		add(finding{"environment", "fail", oneLine(err.Error()), hintOf(err)})
		return
	}
	add(environmentStatus(env, w.target))
	add(rights(env))
	if f, ok := cronsFinding(env, whereFlags(w.target, w.env)); ok {
		add(cronRunsFinding(ctx, c, w.target, env, f, whereFlags(w.target, w.env)))
	}
	add(lastBackup(env, resp.Date))
	add(clockOffset(resp.Date, resp.Received))
	if w.own() {
		add(lintOwnApp(w))
	}
}

// cronsFinding is whether the environment's crons run: never on an
// environment that is not active, whatever its deployment state says.
func cronsFinding(env *api.Environment, where string) (finding, bool) {
	ds := env.DeploymentState
	switch {
	case env.Status == api.StatusPaused:
		return finding{"crons", "warn", "the environment's crons do not run while it is paused", "resume it: pshcron environment:resume" + where}, true
	case env.Status != api.StatusActive:
		return finding{Check: "crons", Verdict: "warn", Detail: "the environment's crons do not run while it is " + env.Status}, true
	case ds == nil:
		return finding{}, false
	case ds.Crons.Status != "" && ds.Crons.Status != "running":
		guard := ""
		if where == "" && env.Type != "production" {
			guard = " --env-type " + env.Type
		}
		return finding{"crons", "warn", "the environment's crons are " + ds.Crons.Status,
			"the platform pauses a preview environment's crons 14 days after its last deploy; a redeploy resumes them: pshcron environment:redeploy" + where + guard}, true
	}
	return finding{Check: "crons", Verdict: "ok", Detail: "the environment's crons run"}, true
}

// cronRunsFinding is, when the environment's crons run, what their runs
// say (cron:check's verdicts over 26 hours): the crons that failed, are
// late, never ran, overran or hold deploys.
func cronRunsFinding(ctx context.Context, c *tasks.Client, t api.Target, env *api.Environment, f finding, where string) finding {
	if f.Verdict != "ok" {
		return f
	}
	facts, err := c.ReadFacts(ctx, t, env, 26*time.Hour)
	if err != nil {
		return finding{"crons", "warn", "cannot read the crons' runs: " + oneLine(err.Error()), hintOf(err)}
	}
	chk := facts.CronCheck()
	chk.Schedule, chk.Where = cronSchedule, where
	r := chk.Judge()
	escapeCronReport(&r)
	if r.Verdict != "ok" {
		e := newCronCheckError(r)
		return finding{"crons", "warn", e.Error(), "pshcron cron:check" + where + " shows each cron's runs; " + hintOf(e)}
	}
	n := len(facts.Deployment.Crons())
	if n == 0 {
		return finding{Check: "crons", Verdict: "ok", Detail: "the environment's crons run: none in the deployment"}
	}
	return finding{Check: "crons", Verdict: "ok", Detail: fmt.Sprintf("the environment's crons run: %d in the deployment, %d runs in 26h, none needs attention", n, len(facts.Runs))}
}

// lintOwnApp lints the container's own crons and hooks, from
// PLATFORM_APPLICATION, as pshcron lint would.
func lintOwnApp(w where) finding {
	raw, err := w.env.AppConfig()
	if err != nil || raw == nil {
		return finding{"config", "warn", "PLATFORM_APPLICATION is not readable here", "run pshcron lint on the repository"}
	}
	app, err := lint.ParseApp("PLATFORM_APPLICATION", raw)
	if err != nil {
		return finding{"config", "warn", err.Error(), "run pshcron lint on the repository"}
	}
	findings := lint.Check([]lint.App{app}, checkPshcronLine)
	var worst []string
	for _, f := range findings {
		if f.Severity >= lint.Warning {
			worst = append(worst, f.Rule+" ("+f.Message+")")
		}
	}
	if len(worst) > 0 {
		return finding{"config", "warn", fmt.Sprintf("the app's crons and hooks: %d finding(s): %s", len(worst), strings.Join(worst, "; ")),
			"pshcron lint on the repository shows each with its line and fix"}
	}
	return finding{Check: "config", Verdict: "ok", Detail: fmt.Sprintf("the app's %d cron(s) and hooks lint clean", len(app.Crons))}
}

func lastBackup(env *api.Environment, now time.Time) finding {
	at, err := time.Parse(time.RFC3339, env.LastBackupAt)
	switch {
	case env.LastBackupAt == "" || err != nil:
		line := "pshcron backup:create --yes --no-wait"
		if env.Type != "" && env.Type != "production" {
			line += " --env-type " + env.Type // the default guard runs backups on production only
		}
		return finding{"backup", "warn", "the environment has never been backed up", "add a backup cron: " + line}
	case !now.IsZero() && now.Sub(at) > 26*time.Hour:
		return finding{"backup", "warn", "last backed up " + roundAge(now.Sub(at)) + " ago", "check the backup cron, or run pshcron backup:check"}
	}
	return finding{Check: "backup", Verdict: "ok", Detail: "last backed up at " + at.UTC().Format(time.RFC3339)}
}

// clockOffset compares this machine's clock with the platform's (Date).
// pshcron's own decisions do not depend on it; logs and other tools do.
func clockOffset(platform, local time.Time) finding {
	if platform.IsZero() {
		return finding{"clock", "warn", "the platform's answer had no Date header", ""}
	}
	off := local.Sub(platform).Round(time.Second)
	detail := "this machine's clock is " + shortDuration(off.Abs()) + " ahead of the platform's"
	if off < 0 {
		detail = "this machine's clock is " + shortDuration(off.Abs()) + " behind the platform's"
	}
	if off.Abs() > time.Minute {
		return finding{"clock", "warn", detail, "set up NTP: timestamps in logs will not match the platform's (pshcron's own checks use the platform's clock)"}
	}
	return finding{Check: "clock", Verdict: "ok", Detail: detail}
}

// mailFinding says, when MAILTO asks for failure mail (pshcron run's, or
// croncape's), whether this environment can send any: outgoing mail is off
// by default outside production, and PLATFORM_SMTP_HOST is then empty.
func mailFinding(getenv func(string) string) (finding, bool) {
	switch {
	case getenv("MAILTO") == "":
		return finding{}, false
	case getenv("PLATFORM_SMTP_HOST") == "" && getenv("PSHCRON_SMTP_ADDR") == "":
		return finding{"mail", "warn", "MAILTO is set, but outgoing mail is off here (PLATFORM_SMTP_HOST is empty): no failure mail leaves",
			"turn outgoing email on for this environment: upsun environment:info enable_smtp true (on by default only on production)"}, true
	}
	return finding{Check: "mail", Verdict: "ok", Detail: "failure mail goes to " + getenv("MAILTO") + " through the platform's SMTP host"}, true
}

// doctorMachine checks this machine: the cache directory, and whether
// crons find pshcron on PATH.
func (p *program) doctorMachine(s *Settings, add func(finding)) {
	if f, ok := mailFinding(p.getenv); ok {
		add(f)
	}
	if platform, err := p.platform(s); err == nil {
		d := platform.Describe()
		if d.CacheErr != nil {
			add(finding{"cache", "warn", "no safe cache directory: " + oneLine(d.CacheErr.Error()), "set PSHCRON_CACHE_DIR to a directory only this user can read"})
		} else {
			add(finding{Check: "cache", Verdict: "ok", Detail: d.CacheDir})
		}
	}
	appDir := p.getenv("PLATFORM_APP_DIR")
	if appDir == "" {
		return
	}
	envFile := filepath.Join(appDir, ".environment")
	b, err := safefile.ReadFile(envFile, 1<<20) // a FIFO there must not hang doctor
	if err != nil || !strings.Contains(string(b), "# pshcron") {
		add(finding{"path", "warn", envFile + " puts no pshcron on PATH for crons",
			"install it from the build hook: curl -fsSL .../install.sh | PSHCRON_VERSION=x.y.z sh"})
		return
	}
	add(finding{Check: "path", Verdict: "ok", Detail: envFile + " puts pshcron on PATH"})
}

func printFindings(p *program, s *Settings, out []finding) error {
	if s.Quiet {
		return nil
	}
	if s.Format == "json" {
		if out == nil {
			out = []finding{}
		}
		p.holdJSON(&doctorReport{Checks: out})
		return nil
	}
	var rows [][]string
	for _, f := range out {
		rows = append(rows, []string{f.Verdict, f.Check, f.Detail})
		if f.Fix != "" && f.Verdict != "ok" {
			rows = append(rows, []string{"", "", "fix: " + f.Fix})
		}
	}
	return printRows(p.stdout, "table", nil, rows, true)
}

// doctorReport is doctor's JSON: the checks, and the failure.
type doctorReport struct {
	Checks []finding `json:"checks"`
	failure
}

// doctorError is a doctor that found failures.
type doctorError struct{ failed int }

func (e *doctorError) Error() string { return fmt.Sprintf("%d check(s) failed", e.failed) }

// Hint points at the fixes.
func (e *doctorError) Hint() string { return "each failed check has its fix" }
