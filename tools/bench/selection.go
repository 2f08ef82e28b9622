package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/pshcron/pshcron/emulator"
)

// selectionRow is one line of the selections table.
type selectionRow struct {
	latency      time.Duration
	command      string
	environments int
	stats        stats
}

// selectionSize is how many development environments a selection acts on.
const selectionSize = 10

// selections measures `environment:pause --all` and `environment:resume
// --all` over selectionSize development environments, warm, alternating so
// each run has every environment to act on.
func (b *bench) selections(latency time.Duration) ([]selectionRow, error) {
	envs := []emulator.Environment{{ID: "main", Type: "production"}}
	for i := 0; i < selectionSize; i++ {
		envs = append(envs, emulator.Environment{ID: fmt.Sprintf("dev-%02d", i), Type: "development"})
	}
	em := emulator.New(emulator.Options{Latency: latency})
	em.AddToken(apiToken, emulator.RoleAdmin)
	em.AddProject(project, envs...)
	if err := em.Start("127.0.0.1:0"); err != nil {
		return nil, err
	}
	defer em.Close()
	env := containerEnv("PSHCRON_API_URL="+em.URL+emulator.APIPath, "PSHCRON_AUTH_URL="+em.URL,
		"PSHCRON_CACHE_DIR="+filepath.Join(b.tmp, fmt.Sprintf("selection-%d", latency.Milliseconds())))
	cmd := func(command string) *exec.Cmd {
		c := exec.Command(b.bin, command, "--all", "--yes", "--no-wait", "-q")
		c.Env = env
		return c
	}
	// Warm the token cache (and leave everything paused, then active).
	for _, c := range []string{"environment:pause", "environment:resume"} {
		if _, err := measure(cmd(c)); err != nil {
			return nil, err
		}
	}
	samples := map[string][]sample{}
	for i := 0; i < b.runs; i++ {
		for _, c := range []string{"environment:pause", "environment:resume"} {
			x, err := measureOn(em, cmd(c))
			if err != nil {
				return nil, err
			}
			samples[c] = append(samples[c], x)
		}
	}
	var rows []selectionRow
	for _, c := range []string{"environment:pause", "environment:resume"} {
		rows = append(rows, selectionRow{latency: latency, command: c + " --all", environments: selectionSize, stats: summarise(samples[c])})
	}
	return rows, nil
}
