package cli

import (
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/emutest"
)

// emuCrons is the scripts' emu commands for crons and what waits on an
// environment (listed atop script_test.go); ok is false for another
// subcommand.
func emuCrons(ts *testscript.TestScript, em *emutest.Env, sub string, a []string) (ok bool) {
	ago := func(s string) time.Time {
		d, err := time.ParseDuration(s)
		ts.Check(err)
		return em.Now().Add(-d)
	}
	switch sub {
	case "crons":
		var crons []emulator.Cron
		for _, def := range a[1:] {
			name, spec, _ := strings.Cut(def, "=")
			spec, timeout, _ := strings.Cut(spec, "@")
			c := emulator.Cron{Name: name, Spec: spec}
			if timeout != "" {
				n, err := strconv.Atoi(timeout)
				ts.Check(err)
				c.Timeout = n
			}
			crons = append(crons, c)
		}
		em.Configure(emutest.Project, a[0], func(e *emulator.Environment) { e.Crons = crons })
	case "cronrun":
		took, err := time.ParseDuration(a[3])
		ts.Check(err)
		em.AddCronRun(emutest.Project, a[0], emulator.CronRun{Name: a[1], Started: ago(a[2]), Took: took,
			Failed: a[4] == "failed", Running: a[4] == "running", Log: []string{"ran " + a[1]}})
	case "queued":
		em.AddQueued(emutest.Project, a[0], a[1], ago(a[2]))
	case "cronspaused":
		em.Configure(emutest.Project, a[0], func(e *emulator.Environment) { e.CronsPaused = true })
	case "routes":
		em.Configure(emutest.Project, a[0], func(e *emulator.Environment) { e.Routes = a[1:] })
	default:
		return false
	}
	return true
}
