package main

import (
	"context"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

// signalContext returns a context cancelled by SIGINT or SIGTERM (Ctrl-C in
// SSH, a deploy stopping a cron) and a function telling which one came, as a
// number, so the exit code can be 128 plus it, as shells expect.
func signalContext(parent context.Context) (ctx context.Context, signalled func() int, stop func()) {
	ctx, cancel := context.WithCancel(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM)
	var got atomic.Int32
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			got.Store(int32(s.(syscall.Signal)))
			cancel()
		case <-done:
		}
	}()
	return ctx, func() int { return int(got.Load()) }, func() {
		signal.Stop(ch)
		close(done)
		cancel()
	}
}
