// Package retention is the keep policy of backup:prune: restic's, which
// operators know, as a pure function of the backups and the policy, with no
// I/O; the command deletes what it decides.
//
// In each period (hour, day, ISO week, month, year, counted in UTC) the
// newest backup is kept, for as many periods as the policy says;
// --keep-last keeps the newest N; --keep-within keeps every backup within a
// duration of the newest one.
package retention
