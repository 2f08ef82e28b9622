package cli

import (
	"context"
	"os"
	"os/signal"
	"sync"
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
	relay := &signalRelay{}
	ctx = context.WithValue(ctx, relayKey{}, relay)
	go func() {
		for {
			select {
			case s := <-ch:
				if relay.forward(s) {
					continue
				}
				cancel(&signalError{sig: s.(syscall.Signal)})
				return
			case <-done:
				return
			}
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel(nil)
	}
}

// signalRelay hands the signals to `pshcron run`'s supervisor while a job
// runs, in place of cancelling the context: the job gets the signal once,
// and pshcron exits with the job's code.
type signalRelay struct {
	mu sync.Mutex
	to chan os.Signal
}

type relayKey struct{}

// forward passes s on to the job's supervisor, if one is listening.
func (r *signalRelay) forward(s os.Signal) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.to == nil {
		return false
	}
	select {
	case r.to <- s:
	default: // the supervisor already has two: KILL is on its way
	}
	return true
}

// divertSignals sends the signals SignalContext receives to the returned
// channel until undo is called; outside SignalContext (a test calling Run)
// the channel is nil and the context's cancellation stands for a signal.
func divertSignals(ctx context.Context) (sigs <-chan os.Signal, undo func()) {
	r, ok := ctx.Value(relayKey{}).(*signalRelay)
	if !ok {
		return nil, func() {}
	}
	ch := make(chan os.Signal, 2)
	r.mu.Lock()
	r.to = ch
	r.mu.Unlock()
	return ch, func() {
		r.mu.Lock()
		r.to = nil
		r.mu.Unlock()
	}
}
