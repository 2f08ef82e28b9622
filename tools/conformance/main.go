package main

import (
	"crypto/rand"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/contract"
)

// apiToken is the admin token the CLI exchanges.
const apiToken = "conformance-api-token"

func main() {
	cli := flag.String("cli", "", "the official CLI's `binary`")
	pshcron := flag.String("pshcron", "", "pshcron's `binary`, to cross-check what each client reads of what the other wrote")
	want := flag.String("version", "", "the version it must report, such as 5.11.1")
	logPath := flag.String("log", "conformance.log", "`file` for the CLI's output and the emulator's requests")
	flag.Parse()
	if *cli == "" {
		fmt.Fprintln(os.Stderr, "conformance: error: -cli is required")
		os.Exit(2)
	}
	// The steps run in a directory of their own: a relative path would not.
	if *pshcron != "" {
		*pshcron, _ = filepath.Abs(*pshcron)
	}
	*cli, _ = filepath.Abs(*cli)
	os.Exit(run(*cli, *pshcron, *want, *logPath, os.Stdout))
}

// run runs every step and the checks on the requests; it returns the exit
// code: 0 when all passed.
func run(cli, pshcron, version, logPath string, out io.Writer) int {
	logFile, err := os.Create(logPath)
	if err != nil {
		fmt.Fprintf(out, "conformance: error: %v\n", err)
		return 1
	}
	defer logFile.Close()
	checkers, err := contract.LoadAll(contract.FindSpecs())
	if err != nil {
		fmt.Fprintf(out, "conformance: error: loading the OpenAPI specs: %v\n", err)
		return 1
	}
	if len(checkers) == 0 {
		fmt.Fprintln(out, "conformance: no OpenAPI spec at ../shared/openapi: requests are not checked against the specs")
	}
	h, err := newHarness(cli, pshcron, logFile)
	if err != nil {
		fmt.Fprintf(out, "conformance: error: %v\n", err)
		return 1
	}
	defer h.close()
	fmt.Fprintf(out, "conformance: %s against the emulator at %s, project %s\n", cli, h.em.URL, h.project)
	all := steps(version, h.project)
	if pshcron != "" {
		all = append(all, crossSteps()...)
	}
	failed := 0
	for _, s := range all {
		start := time.Now()
		err := h.step(s)
		status := "ok  "
		if err != nil {
			status, failed = "FAIL", failed+1
		}
		fmt.Fprintf(out, "%s %s (%.1fs)\n", status, s.command(), time.Since(start).Seconds())
		if err != nil {
			fmt.Fprintf(out, "     %v\n", err)
		}
	}
	errs, notes := h.checkRequests(checkers)
	for _, n := range notes {
		fmt.Fprintf(out, "note %s\n", n)
	}
	for _, err := range errs {
		failed++
		fmt.Fprintf(out, "FAIL requests: %v\n", err)
	}
	if failed > 0 {
		fmt.Fprintf(out, "conformance: %d failure(s); the CLI's output and every request are in %s\n", failed, logPath)
		return 1
	}
	within := "within both specs"
	if len(notes) > 0 {
		within += ", but for the routes noted"
	}
	fmt.Fprintf(out, "conformance: all %d steps passed; %d requests, each to a route the emulator serves, %s\n",
		len(all), h.requests(), within)
	return 0
}

// projectID is a fresh id of the platform's form: 13 lowercase letters and
// digits. The CLI takes an id with any other character for a URL.
func projectID() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 13)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// newEmulator serves the project the way `pshcron-emulator` does, with
// short activities so that a step that waits does not wait long.
func newEmulator(project string, observe func(emulator.Exchange)) (*emulator.Server, error) {
	em := emulator.New(emulator.Options{PendingFor: 200 * time.Millisecond, RunningFor: 600 * time.Millisecond, Observe: observe})
	em.AddToken(apiToken, emulator.RoleAdmin)
	em.AddProject(project,
		emulator.Environment{ID: "main", Type: "production", SourceOperations: []string{"update"}},
		emulator.Environment{ID: "staging", Type: "staging", SourceOperations: []string{"update"}},
		emulator.Environment{ID: "feature/x", Type: "development"},
	)
	if err := seedCronHistory(em, project); err != nil {
		return nil, err
	}
	return em, em.Start("127.0.0.1:0")
}
