package tasks

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/pshcron/pshcron/api"
)

// The platform records every cron run as an environment.cron activity and
// the current deployment carries each cron's spec and timeout; nobody reads
// them. CronCheck.Judge turns them into one verdict a cron: the last run
// failed, it is late against its spec, it has not run at all, it runs past
// its timeout, or deploys wait behind it.

// lateAfter is how long after its due time a start may come before a cron
// that starts every gap is late: the platform delays each start at random by
// up to 20 minutes or the period, whichever is smaller (cronspec.MaxOffset),
// and crons queue behind each other and behind backups (10 more).
func lateAfter(gap time.Duration) time.Duration {
	return min(gap, 20*time.Minute) + 10*time.Minute
}

// CronCheck is what judging an environment's crons looks at.
type CronCheck struct {
	Now time.Time // the platform's clock
	// Since is how far back Runs were read: the window's start, or the
	// oldest run read when there were more than could be read.
	Since   time.Time
	Partial bool // runs before the window's start were left unread
	EnvType string
	// Paused is why the environment's crons do not run now ("" they do).
	Paused string
	// DeployedAt is when the current deployment was made: a cron is not
	// due before its first period after it.
	DeployedAt time.Time
	Crons      []api.Cron     // the current deployment's
	Runs       []api.Activity // its environment.cron activities since Since, newest first
	Waiting    []api.Activity // activities pending on the environment
	// Where is what the hints' commands add to name the environment
	// (" -p P -e E"; "" for the container's own).
	Where string
	// Schedule reads a cron's spec: the longest time between two starts,
	// and a short reading for people ("every 15m").
	Schedule func(api.Cron) (gap time.Duration, reading string, err error)
}

// CronReport is an environment's crons, judged.
type CronReport struct {
	Verdict string       `json:"verdict"` // ok, or fail when a cron needs attention
	Since   time.Time    `json:"since"`
	Partial bool         `json:"partial,omitempty"`
	Paused  string       `json:"paused,omitempty"`
	Crons   []CronStatus `json:"crons"`
}

// CronStatus is one cron's runs and verdict: ok, running, not-due,
// removed or unknown, or, needing attention, failed, late, missing,
// overrun, blocking, or paused on production.
type CronStatus struct {
	App       string      `json:"app,omitempty"`
	Name      string      `json:"name"`
	Spec      string      `json:"spec,omitempty"`
	Schedule  string      `json:"schedule,omitempty"`
	Timeout   int         `json:"timeout_seconds,omitempty"`
	Deployed  bool        `json:"deployed"`
	Runs      int         `json:"runs"`
	Failures  int         `json:"failures"`
	Last      *CronRun    `json:"last_run,omitempty"`
	Verdict   string      `json:"verdict"`
	Attention bool        `json:"attention"`
	Detail    string      `json:"detail"`
	Hint      string      `json:"hint,omitempty"`
	Blocking  []CronWaits `json:"blocking,omitempty"`
}

// CronRun is a cron's latest run.
type CronRun struct {
	Activity  string    `json:"activity"`
	State     string    `json:"state"`
	Result    string    `json:"result,omitempty"`
	StartedAt time.Time `json:"started_at"`
	Seconds   float64   `json:"duration_seconds"`
}

// CronWaits is an activity waiting while a cron runs.
type CronWaits struct {
	Activity string  `json:"activity"`
	Type     string  `json:"type"`
	Seconds  float64 `json:"waited_seconds"`
}

// Judge gives each cron its verdict: the deployment's, in its order, then
// those seen only in the runs (removed or renamed since).
func (c CronCheck) Judge() CronReport {
	r := CronReport{Verdict: "ok", Since: c.Since, Partial: c.Partial, Paused: c.Paused, Crons: []CronStatus{}}
	byName := c.runsByName()
	for _, cr := range c.Crons {
		st := c.judgeDeployed(cr, byName[cr.Name])
		delete(byName, cr.Name)
		r.Crons = append(r.Crons, st)
	}
	gone := make([]string, 0, len(byName))
	for name := range byName {
		gone = append(gone, name)
	}
	sort.Strings(gone)
	for _, name := range gone {
		st := c.tally(CronStatus{Name: name}, byName[name])
		st.Verdict, st.Detail = "removed", "not in the current deployment; it last started "+c.ago(st.Last.StartedAt)
		r.Crons = append(r.Crons, st)
	}
	for _, st := range r.Crons {
		if st.Attention {
			r.Verdict = "fail"
		}
	}
	return r
}

// runsByName groups the runs by cron, newest first.
func (c CronCheck) runsByName() map[string][]api.Activity {
	out := map[string][]api.Activity{}
	for _, a := range c.Runs {
		if name := a.CronName(); name != "" {
			out[name] = append(out[name], a)
		}
	}
	return out
}

// tally counts a cron's runs and failures and notes its last run.
func (c CronCheck) tally(st CronStatus, runs []api.Activity) CronStatus {
	st.Runs = len(runs)
	for i, a := range runs {
		if a.State == api.StateCancelled || a.Result == "failure" {
			st.Failures++
		}
		if i == 0 {
			st.Last = c.lastRun(a)
		}
	}
	return st
}

func (c CronCheck) lastRun(a api.Activity) *CronRun {
	run := &CronRun{Activity: a.ID, State: a.State, Result: a.Result, StartedAt: parseTime(a.StartedAt)}
	if run.StartedAt.IsZero() {
		run.StartedAt = parseTime(a.CreatedAt)
	}
	end := c.Now
	if done := parseTime(a.CompletedAt); !done.IsZero() {
		end = done
	}
	if !run.StartedAt.IsZero() && end.After(run.StartedAt) {
		run.Seconds = end.Sub(run.StartedAt).Round(time.Second).Seconds()
	}
	return run
}

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// ago says how long before the check a time was.
func (c CronCheck) ago(t time.Time) string {
	return roundDur(c.Now.Sub(t)) + " ago"
}

// roundDur writes a duration to the minute, or the second under one, in the
// short form people read in a table (3h10m, 45s).
func roundDur(d time.Duration) string {
	if d < time.Minute {
		d = d.Round(time.Second)
	} else {
		d = d.Round(time.Minute)
	}
	s := strings.TrimSuffix(d.String(), "m0s")
	if s != d.String() {
		s += "m"
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// cronWaitsOf is what waits on the environment while run runs.
func (c CronCheck) cronWaitsOf(run *CronRun) []CronWaits {
	var out []CronWaits
	for _, a := range c.Waiting {
		if a.ID == run.Activity || a.State != "pending" {
			continue
		}
		waited := c.Now.Sub(parseTime(a.CreatedAt))
		out = append(out, CronWaits{Activity: a.ID, Type: a.Type, Seconds: waited.Round(time.Second).Seconds()})
	}
	return out
}

// describeWaits names what waits, with how long.
func describeWaits(ws []CronWaits) string {
	s := ""
	for i, w := range ws {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%s %s for %s", w.Type, w.Activity, roundDur(time.Duration(w.Seconds)*time.Second))
	}
	return s
}
