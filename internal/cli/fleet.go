package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/tasks"
)

// Fleets: one command over many projects and environments. Targets come
// from -p and -e (repeatable; every pair) or --targets FILE; --shard K/N
// takes a deterministic K-th of N slices of them, so a CI matrix covers a
// fleet with no overlap and no coordination. Each target runs behind its own
// guard, lock and exactly-once rules; one Platform per distinct token, so one
// exchange each; at most --concurrency at once; a failure never stops the
// others.

// actSeveral runs w on a fleet's targets or a selection's environments,
// concurrently, a line for each as it ends, and a summary. Each target's
// own output is left out: its line says how it ended. Targets that fail
// before they can run (refused by what the list says, or whose token
// variable is unset) are reported first; they never stop the others. A run
// over several targets is gated: one that keeps none pings no success.
func (p *program) actSeveral(ctx context.Context, s *Settings, ts targets, w work) error {
	p.gated.Store(true)
	var jobs []fleetJob
	var failed []tasks.Outcome
	var err error
	if ts.all {
		jobs, failed, err = p.selectJobs(ctx, s, ts.target.Project, w.action)
	} else if jobs, failed, err = p.fleetJobs(s, ts.fleet, w); err == nil {
		p.log.Info().Int("targets", len(jobs)+len(failed)).Int("tokens", tokens(jobs, func(j fleetJob) *tasks.Platform { return j.platform })).Msg(w.name() + ": starting")
	}
	if err != nil {
		return err
	}
	for i, o := range failed {
		if !s.Quiet {
			p.printOutcome(s, w.name(), o, i+1, len(failed)+len(jobs))
		}
	}
	return summarize(p, w.name(), append(failed, p.runJobs(ctx, s, w.name(), jobs)...))
}

// fleetJobs is a job per target, one Platform per token.
func (p *program) fleetJobs(s *Settings, targets []fleetTarget, w work) ([]fleetJob, []tasks.Outcome, error) {
	var jobs []fleetJob
	unreachable, err := p.eachFleetTarget(s, targets, func(target api.Target, pl *tasks.Platform) {
		gate := p.namedGate(s, target)
		jobs = append(jobs, fleetJob{platform: pl, job: tasks.Job{Gate: gate, Action: w.action, Wait: s.Wait, Decide: s.decisions(w.decide)}})
		if w.action == nil {
			jobs[len(jobs)-1] = p.fleetWork(pl, gate, w)
		}
	})
	return jobs, unreachable, err
}

// eachFleetTarget calls fn with each of a fleet's targets and its token's
// Platform, one a token. A target whose token variable is unset is
// unreachable: it fails alone, and one project's missing secret never stops
// the others.
func (p *program) eachFleetTarget(s *Settings, targets []fleetTarget, fn func(api.Target, *tasks.Platform)) ([]tasks.Outcome, error) {
	platforms := map[string]*tasks.Platform{}
	var unreachable []tasks.Outcome
	for _, t := range targets {
		target := api.Target{Project: t.Project, Environment: t.Environment}
		if t.TokenEnv != "" && p.getenv(t.TokenEnv) == "" {
			unreachable = append(unreachable, tasks.Outcome{Target: target, Err: usageErr("--targets names the token variable "+t.TokenEnv+", which is not set",
				"export it, or drop token_env to use PLATFORMSH_CLI_TOKEN")})
			continue
		}
		pl, ok := platforms[t.TokenEnv]
		if !ok {
			var err error
			if pl, err = p.platformFor(s, t.TokenEnv); err != nil {
				return nil, err
			}
			platforms[t.TokenEnv] = pl
		}
		fn(target, pl)
	}
	return unreachable, nil
}

// fleetWork is w.do on one of a fleet's targets, behind its guard and lock:
// what it did is "done", not "accepted".
func (p *program) fleetWork(pl *tasks.Platform, gate tasks.Gate, w work) fleetJob {
	gate.Lock = w.lock
	silent := reporter{p: p, silent: true}
	run := func(ctx context.Context) (*tasks.Result, error) {
		res := &tasks.Result{Project: gate.Target.Project, Environment: gate.Target.Environment}
		skip, err := pl.Work(ctx, gate, func(ctx context.Context, c *tasks.Client, t api.Target) error {
			return w.do(ctx, c, t, silent)
		})
		if skip != nil {
			res.Skipped, res.Reason = true, skip.Reason
		}
		return res, err
	}
	return fleetJob{platform: pl, job: tasks.Job{Gate: gate}, run: run}
}

// tokens counts the distinct platforms (one a token) of a run's jobs or
// items.
func tokens[T any](xs []T, platform func(T) *tasks.Platform) int {
	seen := map[*tasks.Platform]bool{}
	for _, x := range xs {
		seen[platform(x)] = true
	}
	return len(seen)
}

// namedGate is the gate of a target the user named, or a selection chose:
// the guard is the user's alone, already applied when selected.
func (p *program) namedGate(s *Settings, t api.Target) tasks.Gate {
	guard := tasks.NewGuard(s.Branches, s.EnvTypes, s.AnyEnvironment, true, nil)
	return p.monitored(tasks.Gate{Target: t, Guard: guard, LockWait: s.LockWait})
}

type fleetJob struct {
	platform *tasks.Platform
	job      tasks.Job
	// run, when set, is the job's work in place of the action (a check, a
	// prune); what it did is "done", not "accepted".
	run func(context.Context) (*tasks.Result, error)
}

// runJobs runs at most --concurrency jobs at once, each after a random
// delay within --jitter, printing each outcome as it ends.
func (p *program) runJobs(ctx context.Context, s *Settings, what string, jobs []fleetJob) []tasks.Outcome {
	out := make([]tasks.Outcome, len(jobs))
	sem := make(chan struct{}, max(1, s.Concurrency))
	var mu sync.Mutex
	done := 0
	// Each outcome is a JSON line, and so are the summary and the error.
	p.jsonLines = s.Format == "json" && !s.Quiet
	p.several = true
	var wg sync.WaitGroup
	for i, fj := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if s.Jitter > 0 {
				select {
				case <-ctx.Done():
				case <-time.After(rand.N(s.Jitter)):
				}
			}
			sem <- struct{}{}
			var res *tasks.Result
			var err error
			if fj.run != nil {
				res, err = fj.run(ctx)
			} else {
				res, err = fj.platform.Run(ctx, fj.job)
			}
			<-sem
			o := tasks.Outcome{Target: fj.job.Target, Result: res, Err: withTimeout(ctx, err, s.timeout())}
			mu.Lock()
			defer mu.Unlock()
			out[i] = o
			done++
			if !s.Quiet {
				p.printOutcome(s, what, o, done, len(jobs))
			}
		}()
	}
	wg.Wait()
	return out
}

// printOutcome writes one target's end: a line, with a progress count on a
// terminal, or a JSON line.
func (p *program) printOutcome(s *Settings, what string, o tasks.Outcome, done, total int) {
	if s.Format == "json" {
		r := o.Result
		if r == nil {
			r = &tasks.Result{Project: o.Target.Project, Environment: o.Target.Environment}
		}
		t := resultOutput(r)
		if t.Action == "" {
			t.Action = what // a target that failed before its action, or a command's own work
		}
		if o.Err != nil {
			t.Error = oneLine(o.Err.Error())
		}
		b, _ := json.Marshal(t)
		fmt.Fprintln(p.stdout, string(b))
		return
	}
	line := outcomeLine(o)
	if isTerminal(p.stdout) {
		line = fmt.Sprintf("[%d/%d] %s", done, total, line)
	}
	fmt.Fprintln(p.stdout, line)
}

func outcomeLine(o tasks.Outcome) string {
	name := o.Target.Project + ":" + o.Target.Environment
	switch {
	case o.Err != nil:
		return name + "\tfailed\t" + oneLine(o.Err.Error())
	case o.Result.Skipped:
		return name + "\tskipped\t" + o.Result.Reason
	case o.Result.Activity != nil:
		return name + "\taccepted\t" + o.Result.Activity.ID
	case o.Result.Action == "":
		return name + "\tdone"
	}
	return name + "\taccepted"
}

// platformFor is the platform of a target's token: the usual variables, or
// the one variable the target names.
func (p *program) platformFor(s *Settings, tokenEnv string) (*tasks.Platform, error) {
	if tokenEnv == "" {
		return p.platform(s)
	}
	if p.getenv(tokenEnv) == "" {
		return nil, usageErr("--targets names the token variable "+tokenEnv+", which is not set", "export it, or drop token_env to use PLATFORMSH_CLI_TOKEN")
	}
	return p.platformWith(s, tokenEnv)
}
