package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pshcron/pshcron/emulator"
)

// The actions table: every task, cold and warm, at one latency, against
// the curl baseline.

var tasks = []struct{ name, command string }{
	{"backup", "backup:create"},
	{"redeploy", "environment:redeploy"},
	{"source-operation", "source-operation:run"},
	{"cert:renew", "cert:renew"},
	{"sync", "environment:synchronize"},
}

func pshcronArgs(command string) []string {
	args := []string{command, "--yes", "--no-wait", "-q"}
	switch command {
	case "source-operation:run":
		args = append(args, "update")
	case "environment:synchronize":
		args = append(args, "code", "data", "-e", "staging")
	}
	return args
}

// row is one line of the actions table.
type row struct {
	latency        time.Duration
	task, cache    string
	pshcron, curl  stats
	ratio          float64 // median of pshcron/curl, pair by pair
	requestsTarget int
}

// actions measures every task, cold and warm, at one latency.
func (b *bench) actions(latency time.Duration) ([]row, error) {
	// Activities end at once: the emulator, as the platform, refuses an action
	// while another is pending on the environment, and each task runs many
	// times on the same one.
	em := emulator.New(emulator.Options{Latency: latency})
	em.AddToken(apiToken, emulator.RoleAdmin)
	em.AddProject(project, emulator.Environment{ID: "main", Type: "production", SourceOperations: []string{"update"},
		Routes: []string{"https://www.example.com/", "https://example.com/"}},
		emulator.Environment{ID: "staging", Type: "staging"})
	em.AddCertificate(project, emulator.Certificate{Domains: []string{"www.example.com", "example.com"},
		ExpiresAt: time.Now().Add(60 * 24 * time.Hour), Provisioned: true})
	if err := em.Start("127.0.0.1:0"); err != nil {
		return nil, err
	}
	defer em.Close()
	urls := []string{"PSHCRON_API_URL=" + em.URL + emulator.APIPath, "PSHCRON_AUTH_URL=" + em.URL}

	var rows []row
	for _, task := range tasks {
		for _, cache := range []string{"cold", "warm"} {
			r, err := b.actionRow(em, urls, latency, task.name, task.command, cache)
			if err != nil {
				return nil, err
			}
			rows = append(rows, r)
		}
	}
	return rows, nil
}

// actionRow measures one task, cold or warm: pshcron and the curl baseline
// alternating run by run, then their peak RSS.
func (b *bench) actionRow(em *emulator.Server, urls []string, latency time.Duration, name, command, cache string) (row, error) {
	warmDir := filepath.Join(b.tmp, fmt.Sprintf("warm-%d-%s", latency.Milliseconds(), strings.ReplaceAll(name, ":", "-")))
	if cache == "warm" {
		cmd := exec.Command(b.bin, pshcronArgs(command)...)
		cmd.Env = containerEnv(append(urls, "PSHCRON_CACHE_DIR="+warmDir)...)
		if _, err := measure(cmd); err != nil {
			return row{}, err
		}
	}
	commands := func() (p, c *exec.Cmd) {
		dir := warmDir
		if cache == "cold" {
			dir = filepath.Join(b.tmp, fmt.Sprintf("cold-%d", time.Now().UnixNano()))
		}
		p = exec.Command(b.bin, pshcronArgs(command)...)
		p.Env = containerEnv(append(urls, "PSHCRON_CACHE_DIR="+dir)...)
		c = exec.Command("sh", b.baseline)
		c.Env = containerEnv(append(urls, "TASK="+name)...)
		return p, c
	}
	ps, cs, ratio, err := b.alternate(em, commands)
	if err != nil {
		return row{}, err
	}
	pst, cst := summarise(ps), summarise(cs)
	if err := b.peakRSSPair(commands, &pst, &cst); err != nil {
		return row{}, err
	}
	want := 2
	if cache == "warm" {
		want = 1
	}
	return row{latency: latency, task: name, cache: cache,
		pshcron: pst, curl: cst, ratio: ratio, requestsTarget: want}, nil
}

// alternate runs a pshcron command and its curl baseline b.runs times each,
// counting each run's requests, and returns both sides' samples and the
// median ratio of their wall times, pair by pair.
func (b *bench) alternate(em *emulator.Server, commands func() (p, c *exec.Cmd)) (ps, cs []sample, ratio float64, err error) {
	var ratios []float64
	for i := 0; i < b.runs; i++ {
		p, c := commands()
		// Alternate which goes first, so neither always runs on a warmer machine.
		order := []*exec.Cmd{p, c}
		if i%2 == 1 {
			order = []*exec.Cmd{c, p}
		}
		got := map[*exec.Cmd]sample{}
		for _, cmd := range order {
			x, err := measureOn(em, cmd)
			if err != nil {
				return nil, nil, 0, err
			}
			got[cmd] = x
		}
		ps, cs = append(ps, got[p]), append(cs, got[c])
		ratios = append(ratios, float64(got[p].wall)/float64(got[c].wall))
	}
	sort.Float64s(ratios)
	return ps, cs, ratios[len(ratios)/2], nil
}

// peakRSSPair runs both commands rssRuns more times under GNU time and
// keeps each side's peak RSS in its stats.
func (b *bench) peakRSSPair(commands func() (p, c *exec.Cmd), pst, cst *stats) error {
	for i := 0; i < rssRuns; i++ {
		p, c := commands()
		pk, err := b.peakRSS(p)
		if err != nil {
			return err
		}
		ck, err := b.peakRSS(c)
		if err != nil {
			return err
		}
		pst.rssKB, cst.rssKB = max(pst.rssKB, pk), max(cst.rssKB, ck)
	}
	return nil
}
