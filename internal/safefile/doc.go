// Package safefile opens and reads files a user or a container names
// (a token file, --value-file, .environment, a lint configuration) without
// following them into a FIFO or a device, and reads them within a bound.
// It knows nothing of what the files hold; callers word their own errors.
package safefile
