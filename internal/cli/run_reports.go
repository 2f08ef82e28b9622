package cli

import (
	"context"
	"strings"
	"time"

	"github.com/pshcron/pshcron/envdetect"
	"github.com/pshcron/pshcron/internal/supervise"
)

// A job's reports: the healthchecks ping (run_ping.go), a Sentry cron
// check-in (sentry.go) and, on failure, a mail (mail.go). Each is optional;
// none changes the exit code, and none holds the job up for long: only the
// ping's /start is waited for (5 s at most), the check-in's in_progress is
// sent beside the job.

// jobReports are the monitors one run tells.
type jobReports struct {
	ping   *pinger
	sentry *sentryCheckIn
	mail   mailConfig
	warn   func(string)

	started, checkedIn <-chan struct{}
	begin              time.Time
}

// jobReportsFor reads --sentry-slug and the mail's settings; a slug
// without a usable SENTRY_DSN is a usage error, before anything runs. Where
// the app has a SENTRY_DSN, --name is the default slug (made a slug); a DSN
// that does not read then only costs the check-ins and a warning, since
// nobody asked for them by name. The DSN's key is registered as a secret
// before any output is captured.
func (p *program) jobReportsFor(o *jobRunOptions, env *envdetect.Env, ping *pinger) (*jobReports, error) {
	warn := func(m string) { p.log.Warn().Msg(m) }
	slug := o.SentrySlug
	if slug == "" && strings.TrimSpace(p.getenv("SENTRY_DSN")) != "" {
		slug = sentrySlug(o.Name)
	}
	sc, secrets, err := sentryFromEnv(p.getenv, slug, env.Type, warn)
	if err != nil && o.SentrySlug == "" {
		warn("no Sentry check-ins for --name " + o.Name + ": " + oneLine(err.Error()))
		sc, secrets, err = nil, nil, nil
	}
	if err != nil {
		return nil, err
	}
	for _, s := range secrets {
		p.secrets.Add(s)
	}
	return &jobReports{ping: ping, sentry: sc, mail: mailConfigFromEnv(p.getenv, o.MailTo), warn: warn}, nil
}

// sentrySlug makes a job's name a Sentry monitor slug: lowercase letters,
// digits, - and _, at most 50; "" for a name with none of them.
func sentrySlug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-'
		switch {
		case ok:
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimRight(b.String(), "-")
	if len(s) > 50 {
		s = strings.TrimRight(s[:50], "-")
	}
	return s
}

// start tells the monitors the job starts: the ping's /start (waited for,
// 5 s at most) and the check-in's in_progress (not waited for).
func (r *jobReports) start(ctx context.Context) {
	r.begin = time.Now()
	checkedIn := make(chan struct{})
	go func() {
		defer close(checkedIn)
		if r.sentry != nil {
			r.sentry.start(ctx)
		}
	}()
	r.checkedIn = checkedIn
	r.started = r.ping.runStart(ctx)
}

// finish tells them how it ended, even after a signal (the run's context
// may be cancelled by then); a failure mails the capture.
func (p *program) finishReports(ctx context.Context, r *jobReports, o *jobRunOptions, env *envdetect.Env, name string, res supervise.Result, capture *supervise.Capture) {
	ctx = context.WithoutCancel(ctx)
	<-r.started
	r.ping.runFinish(ctx, res.ExitCode, p.runBody(capture, r.ping))
	<-r.checkedIn
	if r.sentry != nil {
		r.sentry.finish(ctx, res.ExitCode == 0, res.Duration)
	}
	if res.ExitCode == 0 || len(r.mail.To) == 0 {
		return
	}
	command := make([]string, len(o.Args)) // an argument may hold a secret too
	for i, a := range o.Args {
		command[i] = string(p.secrets.Scrub([]byte(a)))
	}
	report := mailReport{Project: env.Project, Branch: env.Branch, Environment: env.Type, Name: string(p.secrets.Scrub([]byte(name))), Command: command,
		Start: r.begin, End: r.begin.Add(res.Duration), ExitCode: res.ExitCode, TimedOut: res.TimedOut,
		Capture: safeBody(string(p.secrets.Scrub(capture.Bytes())))}
	if r.ping != nil {
		report.Rid = r.ping.rid
	}
	sendFailureMail(ctx, r.mail, report, r.warn)
}
