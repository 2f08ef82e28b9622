package supervise

import (
	"context"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// DefaultKillAfter is the grace between TERM and KILL when Config.KillAfter
// is not set: GNU timeout's usual -k 5s.
const DefaultKillAfter = 5 * time.Second

// Config is one job to supervise.
type Config struct {
	// Argv is the command and its arguments, run directly (no shell). A
	// name without a slash is looked up in the PATH of Env (an Env without
	// PATH finds nothing). An empty Argv is a StartErr, exit 127.
	Argv []string
	// Env is the child's environment; nil means this process's.
	Env []string
	// Stdin is passed to the child: an *os.File itself, any other reader
	// through a pipe; nil is /dev/null.
	Stdin io.Reader
	// Stdout and Stderr get the child's streams byte for byte as they come;
	// nil discards (the Capture still sees them).
	Stdout, Stderr io.Writer
	// Timeout, when above zero, sends TERM to the child's group once it has
	// run that long, then KILL after KillAfter (DefaultKillAfter when not
	// above zero).
	Timeout, KillAfter time.Duration
	// Signals received by pshcron (TERM, INT, HUP): the first is forwarded
	// to the child's group and starts the KillAfter grace; one received
	// during a grace sends KILL.
	Signals <-chan os.Signal
	// Capture, optional, keeps a head and tail of stdout and stderr.
	Capture *Capture
	// Logf, optional, gets pshcron's own lines about what it did to the job
	// (timeout, signals, KILL, leftovers), from Run's goroutine. A normal
	// run logs nothing.
	Logf func(format string, args ...any)
}

// Result is how the job ended.
type Result struct {
	// ExitCode is what pshcron should exit with: the child's, 128+n when it
	// died of signal n, 124 when the timeout fired, 126 or 127 when it
	// could not start.
	ExitCode int
	// Duration is from the start attempt until the group was swept.
	Duration time.Duration
	// TimedOut says the timeout fired; Killed that KILL was needed (the
	// grace ran out, or a signal came during it).
	TimedOut, Killed bool
	// Signal is the signal the child died of, 0 when it exited.
	Signal syscall.Signal
	// Forwarded is the signal received and forwarded to the group, 0 if none.
	Forwarded syscall.Signal
	// Leftovers is how many processes were still in the child's group after
	// it exited, and were swept (outside Linux: 1 when any were).
	Leftovers int
	// StartErr is why the child could not start (ExitCode 126 or 127).
	StartErr error
	// Capture is Config.Capture.
	Capture *Capture
}

// Run starts the job, passes its output through, enforces the timeout,
// forwards signals, waits for it, sweeps its group and says how it ended.
// Cancelling ctx stops the job as a forwarded TERM would, without changing
// the exit code rule. Run returns only once the child has been reaped.
func Run(ctx context.Context, cfg Config) (res Result) {
	begin := time.Now()
	res.Capture = cfg.Capture
	defer func() { res.Duration = time.Since(begin) }()
	cmd, err := command(cfg)
	if err != nil {
		return startFailed(res, err)
	}
	s, err := openStreams(cfg)
	if err != nil {
		return startFailed(res, err)
	}
	cmd.Stdout, cmd.Stderr = s.childOut, s.childErr
	if s.childIn != nil {
		cmd.Stdin = s.childIn
	}
	c := startChild(cmd)
	if err := <-c.started; err != nil {
		s.closeAll()
		return startFailed(res, err)
	}
	s.started(cfg)
	w := &watcher{cfg: cfg, pgid: cmd.Process.Pid, res: &res}
	w.watch(ctx, c.exited)
	res.Leftovers = sweep(cmd.Process.Pid, w.logf)
	close(c.release)
	out := <-c.waited
	if s.finish() {
		w.logf("a process outside the job's group still holds its output open: stopped reading it")
	}
	res.exited(out)
	return res
}

func command(cfg Config) (*exec.Cmd, error) {
	if len(cfg.Argv) == 0 {
		return nil, errNoCommand
	}
	path, err := lookPath(cfg.Argv[0], cfg.Env)
	if err != nil {
		return nil, err
	}
	return &exec.Cmd{Path: path, Args: cfg.Argv, Env: cfg.Env, SysProcAttr: sysProcAttr()}, nil
}

func startFailed(res Result, err error) Result {
	res.StartErr = err
	res.ExitCode = startCode(err)
	return res
}

// exited sets the exit code from the reaped child's status.
func (res *Result) exited(out waitOutcome) {
	var ws syscall.WaitStatus
	ok := out.state != nil
	if ok {
		ws, ok = out.state.Sys().(syscall.WaitStatus)
	}
	switch {
	case !ok:
		res.ExitCode = 1 // a failed wait(2): cannot happen for our own child
	case ws.Signaled():
		res.Signal = ws.Signal()
		res.ExitCode = 128 + int(res.Signal)
	default:
		res.ExitCode = ws.ExitStatus()
	}
	if res.TimedOut {
		res.ExitCode = 124
	}
}
