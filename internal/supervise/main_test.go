package supervise

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestMain doubles as the helper process of TestPdeathsig: with
// SUPERVISE_HELPER_PIDFILE set, the test binary supervises a sleep that
// writes its pid there, and waits to be killed.
func TestMain(m *testing.M) {
	if pidfile := os.Getenv("SUPERVISE_HELPER_PIDFILE"); pidfile != "" {
		Run(context.Background(), Config{Argv: []string{"sh", "-c", `echo $$ > "$0"; exec sleep 30`, pidfile}})
		os.Exit(3)
	}
	os.Exit(m.Run())
}

// syncBuffer is a bytes.Buffer a test can read while Run writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// logs collects Logf lines.
func logs(t *testing.T) (func(string, ...any), *syncBuffer) {
	b := &syncBuffer{}
	return func(f string, a ...any) {
		t.Logf(f, a...)
		b.Write([]byte(f + "\n"))
	}, b
}

// waitFile waits for a file the child writes, and returns its content.
func waitFile(t *testing.T, path string) string {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(path); err == nil && bytes.HasSuffix(b, []byte("\n")) {
			return strings.TrimSpace(string(b))
		}
	}
	t.Fatalf("%s never written", path)
	return ""
}

func readPid(t *testing.T, path string) int {
	t.Helper()
	pid, err := strconv.Atoi(waitFile(t, path))
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// alive is kill -0, with zombies counted dead: pid 1 here may never reap
// the orphans it inherits.
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true // no /proc: trust kill -0
	}
	i := bytes.LastIndexByte(b, ')')
	return i < 0 || len(b) < i+3 || b[i+2] != 'Z'
}

// goneWithin polls until pid is dead.
func goneWithin(pid int, d time.Duration) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if !alive(pid) {
			return true
		}
	}
	return !alive(pid)
}

func script(dir, body string) []string {
	return []string{"sh", "-c", body, "sh", dir}
}

func writeFile(t *testing.T, path, content string, mode os.FileMode) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	return path
}
