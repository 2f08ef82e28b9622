package supervise

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
)

// errNoCommand is the start error of an empty argv.
var errNoCommand = errors.New("no command to run")

// lookPath finds argv[0] as execvp does, in the PATH of the environment the
// child gets, with one difference: relative PATH entries are skipped, as
// os/exec does, so a job never runs a file from the current directory by
// accident. A file found but not executable is fs.ErrPermission (126), as in
// a shell; nothing found is exec.ErrNotFound (127).
func lookPath(name string, env []string) (string, error) {
	if strings.Contains(name, "/") {
		return name, nil // the start reports ENOENT or EACCES itself
	}
	path := os.Getenv("PATH")
	if env != nil {
		path = ""
		for _, kv := range env {
			if v, ok := strings.CutPrefix(kv, "PATH="); ok {
				path = v
			}
		}
	}
	var denied bool
	for _, dir := range filepath.SplitList(path) {
		if !filepath.IsAbs(dir) {
			continue
		}
		p := filepath.Join(dir, name)
		st, err := os.Stat(p)
		if err != nil || st.IsDir() {
			continue
		}
		if syscall.Access(p, 1 /* X_OK */) == nil {
			return p, nil
		}
		denied = true
	}
	if denied {
		return "", &exec.Error{Name: name, Err: fs.ErrPermission}
	}
	return "", &exec.Error{Name: name, Err: exec.ErrNotFound}
}

// startCode is GNU timeout's: 127 when the command does not exist, 126 when
// it exists but cannot be run.
func startCode(err error) int {
	if errors.Is(err, exec.ErrNotFound) || errors.Is(err, syscall.ENOENT) || errors.Is(err, errNoCommand) {
		return 127
	}
	return 126
}

// child starts the command on a goroutine that holds its OS thread for the
// child's whole life: Pdeathsig fires when the thread that started the child
// exits, not the process (golang/go#27505), and a thread returned to the
// runtime may be ended under it.
type child struct {
	cmd     *exec.Cmd
	started chan error       // the start's error, then closed
	exited  chan struct{}    // closed when the child has exited
	release chan struct{}    // closed by the supervisor once the group is swept
	waited  chan waitOutcome // the reaped child's state
}

type waitOutcome struct {
	state *os.ProcessState
	err   error
}

func startChild(cmd *exec.Cmd) *child {
	c := &child{
		cmd:     cmd,
		started: make(chan error, 1),
		exited:  make(chan struct{}),
		release: make(chan struct{}),
		waited:  make(chan waitOutcome, 1),
	}
	go c.run()
	return c
}

func (c *child) run() {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := c.cmd.Start(); err != nil {
		c.started <- err
		return
	}
	c.started <- nil
	var out waitOutcome
	reaped := false
	if peekExit(c.cmd.Process.Pid) != nil {
		out.err = c.cmd.Wait()
		out.state = c.cmd.ProcessState
		reaped = true
	}
	close(c.exited)
	<-c.release
	if !reaped {
		out.err = c.cmd.Wait()
		out.state = c.cmd.ProcessState
	}
	c.waited <- out
}
