package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"time"
)

// overheadPairs is how many pairs the overhead line takes at least: its
// target is a few milliseconds, on a machine whose noise is of that order.
const overheadPairs = 201

// runChecks measures `pshcron run`: its overhead over the job itself (the
// median, pair by pair, of `pshcron run -- /bin/true` less `/bin/true`,
// run alternately) and its peak RSS while the job prints 300 MB to
// /dev/null (exec'd by sh under GNU time, so the figure is pshcron's own).
// pshcron logs at its default level, as a cron line leaves it: its two
// lines are part of what a run costs.
func (b *bench) runChecks() ([]check, error) {
	env := containerEnv("PSHCRON_CACHE_DIR=" + filepath.Join(b.tmp, "runcache"))
	wrapped := func() *exec.Cmd {
		cmd := exec.Command(b.bin, "run", "--", "/bin/true")
		cmd.Env = env
		return cmd
	}
	bare := func() *exec.Cmd { return exec.Command("/bin/true") }
	ws, bs, err := pairs(max(b.runs, overheadPairs), wrapped, bare)
	if err != nil {
		return nil, err
	}
	over := overhead(ws, bs)
	big := exec.Command("sh", "-c", `exec "$0" run -- head -c 300000000 /dev/zero > /dev/null`, b.bin)
	big.Env = env
	kb, err := b.peakRSS(big)
	if err != nil {
		return nil, err
	}
	return []check{
		{"`pshcron run -- /bin/true` over `/bin/true`", "< 5 ms median",
			fmt.Sprintf("%s (%s / %s, %d pairs)", ms(over), ms(median(ws)), ms(median(bs)), len(ws)), over < 5*time.Millisecond},
		{"peak RSS: `pshcron run` while the job prints 300 MB", "< 20 MB", mb(kb), kb < 20*1024},
	}, nil
}

// pairs runs a and b n times each, alternately, and which goes first
// alternates too, so that neither side always runs on a warmer machine.
func pairs(n int, a, b func() *exec.Cmd) (as, bs []time.Duration, err error) {
	for i := 0; i < n; i++ {
		x, y := a(), b()
		order := []*exec.Cmd{x, y}
		if i%2 == 1 {
			order = []*exec.Cmd{y, x}
		}
		got := map[*exec.Cmd]time.Duration{}
		for _, cmd := range order {
			s, err := measure(cmd)
			if err != nil {
				return nil, nil, err
			}
			got[cmd] = s.wall
		}
		as, bs = append(as, got[x]), append(bs, got[y])
	}
	return as, bs, nil
}

// overhead is the median of the pairs' differences: what the wrapper adds,
// each pair measured on the same machine at the same moment, so a burst of
// load elsewhere moves both sides of a pair rather than one median.
func overhead(wrapped, bare []time.Duration) time.Duration {
	diffs := make([]time.Duration, len(wrapped))
	for i := range wrapped {
		diffs[i] = wrapped[i] - bare[i]
	}
	return max(median(diffs), 0)
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}
