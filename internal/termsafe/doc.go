// Package termsafe makes text from the network safe to show, on a terminal
// or in a JSON line; every string the platform sends passes through it
// before it is printed.
//
// A control character (C0, DEL, C1), a bidirectional override or an invalid
// byte could move the cursor, rewrite the screen, set a window title or hide
// the rest of a line when printed to a terminal. They are shown escaped
// instead, as \x1b, \u009b or \u202e, so what a person reads is what was
// sent.
package termsafe
