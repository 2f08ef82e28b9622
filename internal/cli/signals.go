package cli

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// signalError is the cause of a run cancelled by SIGINT, SIGTERM or SIGHUP
// (Ctrl-C in SSH, a deploy stopping a cron, an SSH session dropping).
type signalError struct{ sig syscall.Signal }

func (e *signalError) Error() string {
	name := map[syscall.Signal]string{syscall.SIGINT: "SIGINT", syscall.SIGTERM: "SIGTERM", syscall.SIGHUP: "SIGHUP"}[e.sig]
	return "interrupted by " + name
}

// exitCode is 128 plus the signal's number, as shells report it.
func (e *signalError) exitCode() int { return 128 + int(e.sig) }

// SignalContext returns a context cancelled, with a signalError as its
// cause, by the first SIGINT, SIGTERM or SIGHUP; stop releases the signals.
func SignalContext() (ctx context.Context, stop func()) {
	parent := context.Background()
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	// A closed stdout or stderr is a write error to report, not a death by
	// SIGPIPE after the platform accepted an action.
	signal.Ignore(syscall.SIGPIPE)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			cancel(&signalError{sig: s.(syscall.Signal)})
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel(nil)
	}
}
