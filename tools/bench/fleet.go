package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/pshcron/pshcron/emulator"
)

// fleetRow is the fleet line: pshcron over fleetProjects × fleetEnvs
// targets, and the same backups as a shell loop over the official CLI's
// requests.
type fleetRow struct {
	latency  time.Duration
	targets  int
	pshcron  stats
	baseline sample
}

const (
	fleetProjects = 20
	fleetEnvs     = 10
	fleetRuns     = 3
)

// fleet measures backup:create --targets over 200 environments at latency,
// cold (one exchange), against the official CLI's requests in a loop.
func (b *bench) fleet(latency time.Duration) (fleetRow, error) {
	// Activities end at once: the emulator, as the platform, refuses an action
	// while another is pending on the environment, and each task runs many
	// times on the same one.
	em := emulator.New(emulator.Options{Latency: latency})
	em.AddToken(apiToken, emulator.RoleAdmin)
	var lines []string
	for p := 0; p < fleetProjects; p++ {
		id := fmt.Sprintf("fleet%02d", p)
		var envs []emulator.Environment
		for e := 0; e < fleetEnvs; e++ {
			envs = append(envs, emulator.Environment{ID: fmt.Sprintf("env%02d", e), Type: "development"})
			lines = append(lines, id+":"+fmt.Sprintf("env%02d", e))
		}
		em.AddProject(id, envs...)
	}
	if err := em.Start("127.0.0.1:0"); err != nil {
		return fleetRow{}, err
	}
	defer em.Close()
	targets := filepath.Join(b.tmp, "fleet-targets.txt")
	if err := os.WriteFile(targets, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		return fleetRow{}, err
	}
	urls := []string{"PSHCRON_API_URL=" + em.URL + emulator.APIPath, "PSHCRON_AUTH_URL=" + em.URL}
	mk := func() *exec.Cmd {
		c := exec.Command(b.bin, "backup:create", "--targets", targets, "--yes", "--no-wait", "-q")
		c.Env = containerEnv(append(urls, "PSHCRON_CACHE_DIR="+filepath.Join(b.tmp, fmt.Sprintf("fleet-%d", time.Now().UnixNano())))...)
		return c
	}
	row := fleetRow{latency: latency, targets: len(lines)}
	var err error
	if row.pshcron, err = b.repeatOn(em, fleetRuns, mk); err != nil {
		return fleetRow{}, err
	}
	base := exec.Command("sh", filepath.Join(filepath.Dir(b.baseline), "fleet_baseline.sh"))
	base.Env = containerEnv(append(urls, "TARGETS="+targets)...)
	row.baseline, err = measureOn(em, base)
	return row, err
}
