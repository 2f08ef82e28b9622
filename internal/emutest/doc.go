// Package emutest starts an emulator for a test, with a standard project,
// tokens and clock, and holds every exchange to the platform's OpenAPI spec
// (internal/contract), failing the test at cleanup for each breach. Tests
// only; the binary never links it.
package emutest
