// Package redact scrubs known secrets from text at the boundary where it
// leaves the program (stdout, stderr, the log). It is the safety net behind
// code that never prints a token in the first place: callers register the
// secrets, it knows none itself.
package redact
