// Command pshcron-emulator serves the emulator package (the local stand-in
// for the platform's auth server and API) on loopback, to try cron lines
// without an account and for `make demo`. It prints the variables that point
// pshcron at it, and runs until stopped. Its project's crons have a history
// that tells what cron checks are for (stories.go).
package main
