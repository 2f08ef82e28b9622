package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pshcron/pshcron/tasks"
)

// Fleets: one command over many projects and environments. Targets come
// from -p and -e (repeatable; every pair) or --targets FILE; --shard K/N
// takes a deterministic K-th of N slices of them, so a CI matrix covers a
// fleet with no overlap and no coordination. Each target runs behind its own
// guard, lock and exactly-once rules; one Platform per distinct token, so one
// exchange each; at most --concurrency at once; a failure never stops the
// others.

// fleetTarget is one target of a run over several.
type fleetTarget struct {
	Project     string `json:"project"`
	Environment string `json:"environment"`
	// TokenEnv names the variable holding this target's API token (never
	// the token itself); "" means the usual PLATFORMSH_CLI_TOKEN.
	TokenEnv string `json:"token_env,omitempty"`
}

func (t fleetTarget) String() string { return t.Project + ":" + t.Environment }

// isFleet reports whether the command line names more than one target.
func (s *Settings) isFleet() bool {
	return s.TargetsFile != "" || len(s.Projects) > 1 || s.ShardN > 0 || (len(s.Environments) > 1 && !s.All)
}

// fleetTargets reads the targets and keeps the shard's.
func (p *program) fleetTargets(s *Settings) ([]fleetTarget, error) {
	var targets []fleetTarget
	if s.TargetsFile != "" {
		var err error
		if targets, err = p.readTargets(s.TargetsFile); err != nil {
			return nil, err
		}
	} else {
		projects, envs := s.Projects, s.Environments
		if len(projects) == 0 && p.getenv("PLATFORM_PROJECT") != "" {
			projects = []string{p.getenv("PLATFORM_PROJECT")}
		}
		if len(envs) == 0 && p.getenv("PLATFORM_BRANCH") != "" {
			envs = []string{p.getenv("PLATFORM_BRANCH")}
		}
		for _, pr := range projects {
			for _, e := range envs {
				targets = append(targets, fleetTarget{Project: pr, Environment: e})
			}
		}
	}
	if len(targets) == 0 {
		return nil, usageErr("no targets: give -p and -e, or --targets FILE", "a line of a targets file is PROJECT:ENVIRONMENT")
	}
	var kept []fleetTarget
	for _, t := range targets {
		if err := checkID("project", t.Project); err != nil {
			return nil, err
		}
		if err := checkID("environment", t.Environment); err != nil {
			return nil, err
		}
		if s.ShardN == 0 || inShard(t, s.ShardK, s.ShardN) {
			kept = append(kept, t)
		}
	}
	return kept, nil
}

// inShard is the deterministic slice a target belongs to: a hash of its
// name, so shards are disjoint and cover every target whatever the order.
func inShard(t fleetTarget, k, n int) bool {
	h := fnv.New32a()
	_, _ = io.WriteString(h, t.String())
	return int(h.Sum32()%uint32(n)) == k-1
}

// readTargets reads PROJECT[:ENVIRONMENT] lines, or a JSON array of
// {project, environment, token_env}; - is stdin.
func (p *program) readTargets(path string) ([]fleetTarget, error) {
	var r io.Reader = p.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, usageErr("cannot read --targets: "+err.Error(), "one PROJECT:ENVIRONMENT a line, or a JSON array")
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, 8<<20))
	if err != nil {
		return nil, usageErr("cannot read --targets: "+err.Error(), "one PROJECT:ENVIRONMENT a line, or a JSON array")
	}
	if trimmed := strings.TrimSpace(string(data)); strings.HasPrefix(trimmed, "[") {
		var targets []fleetTarget
		if err := json.Unmarshal(data, &targets); err != nil {
			return nil, usageErr("--targets is not a JSON array of targets: "+err.Error(), `for example [{"project": "abc", "environment": "main", "token_env": "TOKEN_ABC"}]`)
		}
		return targets, nil
	}
	var targets []fleetTarget
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		project, env, _ := strings.Cut(line, ":")
		if env == "" {
			env = "main"
		}
		targets = append(targets, fleetTarget{Project: strings.TrimSpace(project), Environment: strings.TrimSpace(env)})
	}
	return targets, nil
}

// parseShard reads --shard K/N.
func parseShard(v string) (k, n int, err error) {
	ks, ns, ok := strings.Cut(v, "/")
	k, kerr := strconv.Atoi(ks)
	n, nerr := strconv.Atoi(ns)
	if !ok || kerr != nil || nerr != nil || n < 1 || k < 1 || k > n {
		return 0, 0, usageErr("--shard "+v+" is not K/N", "for example --shard 2/4: the second of four slices")
	}
	return k, n, nil
}

// runFleet fires action on every target, concurrently, a line for each as
// it ends, and a summary.
func (p *program) runFleet(ctx context.Context, s *Settings, action tasks.Action, decide tasks.Decision) error {
	return p.fleet(ctx, s, action.Name(), func(pl *tasks.Platform, gate tasks.Gate) fleetJob {
		job := tasks.Job{Gate: gate, Action: action, Wait: s.Wait}
		if s.SkipIfRecent > 0 {
			job.Decide = append(job.Decide, tasks.SkipIfRecent(s.SkipIfRecent))
		}
		if decide != nil {
			job.Decide = append(job.Decide, decide)
		}
		return fleetJob{platform: pl, job: job}
	})
}

// workFleet runs work on every target behind its guard and lock, as
// actOnTarget does on one; each target's own output is left out, a line
// says how it ended.
func (p *program) workFleet(ctx context.Context, s *Settings, lock string, work func(context.Context, *tasks.Client, tasks.Target) error) error {
	lines := *s    // the fleet's own lines follow the user's --quiet
	s.Quiet = true // each target's own output is left out
	return p.fleet(ctx, &lines, lock, func(pl *tasks.Platform, gate tasks.Gate) fleetJob {
		gate.Lock = lock
		run := func(ctx context.Context) (*tasks.Result, error) {
			res := &tasks.Result{Project: gate.Target.Project, Environment: gate.Target.Environment}
			prep, skip, err := pl.Prepare(ctx, gate)
			if err != nil || skip != nil {
				if skip != nil {
					res.Skipped, res.Reason = true, skip.Reason
				}
				return res, err
			}
			defer prep.Close()
			return res, work(ctx, prep.Client, gate.Target)
		}
		return fleetJob{platform: pl, job: tasks.Job{Gate: gate}, run: run}
	})
}

// fleet builds a job per target with mk, one Platform per token, runs them
// and sums up.
func (p *program) fleet(ctx context.Context, s *Settings, what string, mk func(*tasks.Platform, tasks.Gate) fleetJob) error {
	targets, err := p.fleetTargets(s)
	if err != nil {
		return err
	}
	platforms := map[string]*tasks.Platform{}
	var jobs []fleetJob
	for _, t := range targets {
		pl, ok := platforms[t.TokenEnv]
		if !ok {
			if pl, err = p.platformFor(s, t.TokenEnv); err != nil {
				return err
			}
			platforms[t.TokenEnv] = pl
		}
		guard := tasks.NewGuard(s.Branches, s.EnvTypes, s.AnyEnvironment, true, nil)
		gate := tasks.Gate{Target: tasks.Target{Project: t.Project, Environment: t.Environment}, Guard: guard, LockWait: s.LockWait}
		jobs = append(jobs, mk(pl, gate))
	}
	p.log.Info().Int("targets", len(jobs)).Int("tokens", len(platforms)).Msg(what + ": starting")
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	outcomes := p.runJobs(ctx, s, jobs)
	return summarize(p, what, outcomes)
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
func (p *program) runJobs(ctx context.Context, s *Settings, jobs []fleetJob) []tasks.Outcome {
	out := make([]tasks.Outcome, len(jobs))
	sem := make(chan struct{}, max(1, s.Concurrency))
	var mu sync.Mutex
	done := 0
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
				p.printOutcome(s, o, done, len(jobs))
			}
		}()
	}
	wg.Wait()
	return out
}

// printOutcome writes one target's end: a line, with a progress count on a
// terminal, or a JSON line.
func (p *program) printOutcome(s *Settings, o tasks.Outcome, done, total int) {
	if s.Format == "json" {
		r := o.Result
		if r == nil {
			r = &tasks.Result{Project: o.Target.Project, Environment: o.Target.Environment}
		}
		t := resultOutput(r)
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
