package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"time"
)

// runChecks measures `pshcron run`: its overhead over the job itself
// (/bin/true, median of pairs run alternately) and its peak RSS while the
// job prints 300 MB to /dev/null (exec'd by sh under GNU time, so the
// figure is pshcron's own).
func (b *bench) runChecks() ([]check, error) {
	env := containerEnv("PSHCRON_CACHE_DIR="+filepath.Join(b.tmp, "runcache"), "PSHCRON_LOG_LEVEL=warn")
	wrapped, err := b.repeat(b.runs, func() *exec.Cmd {
		cmd := exec.Command(b.bin, "run", "--", "/bin/true")
		cmd.Env = env
		return cmd
	})
	if err != nil {
		return nil, err
	}
	bare, err := b.repeat(b.runs, func() *exec.Cmd { return exec.Command("/bin/true") })
	if err != nil {
		return nil, err
	}
	big := exec.Command("sh", "-c", `exec "$0" run -- head -c 300000000 /dev/zero > /dev/null`, b.bin)
	big.Env = env
	kb, err := b.peakRSS(big)
	if err != nil {
		return nil, err
	}
	over := max(wrapped.median-bare.median, 0)
	return []check{
		{"`pshcron run -- /bin/true` over `/bin/true`", "< 5 ms median", fmt.Sprintf("%s (%s / %s)", ms(over), ms(wrapped.median), ms(bare.median)), over < 5*time.Millisecond},
		{"peak RSS: `pshcron run` while the job prints 300 MB", "< 20 MB", mb(kb), kb < 20*1024},
	}, nil
}
