//go:build !linux

package supervise

import (
	"errors"
	"syscall"
)

// sysProcAttr puts the child in a process group of its own. Outside Linux
// there is no Pdeathsig: a killed pshcron leaves its child running.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// peekExit cannot wait without reaping outside Linux (darwin's waitid also
// returns for a stopped child): the caller reaps first, then signals the
// group, with the small chance that its id was reused meanwhile.
func peekExit(int) error { return errors.ErrUnsupported }

// groupMembers says whether anything is left in the group, as 1 or 0:
// without /proc there is no cheap count.
func groupMembers(pgid int) int {
	if syscall.Kill(-pgid, 0) == nil {
		return 1
	}
	return 0
}
