package cli

import (
	"bufio"
	"encoding/json"
	"hash/fnv"
	"io"
	"os"
	"strconv"
	"strings"
)

// A fleet's targets: every pair of -p and -e, or the lines or JSON of
// --targets, checked, then the --shard's slice of them.

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
