package supervise

import (
	"context"
	"os"
	"syscall"
	"time"
)

// sweepGrace is how long leftovers get between TERM and KILL once the
// child has exited: short, since the job is over and the next deploy waits.
const sweepGrace = time.Second

// watcher enforces the timeout and relays signals while the child runs.
type watcher struct {
	cfg   Config
	pgid  int
	res   *Result
	grace *time.Timer    // running once TERM (or a forwarded signal) was sent
	sent  syscall.Signal // what started the grace
}

func (w *watcher) logf(format string, args ...any) {
	if w.cfg.Logf != nil {
		w.cfg.Logf(format, args...)
	}
}

// watch returns once the child has exited (it is not reaped yet).
func (w *watcher) watch(ctx context.Context, exited <-chan struct{}) {
	var timeout <-chan time.Time
	if w.cfg.Timeout > 0 {
		t := time.NewTimer(w.cfg.Timeout)
		defer t.Stop()
		timeout = t.C
	}
	defer func() {
		if w.grace != nil {
			w.grace.Stop()
		}
	}()
	done, signals := ctx.Done(), w.cfg.Signals
	for {
		select {
		case <-exited:
			return
		case <-timeout:
			timeout = nil
			if w.grace != nil {
				continue // already stopping for a signal: that is what ends it
			}
			w.res.TimedOut = true
			w.logf("timeout after %s: TERM sent to the job", w.cfg.Timeout)
			w.stop(syscall.SIGTERM)
		case <-w.graceC():
			w.logf("still running %s after %s: KILL sent to the job", w.killAfter(), sigName(w.sent))
			w.kill()
		case sig, ok := <-signals:
			if !ok {
				signals = nil // closed: nothing more will come, and nil never spins
				continue
			}
			w.received(sig)
		case <-done:
			done = nil
			if w.grace == nil {
				w.logf("cancelled: TERM sent to the job")
				w.stop(syscall.SIGTERM)
			}
		}
	}
}

func (w *watcher) graceC() <-chan time.Time {
	if w.grace == nil || w.res.Killed {
		return nil // not stopping, or past the grace
	}
	return w.grace.C
}

func (w *watcher) killAfter() time.Duration {
	if w.cfg.KillAfter > 0 {
		return w.cfg.KillAfter
	}
	return DefaultKillAfter
}

// received forwards the first signal; a second one during the grace
// means the sender is done waiting: KILL.
func (w *watcher) received(s os.Signal) {
	sig, ok := s.(syscall.Signal)
	if !ok {
		return
	}
	if w.grace != nil {
		w.logf("%s received while the job stops: KILL sent to the job", sigName(sig))
		w.kill()
		return
	}
	w.res.Forwarded = sig
	w.logf("%s received: forwarded to the job", sigName(sig))
	w.stop(sig)
}

// stop sends sig to the group and starts the grace, once.
func (w *watcher) stop(sig syscall.Signal) {
	if w.grace != nil {
		return
	}
	_ = syscall.Kill(-w.pgid, sig)
	w.sent = sig
	// As GNU timeout does: a stopped job would only see the signal once
	// continued, and then only after the grace, as a KILL.
	_ = syscall.Kill(-w.pgid, syscall.SIGCONT)
	w.grace = time.NewTimer(w.killAfter())
}

func (w *watcher) kill() {
	_ = syscall.Kill(-w.pgid, syscall.SIGKILL)
	w.res.Killed = true
}

// sweep ends what is left in the group once its leader has exited: TERM,
// then KILL after sweepGrace. It returns how many there were.
func sweep(pgid int, logf func(string, ...any)) int {
	n := groupMembers(pgid)
	if n == 0 {
		return 0
	}
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	_ = syscall.Kill(-pgid, syscall.SIGCONT)
	how := "TERM"
	if !emptied(pgid, sweepGrace) {
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		how = "TERM, then KILL"
		// KILL takes effect soon, not at once: wait, so that what the
		// caller does next (release the lock) finds the group gone. A
		// process stuck in the kernel is not waited for longer.
		if !emptied(pgid, sweepGrace) {
			how += ", some still there"
		}
	}
	logf("%d process(es) left in the job's group after it exited: %s sent", n, how)
	return n
}

// emptied polls until nothing but the leader is left in the group, for d at
// most, and says whether that happened.
func emptied(pgid int, d time.Duration) bool {
	for deadline := time.Now().Add(d); groupMembers(pgid) > 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			return false
		}
	}
	return true
}

func sigName(sig syscall.Signal) string {
	switch sig {
	case syscall.SIGTERM:
		return "TERM"
	case syscall.SIGINT:
		return "INT"
	case syscall.SIGHUP:
		return "HUP"
	}
	return sig.String()
}
