package cli

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"strconv"
	"strings"
)

// A fleet's targets: every pair of -p and -e, or the lines or JSON of
// --targets, checked, each distinct one once, then the --shard's slice of
// them.

// maxShards bounds N in --shard K/N: a CI matrix has far fewer jobs, and a
// bound keeps the hash's modulus a positive 32-bit number.
const maxShards = 10000

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
func (p *program) fleetTargets(ctx context.Context, s *Settings) ([]fleetTarget, error) {
	var targets []fleetTarget
	if s.TargetsFile != "" {
		var err error
		if targets, err = p.readTargets(ctx, s.TargetsFile, s.timeout()); err != nil {
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
	switch {
	case len(targets) == 0 && s.TargetsFile != "":
		return nil, usageErr("--targets "+s.TargetsFile+" names no target", "a line of a targets file is PROJECT:ENVIRONMENT; # starts a comment")
	case len(targets) == 0:
		return nil, usageErr("no targets: give -p and -e, or --targets FILE", "a line of a targets file is PROJECT:ENVIRONMENT")
	}
	for _, t := range targets {
		if err := checkTarget(t); err != nil {
			return nil, err
		}
	}
	var kept []fleetTarget
	for _, t := range p.distinct(targets) {
		if s.ShardN == 0 || inShard(t, s.ShardK, s.ShardN) {
			kept = append(kept, t)
		}
	}
	return kept, nil
}

// checkTarget checks a target's ids: each becomes a path segment.
func checkTarget(t fleetTarget) error {
	if err := checkID("project", t.Project); err != nil {
		return err
	}
	return checkID("environment", t.Environment)
}

// distinct keeps the first of each (project, environment), in order: the
// same target listed twice (-e main -e main, a line repeated) must not fire
// twice. A log line names what was dropped.
func (p *program) distinct(targets []fleetTarget) []fleetTarget {
	seen := map[[2]string]bool{}
	var out []fleetTarget
	var dropped []string
	for _, t := range targets {
		key := [2]string{t.Project, t.Environment}
		if seen[key] {
			dropped = append(dropped, t.String())
			continue
		}
		seen[key] = true
		out = append(out, t)
	}
	if len(dropped) > 0 {
		p.log.Warn().Strs("dropped", dropped).Int("targets", len(out)).Msg("targets listed more than once run once")
	}
	return out
}

// inShard is the deterministic slice a target belongs to: a hash of its
// name, so shards are disjoint and cover every target whatever the order.
func inShard(t fleetTarget, k, n int) bool {
	h := fnv.New32a()
	_, _ = io.WriteString(h, t.String())
	return int(h.Sum32()%uint32(n)) == k-1
}

// parseShard reads --shard K/N, N at most maxShards.
func parseShard(v string) (k, n int, err error) {
	ks, ns, ok := strings.Cut(v, "/")
	k, kerr := strconv.Atoi(ks)
	n, nerr := strconv.Atoi(ns)
	if ok && kerr == nil && nerr == nil && (n < 1 || n > maxShards) {
		return 0, 0, usageErr(fmt.Sprintf("--shard %s: N must be from 1 to %d", v, maxShards), "for example --shard 2/4: the second of four slices")
	}
	if !ok || kerr != nil || nerr != nil || k < 1 || k > n {
		return 0, 0, usageErr("--shard "+v+" is not K/N", "for example --shard 2/4: the second of four slices")
	}
	return k, n, nil
}
