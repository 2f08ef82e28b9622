package tasks

import (
	"github.com/pshcron/pshcron/api"

	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// Two runs of the same task on the same environment must not both fire (a
// slow cron overlapping the next, a deploy hook and a cron). An flock on a
// file in the cache directory says who runs; the kernel drops it when its
// process dies, so a killed run never blocks the next.

// lockPoll is how often a waiting run tries the lock again.
const lockPoll = 100 * time.Millisecond

// errLocked means another run holds the lock.
var errLocked = errors.New("locked")

// lockPath names the lock of one task on one environment.
func lockPath(dir, work string, t api.Target) string {
	h := sha256.Sum256([]byte(work + "\x00" + t.Project + "\x00" + t.Environment))
	return filepath.Join(dir, "lock-"+hex.EncodeToString(h[:12]))
}

// openLock opens the lock file, creating it if it can. flock needs no write
// access, so on a read-only cache directory an existing lock file is opened
// read-only and still locks. Never blocks: a FIFO planted there is refused.
func openLock(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|syscall.O_NONBLOCK, 0o600)
	if err != nil {
		ro, rerr := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
		if rerr != nil {
			return nil, err
		}
		f = ro
	}
	return regular(f)
}

func regular(f *os.File) (*os.File, error) {
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = errors.New(f.Name() + " is not a regular file")
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// acquireLock takes the lock, waiting up to wait for it. It returns the
// function that releases it, or errLocked.
func acquireLock(ctx context.Context, path string, wait time.Duration) (func(), error) {
	f, err := openLock(path)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(wait)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				_ = f.Close()
			}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, err
		}
		if !time.Now().Before(deadline) {
			f.Close()
			return nil, errLocked
		}
		t := time.NewTimer(min(lockPoll, time.Until(deadline)))
		select {
		case <-ctx.Done():
			t.Stop()
			f.Close()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// LockLocal takes the overlap lock of work on target in the cache
// directory, as Prepare does, with no guard, no token and no request: for
// `pshcron run`, whose job runs in this container. A nil release and a nil
// skip with a nil error means there was no safe cache directory (warned):
// the run goes on without a lock.
func (p *Platform) LockLocal(ctx context.Context, work string, t api.Target, wait time.Duration) (release func(), skip *Skip, err error) {
	dir := p.cacheDir()
	if dir == "" {
		return nil, nil, nil
	}
	release, err = acquireLock(ctx, lockPath(dir, "run\x00"+work, t), wait) // never an action's lock
	switch {
	case errors.Is(err, errLocked):
		return nil, &Skip{Reason: "another pshcron run is already running " + work + " in this container"}, nil
	case err != nil && ctx.Err() != nil:
		return nil, nil, err
	case err != nil:
		p.cfg.Log.Warn().Err(err).Msg("cannot take the overlap lock; going on without it")
		return nil, nil, nil
	}
	return release, nil, nil
}
