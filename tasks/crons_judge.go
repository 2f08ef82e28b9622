package tasks

import (
	"fmt"
	"time"

	"github.com/pshcron/pshcron/api"
)

// The hints of the verdicts that need attention: what to read or change,
// each command naming the environment as Where says.

func (c CronCheck) hintFailed(activity string) string {
	return "read what it printed: pshcron activity:log" + c.Where + " " + activity
}

func (c CronCheck) hintLong(activity string) string {
	return "a running cron holds the environment's deploys behind it: bound the job with pshcron run --timeout, " +
		"or move long work to a worker as the platform advises; pshcron activity:cancel" + c.Where + " " + activity + " stops this run"
}

func (c CronCheck) hintLate() string {
	return "check the spec (pshcron lint), whether another long cron or a backup held its start up, and whether the " +
		"environment's crons run (pshcron doctor" + c.Where + "): the platform records every start"
}

// hintPaused says how to make the crons run again: resume a paused
// environment; redeploy one whose crons the platform paused (from a
// container of another type than production, past the default guard).
func (c CronCheck) hintPaused() string {
	switch c.Paused {
	case pausedEnvironment:
		return "resume it: pshcron environment:resume" + c.Where
	case inactiveEnvironment:
		return "an inactive environment runs no cron: activate it, or drop it from the check"
	}
	guard := ""
	if c.Where == "" && c.EnvType != "" && c.EnvType != "production" {
		guard = " --env-type " + c.EnvType
	}
	return "the platform pauses a preview environment's crons 14 days after its last deploy; a redeploy resumes them: " +
		"pshcron environment:redeploy" + c.Where + guard
}

// judgeDeployed is the verdict on one of the deployment's crons, whose
// runs (newest first) are given: its state first (paused, running), then
// its last run, then whether it is due.
func (c CronCheck) judgeDeployed(cr api.Cron, runs []api.Activity) CronStatus {
	st := c.tally(CronStatus{App: cr.App, Name: cr.Name, Spec: cr.Spec, Timeout: cr.Timeout, Deployed: true}, runs)
	gap, reading, err := time.Duration(0), "", error(nil)
	if c.Schedule != nil {
		gap, reading, err = c.Schedule(cr)
	}
	st.Schedule = reading
	last := st.Last
	switch {
	case c.Paused != "":
		st.Verdict, st.Detail, st.Hint = "paused", c.Paused, c.hintPaused()
		st.Attention = c.EnvType == "production"
	case last != nil && !(&api.Activity{State: last.State}).Done():
		c.judgeRunning(&st)
	case last != nil && (last.State == api.StateCancelled || last.Result == "failure"):
		how := "failed"
		if last.State == api.StateCancelled {
			how = "was cancelled"
		}
		st.Verdict, st.Attention, st.Hint = "failed", true, c.hintFailed(last.Activity)
		st.Detail = fmt.Sprintf("the last run, started %s, %s after %s (%d of %d runs failed %s)",
			c.ago(last.StartedAt), how, roundDur(time.Duration(last.Seconds)*time.Second), st.Failures, st.Runs, c.since())
	case err != nil:
		st.Verdict, st.Detail = "unknown", "cannot read its spec: "+err.Error()
	default:
		c.judgeDue(&st, gap)
	}
	return st
}

// since writes how far back the runs were read.
func (c CronCheck) since() string {
	return "in the last " + roundDur(c.Now.Sub(c.Since))
}

// judgeRunning is the verdict on a cron whose last run has not ended: past
// its timeout, or holding other activities behind it, needs attention.
func (c CronCheck) judgeRunning(st *CronStatus) {
	last := st.Last
	running := time.Duration(last.Seconds) * time.Second
	st.Blocking = c.cronWaitsOf(last)
	timeout := time.Duration(st.Timeout) * time.Second
	switch {
	case last.State == "pending":
		st.Verdict, st.Detail = "running", "queued "+c.ago(last.StartedAt)+", not started yet"
	case st.Timeout > 0 && running > timeout:
		st.Verdict, st.Attention, st.Hint = "overrun", true, c.hintLong(last.Activity)
		st.Detail = fmt.Sprintf("running for %s, past its %s timeout", roundDur(running), roundDur(timeout))
	case len(st.Blocking) > 0:
		st.Verdict, st.Attention, st.Hint = "blocking", true, c.hintLong(last.Activity)
		st.Detail = fmt.Sprintf("running for %s while waiting behind it: %s", roundDur(running), describeWaits(st.Blocking))
	default:
		st.Verdict, st.Detail = "running", "running for "+roundDur(running)
		if st.Timeout > 0 {
			st.Detail += " (timeout " + roundDur(timeout) + ")"
		}
	}
	if len(st.Blocking) > 0 && st.Verdict == "overrun" {
		st.Detail += "; waiting behind it: " + describeWaits(st.Blocking)
	}
}

// judgeDue is the verdict on a cron whose last run ended well, or that has
// none since Since: late, or missing, when its spec says it should have
// started by now (judged from its last start or the deployment, whichever is
// later).
func (c CronCheck) judgeDue(st *CronStatus, gap time.Duration) {
	from := c.Since
	if st.Last != nil {
		from = st.Last.StartedAt
	}
	if c.DeployedAt.After(from) {
		from = c.DeployedAt
	}
	every := ""
	if gap > 0 {
		every = "; it starts every " + roundDur(gap)
		if st.Schedule != "" {
			every = "; it starts " + st.Schedule
		}
	}
	overdue := gap > 0 && c.Now.Sub(from) > gap+lateAfter(gap)
	switch {
	case st.Last == nil && overdue:
		st.Verdict, st.Attention, st.Hint = "missing", true, c.hintLate()
		st.Detail = "no run " + c.since() + every
	case st.Last == nil:
		st.Verdict, st.Detail = "not-due", "no run "+c.since()+every
	case overdue:
		st.Verdict, st.Attention, st.Hint = "late", true, c.hintLate()
		st.Detail = "it last started " + c.ago(st.Last.StartedAt) + every
	default:
		st.Verdict = "ok"
		st.Detail = fmt.Sprintf("the last run, started %s, took %s", c.ago(st.Last.StartedAt), roundDur(time.Duration(st.Last.Seconds)*time.Second))
		if st.Failures > 0 {
			st.Detail += fmt.Sprintf(" (%d of %d runs failed %s)", st.Failures, st.Runs, c.since())
		}
	}
}
