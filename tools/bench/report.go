package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func mb(kb int64) string { return fmt.Sprintf("%.1f MB", float64(kb)/1024) }

// cpu names the processor, for the report.
func cpu() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				return strings.TrimSpace(v)
			}
		}
	}
	return runtime.GOARCH
}

func goVersion() string {
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return runtime.Version()
	}
	return strings.TrimSpace(string(out))
}

type check struct {
	what, target, measured string
	ok                     bool
}

// checksOf is every target make bench holds pshcron to, with what was
// measured against it.
func checksOf(size int64, version stats, rows []row, sels []selectionRow, fl fleetRow) []check {
	var checks []check
	add := func(what, target, measured string, ok bool) {
		checks = append(checks, check{what, target, measured, ok})
	}
	add("release binary", "< 10 MB", fmt.Sprintf("%.2f MB", float64(size)/(1<<20)), size < 10<<20)
	add("`pshcron version`", "< 5 ms median", ms(version.median), version.median < 5*time.Millisecond)
	for _, r := range rows {
		name := fmt.Sprintf("%s, %s, %d ms", r.task, r.cache, r.latency.Milliseconds())
		add("requests: "+name, fmt.Sprint(r.requestsTarget), fmt.Sprint(r.pshcron.requests), r.pshcron.requests == r.requestsTarget)
		if r.latency > 0 {
			limit := time.Duration(r.pshcron.requests)*r.latency + 10*time.Millisecond
			add("wall: "+name, "<= "+ms(limit)+" median", ms(r.pshcron.median), r.pshcron.median <= limit)
		} else {
			add("wall: "+name, "<= curl's "+ms(r.curl.median)+" median", ms(r.pshcron.median), r.pshcron.median <= r.curl.median)
		}
		if r.task == "backup" {
			add("peak RSS: "+name, "< 20 MB", mb(r.pshcron.rssKB), r.pshcron.rssKB < 20*1024)
		}
	}
	for _, r := range sels {
		name := fmt.Sprintf("%s, %d environments, %d ms", r.command, r.environments, r.latency.Milliseconds())
		add("requests: "+name, fmt.Sprint(1+r.environments), fmt.Sprint(r.stats.requests), r.stats.requests == 1+r.environments)
		if r.latency > 0 {
			// The list, then the POSTs eight at a time (--concurrency); the
			// rest is the process's start and one lock file per environment.
			limit := time.Duration(1+(r.environments+7)/8)*r.latency + 30*time.Millisecond
			add("wall: "+name, "<= "+ms(limit)+" median", ms(r.stats.median), r.stats.median <= limit)
		}
	}
	fleetName := fmt.Sprintf("fleet, %d targets, %d ms", fl.targets, fl.latency.Milliseconds())
	add("requests: "+fleetName, fmt.Sprint(1+fl.targets)+" (one exchange)", fmt.Sprint(fl.pshcron.requests), fl.pshcron.requests == 1+fl.targets)
	add("wall: "+fleetName, "< 2 s median", ms(fl.pshcron.median), fl.pshcron.median < 2*time.Second)
	add("peak RSS: "+fleetName, "< 30 MB", mb(fl.pshcron.rssKB), fl.pshcron.rssKB < 30*1024)
	return checks
}

func (b *bench) report(size int64, version, env stats, rows []row, sels []selectionRow, fl fleetRow) (string, bool, error) {
	checks := append(checksOf(size, version, rows, sels, fl), b.jobChecks...)
	ok := true
	for _, c := range checks {
		ok = ok && c.ok
	}

	var s strings.Builder
	fmt.Fprintf(&s, "# Benchmarks\n\nMeasured by `make bench` on %s: %s, %d cores, %s, %s/%s. "+
		"%d runs per line; pshcron and the curl baseline (`tools/bench/baseline.sh`) alternate run by run "+
		"against the emulator on loopback, with 0 ms and then 20 ms added to every answer. "+
		"Cold: an empty cache, as a daily cron. Warm: a cached access token, as a frequent cron. "+
		"Wall time is from start to exit of the process, measured directly; peak RSS in %d further runs "+
		"under GNU time (a process's own rusage here would report this benchmark's RSS: Go starts children with vfork).\n\n",
		time.Now().UTC().Format("2006-01-02"), cpu(), runtime.NumCPU(), goVersion(), runtime.GOOS, runtime.GOARCH, b.runs, rssRuns)

	fmt.Fprintf(&s, "## Targets\n\n| what | target | measured | |\n| --- | --- | --- | --- |\n")
	for _, c := range checks {
		mark := "met"
		if !c.ok {
			mark = "**MISSED**"
		}
		fmt.Fprintf(&s, "| %s | %s | %s | %s |\n", c.what, c.target, c.measured, mark)
	}

	fmt.Fprintf(&s, "\n## Actions\n\n| latency | task | cache | requests (pshcron / curl) | pshcron median | p95 | curl median | p95 | pshcron / curl | peak RSS (pshcron / curl) |\n")
	fmt.Fprintf(&s, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, r := range rows {
		fmt.Fprintf(&s, "| %d ms | %s | %s | %d / %d | %s | %s | %s | %s | %.2f | %s / %s |\n",
			r.latency.Milliseconds(), r.task, r.cache, r.pshcron.requests, r.curl.requests,
			ms(r.pshcron.median), ms(r.pshcron.p95), ms(r.curl.median), ms(r.curl.p95), r.ratio,
			mb(r.pshcron.rssKB), mb(r.curl.rssKB))
	}

	fmt.Fprintf(&s, "\n## Selections\n\nA warm cron in production that pauses every development environment with `--all`, "+
		"and resumes them: one GET of the list, then one POST per environment, eight at a time, over one connection.\n\n"+
		"| latency | command | environments | requests | median | p95 |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, r := range sels {
		fmt.Fprintf(&s, "| %d ms | `%s` | %d | %d | %s | %s |\n", r.latency.Milliseconds(), r.command, r.environments,
			r.stats.requests, ms(r.stats.median), ms(r.stats.p95))
	}

	fmt.Fprintf(&s, "\n## Fleet\n\n`backup:create --targets` over %d environments of %d projects, cold (one token exchange), "+
		"%d at a time; beside it, the official CLI's requests for the same backups in a shell loop "+
		"(`tools/bench/fleet_baseline.sh`: an exchange, GET the project, GET its environments, POST, for each target).\n\n"+
		"| latency | targets | requests (pshcron / loop) | pshcron median | loop | pshcron / loop | peak RSS |\n| --- | --- | --- | --- | --- | --- | --- |\n"+
		"| %d ms | %d | %d / %d | %s | %s | %.3f | %s |\n",
		fl.targets, fleetProjects, 8, fl.latency.Milliseconds(), fl.targets, fl.pshcron.requests, fl.baseline.requests,
		ms(fl.pshcron.median), ms(fl.baseline.wall), float64(fl.pshcron.median)/float64(fl.baseline.wall), mb(fl.pshcron.rssKB))

	fmt.Fprintf(&s, "\n## Start-up\n\n| command | median | p95 | peak RSS |\n| --- | --- | --- | --- |\n")
	fmt.Fprintf(&s, "| `pshcron version` | %s | %s | %s |\n", ms(version.median), ms(version.p95), mb(version.rssKB))
	fmt.Fprintf(&s, "| `pshcron env` in a container-like environment | %s | %s | %s |\n", ms(env.median), ms(env.p95), mb(env.rssKB))
	fmt.Fprintf(&s, "\nRelease binary: %.2f MB (%d bytes).\n", float64(size)/(1<<20), size)
	return s.String(), ok, nil
}
