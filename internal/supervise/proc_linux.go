package supervise

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
	"unsafe"
)

// sysProcAttr puts the child in a process group of its own, so signals and
// the final sweep reach everything it starts, and has the kernel kill it if
// the thread that started it dies (the caller keeps that thread locked).
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// peekExit blocks until the child has exited, without reaping it: as a
// zombie it keeps its pid, and so its process group's id, from being reused
// while the leftovers in that group are signalled.
func peekExit(pid int) error {
	const pPID = 1     // P_PID
	var info [128]byte // siginfo_t, which is not read
	for {
		_, _, errno := syscall.Syscall6(syscall.SYS_WAITID, pPID, uintptr(pid),
			uintptr(unsafe.Pointer(&info[0])), syscall.WEXITED|syscall.WNOWAIT, 0, 0)
		if errno != syscall.EINTR {
			if errno != 0 {
				return errno
			}
			return nil
		}
	}
}

// groupMembers counts the live processes in group pgid other than its
// leader, from /proc: kill(-pgid, 0) cannot tell, since the zombie leader
// answers it. Zombies are dead and do not count.
func groupMembers(pgid int) int {
	d, err := os.Open("/proc")
	if err != nil {
		return 0
	}
	defer d.Close()
	names, _ := d.Readdirnames(-1)
	n := 0
	for _, name := range names {
		pid, err := strconv.Atoi(name)
		if err != nil || pid == pgid {
			continue
		}
		// getpgid is one system call; /proc/PID/stat, read only for the
		// few in the group, tells the zombies.
		if g, err := syscall.Getpgid(pid); err == nil && g == pgid && inGroup(pid, pgid) {
			n++
		}
	}
	return n
}

// inGroup reads /proc/PID/stat: "pid (comm) state ppid pgrp ...", where
// comm may hold spaces and parentheses, hence the last ')'.
func inGroup(pid, pgid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 3 || f[0][0] == 'Z' || f[0][0] == 'X' {
		return false
	}
	g, err := strconv.Atoi(string(f[2]))
	return err == nil && g == pgid
}
