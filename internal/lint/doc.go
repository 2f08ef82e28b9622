// Package lint reads a project's app configuration (YAML, with line
// numbers) and reports the mistakes that make unattended crons fail: the
// official CLI called but never installed, a command it no longer has, a
// cron that waits, the same cron copied into every app, no guard. It
// imports nothing of pshcron's: the command layer hands it a checker for
// pshcron's own lines.
package lint
