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

// healthRuns is how many times the health line is measured.
const healthRuns = 3

// healthCrons are each environment's: a nightly backup, an hourly queue
// and a sitemap every 6 hours, whose 26 hours of runs fit one page of the
// activity list.
var healthCrons = []emulator.Cron{
	{Name: "backup", Spec: "0 3 * * *", Start: "pshcron backup:create --yes --no-wait"},
	{Name: "queue", Spec: "H * * * *", Start: "php bin/console messenger:consume", Timeout: 900},
	{Name: "sitemap", Spec: "0 */6 * * *", Start: "php bin/console sitemap:generate", Timeout: 1800},
}

// healthChecks measures health --targets over the fleet's 200 environments
// (20 projects of 10), each with its crons' two days of runs, a backup and
// a route whose certificate the project holds: wall time, requests an
// environment and peak RSS, cold (one token exchange).
func (b *bench) healthChecks(latency time.Duration) ([]check, error) {
	em := emulator.New(emulator.Options{Latency: latency})
	em.AddToken(apiToken, emulator.RoleAdmin)
	now := time.Now()
	var lines []string
	for p := 0; p < fleetProjects; p++ {
		id := fmt.Sprintf("fleet%02d", p)
		var envs []emulator.Environment
		for e := 0; e < fleetEnvs; e++ {
			env := fmt.Sprintf("env%02d", e)
			envs = append(envs, emulator.Environment{ID: env, Type: "development", Crons: healthCrons,
				Routes: []string{"https://" + env + "." + id + ".example.com/"}})
			lines = append(lines, id+":"+env)
		}
		em.AddProject(id, envs...)
		em.AddCertificate(id, emulator.Certificate{Domains: []string{"*." + id + ".example.com"}, ExpiresAt: now.Add(60 * 24 * time.Hour), Provisioned: true})
		for _, e := range envs {
			if err := em.SeedCronHistory(id, e.ID, healthCrons, now.Add(-48*time.Hour), emulator.SeedOptions{}); err != nil {
				return nil, err
			}
			em.AddBackup(id, e.ID, emulator.Backup{CreatedAt: now.Add(-5 * time.Hour)})
		}
	}
	if err := em.Start("127.0.0.1:0"); err != nil {
		return nil, err
	}
	defer em.Close()
	targets := filepath.Join(b.tmp, "health-targets.txt")
	if err := os.WriteFile(targets, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		return nil, err
	}
	urls := []string{"PSHCRON_API_URL=" + em.URL + emulator.APIPath, "PSHCRON_AUTH_URL=" + em.URL}
	mk := func() *exec.Cmd {
		c := exec.Command(b.bin, "health", "--targets", targets, "--format", "html", "-q")
		c.Env = containerEnv(append(urls, "PSHCRON_CACHE_DIR="+filepath.Join(b.tmp, fmt.Sprintf("health-%d", time.Now().UnixNano())))...)
		return c
	}
	st, err := b.repeatOn(em, healthRuns, mk)
	if err != nil {
		return nil, err
	}
	kb := st.rssKB
	perEnv := float64(st.requests) / float64(len(lines))
	name := fmt.Sprintf("health --format html, %d environments, %d ms", len(lines), latency.Milliseconds())
	return []check{
		{"wall: " + name, "< 5 s median", ms(st.median), st.median < 5*time.Second},
		{"requests: " + name, "<= 5 an environment", fmt.Sprintf("%.2f (%d)", perEnv, st.requests), perEnv <= 5},
		{"peak RSS: " + name, "< 40 MB", mb(kb), kb < 40*1024},
	}, nil
}
