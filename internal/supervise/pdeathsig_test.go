//go:build linux

package supervise

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// If pshcron is killed (SIGKILL: no chance to clean up), its job dies with
// it. The helper is this test binary supervising a sleep (see TestMain).
func TestPdeathsig(t *testing.T) {
	pidfile := filepath.Join(t.TempDir(), "pid")
	helper := exec.Command(os.Args[0], "-test.run=^$")
	helper.Env = append(os.Environ(), "SUPERVISE_HELPER_PIDFILE="+pidfile)
	if err := helper.Start(); err != nil {
		t.Fatal(err)
	}
	job := readPid(t, pidfile)
	defer syscall.Kill(job, syscall.SIGKILL) // should the test fail
	if !alive(job) {
		t.Fatalf("job %d not running", job)
	}
	if err := helper.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = helper.Wait()
	if !goneWithin(job, 2*time.Second) {
		t.Fatalf("job %d outlived the killed supervisor", job)
	}
}
