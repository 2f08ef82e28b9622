package supervise

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A job that traps TERM and leaves a TERM-proof `&` grandchild: the TERM
// pshcron received reaches the job once, its code is the result, and the
// grandchild is swept (TERM, then KILL) before Run returns.
func TestTermForwardedOnceAndGrandchildSwept(t *testing.T) {
	dir := t.TempDir()
	body := `trap 'echo TERM >> "$1/terms"; exit 7' TERM
sh -c 'trap "" TERM; exec sleep 30' &
echo $! > "$1/pid"
wait`
	sigs := make(chan os.Signal, 1)
	logf, log := logs(t)
	done := make(chan Result)
	go func() { done <- Run(context.Background(), Config{Argv: script(dir, body), Signals: sigs, Logf: logf}) }()
	grandchild := readPid(t, filepath.Join(dir, "pid"))
	sigs <- syscall.SIGTERM
	res := <-done
	if res.ExitCode != 7 || res.Forwarded != syscall.SIGTERM || res.Signal != 0 || res.TimedOut || res.Killed {
		t.Fatalf("got %+v, want exit 7 after a forwarded TERM", res)
	}
	if terms, _ := os.ReadFile(filepath.Join(dir, "terms")); string(terms) != "TERM\n" {
		t.Fatalf("the job saw %q, want one TERM", terms)
	}
	if res.Leftovers != 1 {
		t.Fatalf("leftovers %d, want the grandchild", res.Leftovers)
	}
	if alive(grandchild) {
		t.Fatalf("grandchild %d still alive after Run returned", grandchild)
	}
	if !strings.Contains(log.String(), "left in the job's group") {
		t.Fatalf("the sweep should be logged: %q", log)
	}
}

// The job's code is 128+n when it dies of the signal forwarded to it.
func TestForwardedSignalKillsJob(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP} {
		t.Run(sigName(sig), func(t *testing.T) {
			dir := t.TempDir()
			sigs := make(chan os.Signal, 1)
			done := make(chan Result)
			go func() {
				done <- Run(context.Background(), Config{Argv: script(dir, `echo $$ > "$1/pid"; exec sleep 30`), Signals: sigs})
			}()
			readPid(t, filepath.Join(dir, "pid"))
			sigs <- sig
			res := <-done
			if res.ExitCode != 128+int(sig) || res.Signal != sig || res.Forwarded != sig || res.Leftovers != 0 {
				t.Fatalf("got %+v, want %d", res, 128+int(sig))
			}
		})
	}
}

// A `&` job left running after a normal exit is swept with TERM, and does
// not hold the output pipe (and so Run) open.
func TestLeftoverHoldingStdoutIsSwept(t *testing.T) {
	dir := t.TempDir()
	body := `sleep 30 & echo $! > "$1/pid"; echo done`
	var out syncBuffer
	res := Run(context.Background(), Config{Argv: script(dir, body), Stdout: &out})
	pid := readPid(t, filepath.Join(dir, "pid"))
	if res.ExitCode != 0 || res.Leftovers != 1 || out.String() != "done\n" {
		t.Fatalf("got %+v, output %q", res, out.String())
	}
	if res.Duration > 3*time.Second || !goneWithin(pid, time.Second) {
		t.Fatalf("took %s, leftover alive %v", res.Duration, alive(pid))
	}
}

func TestCancelStopsJob(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	res := Run(ctx, Config{Argv: []string{"sleep", "30"}})
	if res.ExitCode != 143 || res.TimedOut || res.Duration > 3*time.Second {
		t.Fatalf("got %+v, want 143 soon", res)
	}
}

// A closed Signals channel is no signal, and no busy loop either.
func TestClosedSignalsChannel(t *testing.T) {
	sigs := make(chan os.Signal)
	close(sigs)
	before := cpuTime()
	res := Run(context.Background(), Config{Argv: []string{"sleep", "0.3"}, Signals: sigs})
	if res.ExitCode != 0 || res.Forwarded != 0 {
		t.Fatalf("got %+v", res)
	}
	if used := cpuTime() - before; used > 150*time.Millisecond {
		t.Fatalf("used %s of CPU while the job slept", used)
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// A process that left the job's group (setsid) and keeps its stdout is out
// of the sweep's reach: Run stops reading shortly after and says so,
// instead of waiting for it.
func TestOutputHeldOutsideTheGroup(t *testing.T) {
	if _, err := exec.LookPath("setsid"); err != nil {
		t.Skip("no setsid")
	}
	dir := t.TempDir()
	body := `setsid sh -c 'echo $$ > "$1/pid.new"; mv "$1/pid.new" "$1/pid"; exec sleep 30' sh "$1" &
while [ ! -s "$1/pid" ]; do sleep 0.01; done # escaped, out of the sweep's reach
echo started`
	logf, log := logs(t)
	var out syncBuffer
	res := Run(context.Background(), Config{Argv: script(dir, body), Stdout: &out, Logf: logf})
	escaped := readPid(t, filepath.Join(dir, "pid"))
	defer syscall.Kill(escaped, syscall.SIGKILL)
	if res.ExitCode != 0 || out.String() != "started\n" || res.Duration > 2*time.Second {
		t.Fatalf("got %+v, output %q", res, out.String())
	}
	if !strings.Contains(log.String(), "holds its output open") {
		t.Fatalf("log %q", log)
	}
}

// A grandchild that already exited is a zombie, not a leftover: pid 1 may
// take its time to reap it (here it may never), and the sweep must not wait.
func TestZombieIsNoLeftover(t *testing.T) {
	res := Run(context.Background(), Config{Argv: []string{"sh", "-c", "sleep 0.01 & exec sleep 0.2"}})
	if res.ExitCode != 0 || res.Leftovers != 0 || res.Duration > time.Second {
		t.Fatalf("got %+v", res)
	}
}
