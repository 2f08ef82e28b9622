package emulator

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"
)

// SeedOptions shape the history SeedCronHistory lays down.
type SeedOptions struct {
	// Until ends the window (default: the clock's now): only runs that
	// have ended by then are laid down, so a seeded environment is not
	// busy. An environment whose crons are paused gets no run unless
	// Until says when they stopped.
	Until time.Time
	// Took is how long each run takes (default 40 s).
	Took time.Duration
	// FailLast names crons whose last run of the window failed, FailAll
	// crons each of whose runs failed.
	FailLast, FailAll []string
}

// SeedCronHistory lays down the runs of crons on an environment from since
// to opts.Until, at each cron's schedule plus a small delay of its own (the
// platform's is random, up to 20 minutes), as complete environment.cron
// activities with a log. It reads the simple specs a seed needs: minute and
// hour each *, */N, N, a list of N, or H (a fixed value of the cron's own);
// day, month and weekday *. Specs are read in the environment's Timezone,
// as the platform reads them in the app's.
func (s *Server) SeedCronHistory(projectID, envID string, crons []Cron, since time.Time, opts SeedOptions) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.projects[projectID]
	e := p.envs[envID]
	if opts.Until.IsZero() {
		if e.CronsPaused {
			return nil
		}
		opts.Until = s.opts.Now()
	}
	if opts.Took <= 0 {
		opts.Took = 40 * time.Second
	}
	loc, err := time.LoadLocation(e.Timezone)
	if err != nil {
		return fmt.Errorf("seed: timezone of %s: %w", envID, err)
	}
	for _, c := range crons {
		c = c.withDefaults()
		starts, err := cronStarts(c, since.In(loc), opts.Until.Add(-opts.Took))
		if err != nil {
			return err
		}
		for i, at := range starts {
			failed := slices.Contains(opts.FailAll, c.Name) || (i == len(starts)-1 && slices.Contains(opts.FailLast, c.Name))
			s.addCronRun(p, envID, CronRun{Name: c.Name, Started: at, Took: opts.Took, Failed: failed, Log: seededLog(c, failed)})
		}
	}
	return nil
}

// seededLog is what a seeded run printed.
func seededLog(c Cron, failed bool) []string {
	lines := []string{"$ " + c.Start}
	if failed {
		return append(lines, "Error: the job failed.", "Command exited with status 1")
	}
	return append(lines, "Done.")
}

// cronStarts are the times a cron started in [since, until], its own delay
// added to each minute its spec names on the wall clock of since's
// location.
func cronStarts(c Cron, since, until time.Time) ([]time.Time, error) {
	f := strings.Fields(c.Spec)
	if len(f) != 5 || f[2] != "*" || f[3] != "*" || f[4] != "*" {
		return nil, fmt.Errorf("seed: spec %q of cron %s: only minute and hour may be set", c.Spec, c.Name)
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(c.App + "/" + c.Name))
	sum := h.Sum32()
	minutes, err := specField(f[0], 60, int(sum%60))
	if err == nil {
		var hours []bool
		if hours, err = specField(f[1], 24, int(sum%24)); err == nil {
			delay := time.Duration(sum%180) * time.Second
			var out []time.Time
			// Minutes on the wall clock of since's location, the hour it
			// starts in first.
			y, mo, d := since.Date()
			for t := time.Date(y, mo, d, since.Hour(), 0, 0, 0, since.Location()); !t.After(until); t = t.Add(time.Minute) {
				if at := t.Add(delay); hours[t.Hour()] && minutes[t.Minute()] && !at.Before(since) && !at.After(until) {
					out = append(out, at)
				}
			}
			return out, nil
		}
	}
	return nil, fmt.Errorf("seed: spec %q of cron %s: %w", c.Spec, c.Name, err)
}

// specField reads one field of a spec into the values it takes, of n; hash
// is the value H stands for.
func specField(field string, n, hash int) ([]bool, error) {
	on := make([]bool, n)
	switch {
	case field == "*":
		for i := range on {
			on[i] = true
		}
	case field == "H":
		on[hash] = true
	case strings.HasPrefix(field, "*/"):
		step, err := strconv.Atoi(field[2:])
		if err != nil || step <= 0 {
			return nil, fmt.Errorf("bad step %q", field)
		}
		for i := 0; i < n; i += step {
			on[i] = true
		}
	default:
		for _, v := range strings.Split(field, ",") {
			i, err := strconv.Atoi(v)
			if err != nil || i < 0 || i >= n {
				return nil, fmt.Errorf("bad value %q", v)
			}
			on[i] = true
		}
	}
	return on, nil
}
