// Package cli is pshcron's command layer: the command table (commands.go, a
// row per command and a file named after each), the flag table
// (options.go), read once into typed Settings (settings.go), the one
// pipeline every action command shares (action.go), output, the error to
// exit code map (errors.go) and every hint (hints.go).
//
// Three audiences, three channels: stdout carries only results (an id, a
// table, JSON; with --format json, a failure too, inside the one JSON
// document); stderr carries the logs (plain dated lines off a terminal,
// console on one, JSON when asked) and the "pshcron: error:" and
// "pshcron: hint:" lines; the exit code is for cron.
// Text from the network is escaped before it reaches any of them
// (internal/termsafe), and secrets are scrubbed from both streams
// (internal/redact).
package cli
