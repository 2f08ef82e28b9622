// Command pshcron-emulator serves the local stand-in for the platform's auth
// server and API, to try cron lines without an account and for `make demo`.
// It prints the variables that point pshcron at it, and runs until stopped.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/pshcron/pshcron/emulator"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("pshcron-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "`address` to listen on (port 0 picks a free one)")
	project := fs.String("project", "demo-project", "the project `id` served")
	token := fs.String("token", "demo-api-token", "the API `token` that exchanges as an admin")
	viewer := fs.String("viewer-token", "demo-viewer-token", "an API `token` that exchanges as a viewer (403 on actions)")
	latency := fs.Duration("latency", 0, "`delay` added to every answer")
	pending := fs.Duration("pending", 500*time.Millisecond, "how long a new activity stays pending")
	running := fs.Duration("running", 2*time.Second, "how long an activity then runs")
	envFile := fs.String("env-file", "", "also write the variables to `file` once listening, for scripts")
	var faults []emulator.Fault
	fs.Func("fault", "misbehave: `WHERE:WHAT[:TIMES]`, WHERE one of any, token, backup, redeploy, source-operation, environment, activities, activity, routes, certificates; WHAT an error status (503, 429, 502...), drop, drop-after (do the work, then drop the connection) or hang; repeatable. Example: backup:drop-after:1", func(v string) error {
		f, err := emulator.ParseFault(v)
		if err == nil {
			faults = append(faults, f)
		}
		return err
	})
	if err := fs.Parse(args); err != nil {
		return 2
	}
	em := emulator.New(emulator.Options{Latency: *latency, PendingFor: *pending, RunningFor: *running})
	em.AddToken(*token, emulator.RoleAdmin)
	em.AddToken(*viewer, emulator.RoleViewer)
	em.AddProject(*project,
		emulator.Environment{ID: "main", Type: "production", SourceOperations: []string{"update"}},
		emulator.Environment{ID: "staging", Type: "staging", SourceOperations: []string{"update"}},
		emulator.Environment{ID: "feature/x", Type: "development"},
	)
	for _, f := range faults {
		em.InjectFault(f)
	}
	now := time.Now()
	em.AddCertificate(*project, emulator.Certificate{Domains: []string{"www.example.com", "example.com"}, ExpiresAt: now.Add(60 * 24 * time.Hour), Provisioned: true})
	if err := em.Start(*addr); err != nil {
		fmt.Fprintf(stderr, "pshcron-emulator: error: %v\n", err)
		return 1
	}
	vars := strings.Join([]string{
		"PSHCRON_API_URL=" + em.URL + emulator.APIPath,
		"PSHCRON_AUTH_URL=" + em.URL,
		"PLATFORMSH_CLI_TOKEN=" + *token,
		"PLATFORM_PROJECT=" + *project,
	}, "\n") + "\n"
	if *envFile != "" {
		tmp := *envFile + ".tmp"
		if err := os.WriteFile(tmp, []byte(vars), 0o600); err == nil {
			err = os.Rename(tmp, *envFile)
		}
	}
	fmt.Fprintf(stdout, "pshcron-emulator listening on %s\nproject %s: environments main (production), staging, feature/x (development)\nset these to point pshcron at it:\n%s", em.URL, *project, vars)

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	_ = em.Close()
	fmt.Fprintf(stderr, "pshcron-emulator: served %d requests\n", em.Requests())
	return 0
}
