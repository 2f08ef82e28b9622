package emulator

import (
	"html"
	"strings"
	"time"
)

// Crons as the platform records them. The current deployment defines each
// app's crons (webapps.{app}.crons.{name}: spec, commands, timeout,
// shutdown_timeout). Every run is an environment.cron activity, its name in
// parameters.cron and payload.cron, its output in the log stream; it can be
// cancelled like any activity, and a push or redeploy waits (pending)
// while a cron runs (FACTS.md, "Crons, hooks and the container").

// Cron is one cron of an app, as the deployment defines it.
type Cron struct {
	App         string // the app it belongs to (default "app")
	Name        string
	Spec        string // such as "0 3 * * *"
	Start, Stop string // commands.start, commands.stop ("" for none)
	// Timeout is the most one run may take, in seconds (default and
	// maximum 86400); ShutdownTimeout how long a cancelled run has before
	// SIGKILL (default 10).
	Timeout, ShutdownTimeout int
}

// withDefaults is the cron with the platform's defaults filled in.
func (c Cron) withDefaults() Cron {
	if c.App == "" {
		c.App = "app"
	}
	if c.Timeout <= 0 {
		c.Timeout = 86400
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = 10
	}
	return c
}

// CronRun is one run of a cron, for AddCronRun.
type CronRun struct {
	Name    string
	Started time.Time
	// Took is how long it ran; Running is a run that has not ended and
	// stays in progress until cancelled (a cron stuck for hours).
	Took    time.Duration
	Failed  bool
	Running bool
	// Log is what it printed, a line each.
	Log []string
}

// cronQueueDelay is how long before its start a run's activity is created:
// the platform records the run, then the container starts it.
const cronQueueDelay = 2 * time.Second

// AddCronRun records a cron run on an environment as the platform does: an
// environment.cron activity created just before it started, and returns
// its id.
func (s *Server) AddCronRun(projectID, envID string, r CronRun) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addCronRun(s.projects[projectID], envID, r).id
}

// addCronRun records a cron run; callers hold s.mu.
func (s *Server) addCronRun(p *project, envID string, r CronRun) *activity {
	lines := make([]string, 0, len(r.Log))
	for _, l := range r.Log {
		if !strings.HasSuffix(l, "\n") {
			l += "\n"
		}
		lines = append(lines, l)
	}
	a := &activity{id: s.nextID("a"), typ: "environment.cron", env: envID, created: r.Started.Add(-cronQueueDelay),
		payload: map[string]any{"cron": r.Name}, params: map[string]any{"cron": r.Name}, fail: r.Failed,
		timed: true, running: r.Running, started: r.Started, took: r.Took, lines: lines}
	insertActivity(p, a)
	return a
}

// AddQueued records an activity of type typ (environment.push,
// environment.redeploy, ...) created at since on an environment, queued
// behind the cron running there: pending while that cron runs, then run as
// a new activity is once it ends (or is cancelled). With no cron running,
// it is an activity created at since. It returns the activity's id.
func (s *Server) AddQueued(projectID, envID, typ string, since time.Time) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.projects[projectID]
	a := &activity{id: s.nextID("a"), typ: typ, env: envID, created: since,
		payload: map[string]any{"environment": map[string]any{"id": envID}}, behind: s.runningCron(p, envID)}
	insertActivity(p, a)
	return a.id
}

// AddQueuedCron records a run of cron name fired at since while another
// cron runs on the environment: the platform runs one cron at a time per
// container, so it waits, pending, as AddQueued's activities do. It returns
// the activity's id.
func (s *Server) AddQueuedCron(projectID, envID, name string, since time.Time) string {
	id := s.AddQueued(projectID, envID, "environment.cron", since)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.projects[projectID].activities {
		if a.id == id {
			a.payload, a.params = map[string]any{"cron": name}, map[string]any{"cron": name}
		}
	}
	return id
}

// runningCron is the cron in progress on env, or nil; callers hold s.mu.
func (s *Server) runningCron(p *project, env string) *activity {
	for _, a := range p.activities {
		if st, _, _ := s.progress(a); a.env == env && a.typ == "environment.cron" && st == "in_progress" {
			return a
		}
	}
	return nil
}

// timedProgress is a timed activity's state on the clock: pending until it
// starts, in progress until it ends (a running one until cancelled), then
// complete; callers hold s.mu.
func (s *Server) timedProgress(a *activity) (state, result string, percent int) {
	now := s.opts.Now()
	switch {
	case now.Before(a.started):
		return "pending", "", 0
	case a.running || now.Before(a.started.Add(a.took)):
		// A cron cannot tell how far it has got.
		return "in_progress", "", 0
	case a.fail:
		return "complete", "failure", 100
	}
	return "complete", "success", 100
}

// cronName is the name an environment.cron activity ran.
func cronName(a *activity) string {
	name, _ := a.params["cron"].(string)
	return name
}

// descriptions are an activity's description (HTML) and text. A cron run
// reads "Platform.sh Bot ran cron NAME" in the official activity:list (the
// platform's own posts show it so).
func descriptions(a *activity) (htmlText, text string) {
	if a.typ == "environment.cron" && cronName(a) != "" {
		name := cronName(a)
		return "<user>Platform.sh Bot</user> ran cron <strong>" + html.EscapeString(name) + "</strong>",
			"Platform.sh Bot ran cron " + name
	}
	return "<user>Emulator</user> ran " + a.typ, "Emulator ran " + a.typ
}

// timings are a finished timed activity's phases in seconds, as the
// official activity:list shows them (wait, execute).
func timings(a *activity, state string) map[string]any {
	if !a.timed || state != "complete" {
		return map[string]any{}
	}
	return map[string]any{"wait": a.started.Sub(a.created).Seconds(), "execute": a.took.Seconds()}
}

// crons renders an app's crons as the deployment serves them.
func cronsJSON(crons []Cron) map[string]any {
	out := map[string]any{}
	for _, c := range crons {
		out[c.Name] = map[string]any{
			"spec":             c.Spec,
			"commands":         map[string]any{"start": c.Start, "stop": nullStr(c.Stop)},
			"timeout":          c.Timeout,
			"shutdown_timeout": c.ShutdownTimeout,
		}
	}
	return out
}

// cronsState is an environment's deployment_state.crons.
func cronsState(e *environment) map[string]any {
	if e.CronsPaused {
		return map[string]any{"enabled": false, "status": "paused"}
	}
	return map[string]any{"enabled": true, "status": "running"}
}
