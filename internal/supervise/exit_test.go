package supervise

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	notExec := writeFile(t, filepath.Join(dir, "job"), "#!/bin/sh\nexit 0\n", 0o644)
	tests := []struct {
		name string
		argv []string
		env  []string
		code int
		sig  syscall.Signal
	}{
		{"success", []string{"true"}, nil, 0, 0},
		{"failure", []string{"sh", "-c", "exit 1"}, nil, 1, 0},
		{"three", []string{"sh", "-c", "exit 3"}, nil, 3, 0},
		{"255", []string{"sh", "-c", "exit 255"}, nil, 255, 0},
		{"not executable", []string{notExec}, nil, 126, 0},
		{"not executable in PATH", []string{"job"}, []string{"PATH=" + dir}, 126, 0},
		{"directory", []string{dir}, nil, 126, 0},
		{"not found", []string{filepath.Join(dir, "missing")}, nil, 127, 0},
		{"not found in PATH", []string{"pshcron-no-such-command"}, nil, 127, 0},
		{"empty PATH", []string{"true"}, []string{"PATH="}, 127, 0},
		{"no argv", nil, nil, 127, 0},
		{"killed itself", []string{"sh", "-c", "kill -KILL $$"}, nil, 137, syscall.SIGKILL},
		{"terminated itself", []string{"sh", "-c", "kill -TERM $$"}, nil, 143, syscall.SIGTERM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Run(context.Background(), Config{Argv: tt.argv, Env: tt.env})
			if res.ExitCode != tt.code || res.Signal != tt.sig {
				t.Fatalf("exit %d signal %v, want %d %v (start error %v)", res.ExitCode, res.Signal, tt.code, tt.sig, res.StartErr)
			}
			if (tt.code >= 126 && tt.code <= 127) != (res.StartErr != nil) {
				t.Fatalf("start error %v with exit %d", res.StartErr, res.ExitCode)
			}
			if res.TimedOut || res.Killed || res.Forwarded != 0 || res.Leftovers != 0 {
				t.Fatalf("nothing should have been done to the job: %+v", res)
			}
		})
	}
}

func TestStartErrorKinds(t *testing.T) {
	res := Run(context.Background(), Config{Argv: []string{"pshcron-no-such-command"}})
	if !errors.Is(res.StartErr, exec.ErrNotFound) {
		t.Fatalf("start error %v, want exec.ErrNotFound", res.StartErr)
	}
}

func TestTimeout(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		killed   bool
		min, max time.Duration
	}{
		{"TERM is enough", "sleep 30", false, 200 * time.Millisecond, 2 * time.Second},
		{"TERM ignored", `trap "" TERM; sleep 30`, true, 500 * time.Millisecond, 3 * time.Second},
		{"stopped", `kill -STOP $$; sleep 30`, false, 200 * time.Millisecond, 2 * time.Second},
		{"exits 0 on TERM", `trap "exit 0" TERM; while :; do sleep 0.05; done`, false, 200 * time.Millisecond, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logf, log := logs(t)
			res := Run(context.Background(), Config{
				Argv: []string{"sh", "-c", tt.body}, Timeout: 200 * time.Millisecond,
				KillAfter: 300 * time.Millisecond, Logf: logf,
			})
			if res.ExitCode != 124 || !res.TimedOut || res.Killed != tt.killed {
				t.Fatalf("exit %d timed out %v killed %v, want 124 true %v", res.ExitCode, res.TimedOut, res.Killed, tt.killed)
			}
			if res.Duration < tt.min || res.Duration > tt.max {
				t.Fatalf("took %s, want between %s and %s", res.Duration, tt.min, tt.max)
			}
			if log.String() == "" {
				t.Fatal("a timeout should be logged")
			}
		})
	}
}

func TestSecondTermDuringGraceKills(t *testing.T) {
	sigs := make(chan os.Signal, 1)
	go func() {
		time.Sleep(400 * time.Millisecond)
		sigs <- syscall.SIGTERM
	}()
	res := Run(context.Background(), Config{
		Argv: []string{"sh", "-c", `trap "" TERM; sleep 30`}, Timeout: 100 * time.Millisecond,
		KillAfter: 20 * time.Second, Signals: sigs,
	})
	if res.ExitCode != 124 || !res.Killed || res.Duration > 5*time.Second {
		t.Fatalf("exit %d killed %v after %s, want 124 true at once", res.ExitCode, res.Killed, res.Duration)
	}
}
