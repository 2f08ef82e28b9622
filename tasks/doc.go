// Package tasks is what the platform is asked to do: the API client, the
// actions (backup, redeploy, source operation), the guard, the overlap lock,
// exactly once after an unknown outcome, waiting, certificate verdicts.
//
// Every command reaches the platform through a Platform (platform.go), and
// every command that acts goes through one pipeline (run.go): Prepare (the
// guard, the lock, a connection), then what the command does with it; Run is
// that for an action that starts one activity (decide, fire, follow).
//
// It names no flag: what to tell the user is the command layer's.
package tasks
