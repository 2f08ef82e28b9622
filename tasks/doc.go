// Package tasks is what the platform is asked to do, on top of package
// api's REST client: the actions (backup, redeploy, source operation, ...),
// the guard, the overlap lock, exactly once after an unknown outcome (Fire,
// CreateVariable), waiting, certificate verdicts.
//
// Every command reaches the platform through a Platform (platform.go), and
// every command that acts goes through one pipeline (run.go): Prepare (the
// guard, the lock, a connection), then what the command does with it; Run is
// that for an action that starts one activity (decide, fire, follow).
//
// It names no flag and words no hint: its errors are typed facts
// (UnavailableError, StateError, UnknownOperationError, ...) that the
// command layer words.
package tasks
