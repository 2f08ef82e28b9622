// Command conformance is `make conformance`: the official CLI, a client of
// the platform's API that nobody here wrote, runs against the emulator in a
// simulated container, one command per step. Nothing here runs in `make
// test`: scripts/conformance.sh fetches the pinned CLI and runs this.
//
// Each step must exit 0, leave the emulator in the state the command says,
// and print no PHP warning (a warning means the client read a field the
// emulator does not answer). Every request must reach a route the emulator
// serves and fit both OpenAPI specs, and nothing may be asked of another
// host: the CLI's proxy variables point at the emulator, which refuses and
// counts such requests.
//
// It is a Go program rather than a shell script because the checks read
// JSON state and the emulator's exchanges, which the standard library does
// plainly and a shell does not without tools CI may lack.
package main
