package main

import (
	"encoding/base64"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pshcron/pshcron/emulator"
)

const (
	project  = "benchproj"
	apiToken = "bench-api-token-0123456789"
)

func main() {
	bin := flag.String("pshcron", "bin/pshcron", "the pshcron binary, built as released")
	baseline := flag.String("baseline", "tools/bench/baseline.sh", "the curl baseline script")
	runs := flag.Int("runs", 31, "runs per measurement")
	out := flag.String("out", "BENCHMARKS.md", "where to write the report")
	only := flag.String("only", "", "measure only this line and print its targets (health, run), writing no report")
	flag.Parse()
	b := &bench{bin: *bin, baseline: *baseline, runs: *runs}
	if *only != "" {
		os.Exit(b.measureOnly(*only))
	}
	report, ok, err := b.run()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench: error:", err)
		os.Exit(2)
	}
	fmt.Print(report)
	if err := os.WriteFile(*out, []byte(report), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "bench: error:", err)
		os.Exit(2)
	}
	if !ok {
		fmt.Fprintln(os.Stderr, "bench: a target was missed (see above)")
		os.Exit(1)
	}
}

// measureOnly measures one line and prints its targets: while working on
// one command, without the whole run. Exit 1 when a target is missed.
func (b *bench) measureOnly(line string) int {
	lines := map[string]func() ([]check, error){
		"health": func() ([]check, error) { return b.healthChecks(20 * time.Millisecond) },
		"run":    b.runChecks,
	}
	measure, ok := lines[line]
	var err error
	if !ok {
		fmt.Fprintln(os.Stderr, "bench: error: -only takes health or run")
		return 2
	}
	if b.tmp, err = os.MkdirTemp("", "pshcron-bench-"); err != nil {
		fmt.Fprintln(os.Stderr, "bench: error:", err)
		return 2
	}
	defer os.RemoveAll(b.tmp)
	checks, err := measure()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench: error:", err)
		return 2
	}
	code := 0
	for _, c := range checks {
		mark := "met"
		if !c.ok {
			mark, code = "MISSED", 1
		}
		fmt.Printf("%s: %s (target %s) %s\n", c.what, c.measured, c.target, mark)
	}
	return code
}

type bench struct {
	bin, baseline string
	runs          int
	tmp           string
	// jobChecks are `pshcron run`'s targets (run.go).
	jobChecks []check
}

// sample is one process run.
type sample struct {
	wall     time.Duration
	requests int
}

// stats summarises samples.
type stats struct {
	median, p95 time.Duration
	rssKB       int64 // the largest peak
	requests    int   // the median
}

func summarise(s []sample) stats {
	walls := make([]time.Duration, len(s))
	reqs := make([]int, len(s))
	for i, x := range s {
		walls[i], reqs[i] = x.wall, x.requests
	}
	sort.Slice(walls, func(i, j int) bool { return walls[i] < walls[j] })
	sort.Ints(reqs)
	p95 := (len(walls)*95+99)/100 - 1
	return stats{median: walls[len(walls)/2], p95: walls[p95], requests: reqs[len(reqs)/2]}
}

// measureOn runs cmd once against em and reads its wall time and the
// requests em served meanwhile.
func measureOn(em *emulator.Server, cmd *exec.Cmd) (sample, error) {
	before := em.Requests()
	x, err := measure(cmd)
	x.requests = em.Requests() - before
	return x, err
}

// repeatOn measures n runs of mk's command against em, then its peak RSS.
func (b *bench) repeatOn(em *emulator.Server, n int, mk func() *exec.Cmd) (stats, error) {
	var samples []sample
	for i := 0; i < n; i++ {
		x, err := measureOn(em, mk())
		if err != nil {
			return stats{}, err
		}
		samples = append(samples, x)
	}
	st := summarise(samples)
	kb, err := b.peakRSS(mk())
	st.rssKB = kb
	return st, err
}

// measure runs cmd once and reads its wall time.
func measure(cmd *exec.Cmd) (sample, error) {
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if err != nil {
		return sample{}, fmt.Errorf("%s: %v: %s", strings.Join(cmd.Args, " "), err, out)
	}
	return sample{wall: wall}, nil
}

// gnuTime measures peak RSS. The child's own rusage cannot: Go starts
// children with vfork, and at exec Linux records the parent's (this
// benchmark's) RSS into the child's maxrss. GNU time is a small C parent
// that forks, so its child's maxrss is the child's own (or time's, about
// 2 MB, whichever is larger).
const gnuTime = "/usr/bin/time"

// peakRSS runs cmd under GNU time and returns its peak RSS in kilobytes.
func (b *bench) peakRSS(cmd *exec.Cmd) (int64, error) {
	f := filepath.Join(b.tmp, "rss")
	wrapped := exec.Command(gnuTime, append([]string{"-f", "%M", "-o", f}, cmd.Args...)...)
	wrapped.Env = cmd.Env
	if out, err := wrapped.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("%s: %v: %s", strings.Join(cmd.Args, " "), err, out)
	}
	raw, err := os.ReadFile(f)
	if err != nil {
		return 0, err
	}
	var kb int64
	_, err = fmt.Sscan(strings.TrimSpace(string(raw)), &kb)
	return kb, err
}

// rssRuns is how many runs under GNU time give the peak RSS.
const rssRuns = 5

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// containerEnv is what a cron in a production container sees.
func containerEnv(extra ...string) []string {
	return append([]string{
		"PATH=" + os.Getenv("PATH"), "HOME=/nonexistent",
		"PLATFORM_PROJECT=" + project, "PLATFORM_BRANCH=main", "PLATFORM_ENVIRONMENT=main-bvxea6i",
		"PLATFORM_ENVIRONMENT_TYPE=production", "PLATFORM_APPLICATION_NAME=app", "PLATFORM_APP_DIR=/app",
		"PLATFORM_TREE_ID=0123456789abcdef",
		"PLATFORM_ROUTES=" + b64(`{"https://www.example.com/": {"type": "upstream", "upstream": "app:http", "primary": true}, "https://example.com/": {"type": "redirect", "to": "https://www.example.com/"}}`),
		"PLATFORM_VARIABLES=" + b64(`{"env:APP_ENV": "prod", "php:memory_limit": "256M"}`),
		"PLATFORM_APPLICATION=" + b64(`{"name": "app", "type": "php:8.3", "crons": {}}`),
		"PLATFORMSH_CLI_TOKEN=" + apiToken,
	}, extra...)
}

func (b *bench) run() (string, bool, error) {
	var err error
	if b.tmp, err = os.MkdirTemp("", "pshcron-bench-"); err != nil {
		return "", false, err
	}
	defer os.RemoveAll(b.tmp)
	fi, err := os.Stat(b.bin)
	if err != nil {
		return "", false, err
	}
	size := fi.Size()

	version, err := b.repeat(100, func() *exec.Cmd {
		cmd := exec.Command(b.bin, "version")
		cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
		return cmd
	})
	if err != nil {
		return "", false, err
	}
	envCmd, err := b.repeat(100, func() *exec.Cmd {
		cmd := exec.Command(b.bin, "env")
		cmd.Env = containerEnv("PSHCRON_CACHE_DIR=" + filepath.Join(b.tmp, "envcache"))
		return cmd
	})
	if err != nil {
		return "", false, err
	}

	var rows []row
	var sels []selectionRow
	for _, latency := range []time.Duration{0, 20 * time.Millisecond} {
		r, err := b.actions(latency)
		if err != nil {
			return "", false, err
		}
		rows = append(rows, r...)
		s, err := b.selections(latency)
		if err != nil {
			return "", false, err
		}
		sels = append(sels, s...)
	}
	fl, err := b.fleet(20 * time.Millisecond)
	if err != nil {
		return "", false, err
	}
	if b.jobChecks, err = b.runChecks(); err != nil {
		return "", false, err
	}
	health, err := b.healthChecks(20 * time.Millisecond)
	if err != nil {
		return "", false, err
	}
	b.jobChecks = append(b.jobChecks, health...)
	return b.report(size, version, envCmd, rows, sels, fl)
}

func (b *bench) repeat(n int, mk func() *exec.Cmd) (stats, error) {
	var s []sample
	for i := 0; i < n; i++ {
		x, err := measure(mk())
		if err != nil {
			return stats{}, err
		}
		s = append(s, x)
	}
	st := summarise(s)
	for i := 0; i < rssRuns; i++ {
		kb, err := b.peakRSS(mk())
		if err != nil {
			return stats{}, err
		}
		st.rssKB = max(st.rssKB, kb)
	}
	return st, nil
}
