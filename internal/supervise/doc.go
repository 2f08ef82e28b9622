// Package supervise runs one job as GNU timeout would, for `pshcron run`: the
// child from an argv (no shell) in a process group of its own, killed with
// pshcron (Pdeathsig, Linux only); its stdout and stderr passed through byte
// for byte as they come, with a bounded head and tail kept in a [Capture];
// TERM on timeout, KILL after a grace; TERM, INT or HUP received forwarded
// once to the group, a second one during the grace sending KILL; and once
// the child has exited, what is left in its group (a `&` job) swept with
// TERM, then KILL.
//
// Exit codes ([Result].ExitCode): the child's; 128+n when it died of signal
// n (137 for an OOM kill); 124 when the timeout fired, whether TERM was
// enough or KILL was needed ([Result].Killed says which: GNU timeout would
// give 137 for the latter); 126 for a command found but not executable, 127
// for one not found.
//
// It stops there: no flags, no network, no log format. The caller words
// the lines ([Config].Logf gets what the supervisor did), and redacts and
// escapes the captured bytes, which are raw, before anything shows them.
//
// Linux is the target; darwin builds, without Pdeathsig, and with the group
// swept just after its leader is reaped rather than before.
package supervise
