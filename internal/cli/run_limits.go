package cli

import (
	"encoding/json"
	"io"
	"os"
	"time"

	"github.com/rs/zerolog"

	"github.com/pshcron/pshcron/envdetect"
	"github.com/pshcron/pshcron/internal/supervise"
)

// cronMaxTimeout is a cron's timeout when its block sets none: the
// platform's default and maximum.
const cronMaxTimeout = 86400 * time.Second

// reportMargin is the time left, after the kill grace, for pshcron's end
// line and pings before the platform's own timeout would kill pshcron.
const reportMargin = 5 * time.Second

// cronLimits are a cron's timeout and shutdown_timeout in seconds, as
// PLATFORM_APPLICATION carries them at runtime.
type cronLimits struct {
	Timeout         *float64 `json:"timeout"`
	ShutdownTimeout *float64 `json:"shutdown_timeout"`
}

// runLimits is the job's timeout and kill grace: the flags when given;
// else, for a cron --name names, the timeout below the platform's (the
// grace and reportMargin below it, so pshcron stops the job and reports
// before the platform kills everything) and the grace below its
// shutdown_timeout; else no timeout and the 5 s grace.
func runLimits(env *envdetect.Env, name string, timeout, killAfter time.Duration, log zerolog.Logger) (time.Duration, time.Duration) {
	cron, ok := findCron(env, name, log)
	if killAfter <= 0 {
		killAfter = supervise.DefaultKillAfter
		if ok && cron.ShutdownTimeout != nil && *cron.ShutdownTimeout > 0 {
			killAfter = min(killAfter, seconds(*cron.ShutdownTimeout)*3/4)
		}
	}
	limit := cronMaxTimeout
	if ok && cron.Timeout != nil && *cron.Timeout > 0 {
		limit = seconds(*cron.Timeout)
	}
	if timeout > 0 && ok && timeout+killAfter >= limit {
		log.Warn().Str("cron", name).Msg("--timeout " + shortDuration(timeout) + " and the kill grace reach past the cron's own timeout (" +
			shortDuration(limit) + "): the platform kills the job first, and pshcron reports nothing; leave --timeout out to stay below it")
	}
	if timeout > 0 || !ok {
		return timeout, killAfter
	}
	timeout = limit - killAfter - reportMargin
	if timeout <= 0 {
		timeout = limit / 2
	}
	return timeout, killAfter
}

// findCron is the cron named name in the app's configuration.
func findCron(env *envdetect.Env, name string, log zerolog.Logger) (cronLimits, bool) {
	if name == "" {
		return cronLimits{}, false
	}
	raw, err := env.AppConfig()
	if err != nil || raw == nil {
		if err != nil {
			log.Warn().Err(err).Msg("cannot read the crons' timeouts; no default --timeout")
		}
		return cronLimits{}, false
	}
	var app struct {
		Crons map[string]cronLimits `json:"crons"`
	}
	if err := json.Unmarshal(raw, &app); err != nil {
		return cronLimits{}, false
	}
	c, ok := app.Crons[name]
	return c, ok
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// rawStdout is where the job's stdout goes: pshcron's own, unredacted.
func (p *program) rawStdout() io.Writer { return orFile(p.rawOut, os.Stdout) }

// rawStderr is where the job's stderr goes.
func (p *program) rawStderr() io.Writer { return orFile(p.rawErr, os.Stderr) }

func orFile(w io.Writer, f *os.File) io.Writer {
	if w == nil {
		return f
	}
	return w
}
