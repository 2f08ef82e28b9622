// Command bench is `make bench`: it runs the released pshcron binary and a
// curl baseline against the emulator on loopback, at 0 ms and 20 ms per
// request, cold and warm, and prints and writes BENCHMARKS.md. It exits 1
// when a target is missed. Nothing here runs in `make test`.
package main
