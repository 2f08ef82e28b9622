// Command bench is `make bench`: it runs the released pshcron binary and a
// curl baseline against the emulator on loopback, at 0 ms and 20 ms per
// request, cold and warm, and prints and writes BENCHMARKS.md. It exits 1
// when a target is missed. No measurement runs in `make test`; the tests of
// how they are taken do.
package main
