package main

import (
	"context"
	"encoding/base64"
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

// defaultProject has the form of the platform's project ids, so the official
// CLI can be pointed at the emulator too: it takes `-p demo-project` for a
// URL and fails ("Failed to identify project ID").
const defaultProject = "demoproject42"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("pshcron-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "`address` to listen on (port 0 picks a free one)")
	project := fs.String("project", defaultProject, "the project `id` served; the official CLI's -p takes only the platform's form, 13 lowercase letters and digits")
	token := fs.String("token", "demo-api-token", "the API `token` that exchanges as an admin")
	viewer := fs.String("viewer-token", "demo-viewer-token", "an API `token` that exchanges as a viewer (403 on actions)")
	latency := fs.Duration("latency", 0, "`delay` added to every answer")
	pending := fs.Duration("pending", 500*time.Millisecond, "how long a new activity stays pending")
	running := fs.Duration("running", 2*time.Second, "how long an activity then runs")
	envFile := fs.String("env-file", "", "also write the variables to `file` once listening, for scripts")
	var faults []emulator.Fault
	fs.Func("fault", "misbehave: `WHERE:WHAT[:TIMES]`, WHERE one of "+strings.Join(emulator.Places(), ", ")+"; WHAT an error status (503, 429, 502...), drop, drop-after (do the work, then drop the connection) or hang; repeatable. Example: backup:drop-after:1", func(v string) error {
		f, err := emulator.ParseFault(v)
		if err == nil {
			faults = append(faults, f)
		}
		return err
	})
	if err := fs.Parse(args); err != nil {
		return 2
	}
	em, err := newEmulator(emulator.Options{Latency: *latency, PendingFor: *pending, RunningFor: *running}, *project, *token, *viewer, faults)
	if err != nil {
		fmt.Fprintf(stderr, "pshcron-emulator: error: %v\n", err)
		return 1
	}
	if err := em.Start(*addr); err != nil {
		fmt.Fprintf(stderr, "pshcron-emulator: error: %v\n", err)
		return 1
	}
	vars := exports(em.URL, *token, *project)
	if *envFile != "" {
		if err := writeAtomically(*envFile, vars); err != nil {
			fmt.Fprintf(stderr, "pshcron-emulator: error: %v\n", err)
			_ = em.Close()
			return 1
		}
	}
	fmt.Fprintf(stdout, "pshcron-emulator listening on %s\nproject %s: environments main (production), staging, feature/x (development)\n"+
		storiesSummary+"a production container on main, to eval or source:\n%s", em.URL, *project, vars)

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	_ = em.Close()
	fmt.Fprintf(stderr, "pshcron-emulator: served %d requests\n", em.Requests())
	return 0
}

// newEmulator is the emulator with its tokens and its project, whose crons
// tell their stories relative to now.
func newEmulator(opts emulator.Options, project, token, viewer string, faults []emulator.Fault) (*emulator.Server, error) {
	em := emulator.New(opts)
	em.AddToken(token, emulator.RoleAdmin)
	em.AddToken(viewer, emulator.RoleViewer)
	em.AddProject(project,
		emulator.Environment{ID: "main", Type: "production", SourceOperations: []string{"update"}},
		emulator.Environment{ID: "staging", Type: "staging", SourceOperations: []string{"update"}},
		emulator.Environment{ID: "feature/x", Type: "development"},
	)
	for _, f := range faults {
		em.InjectFault(f)
	}
	now := time.Now()
	if opts.Now != nil {
		now = opts.Now()
	}
	em.AddCertificate(project, emulator.Certificate{Domains: []string{"www.example.com", "example.com"}, ExpiresAt: now.Add(60 * 24 * time.Hour), Provisioned: true})
	return em, tellStories(em, project, now)
}

// exports is a production container on main pointed at the emulator, as
// shell lines to eval or source: the runtime variables a cron sees, the
// token and the emulator's URLs.
func exports(url, token, project string) string {
	routes := base64.StdEncoding.EncodeToString([]byte(
		`{"https://www.example.com/": {"type": "upstream", "upstream": "app:http"}, "https://example.com/": {"type": "redirect", "to": "https://www.example.com/"}}`))
	vars := [][2]string{
		{"PSHCRON_API_URL", url + emulator.APIPath}, {"PSHCRON_AUTH_URL", url}, {"PLATFORMSH_CLI_TOKEN", token},
		{"PLATFORM_PROJECT", project}, {"PLATFORM_BRANCH", "main"}, {"PLATFORM_ENVIRONMENT", "main-bvxea6i"},
		{"PLATFORM_ENVIRONMENT_TYPE", "production"}, {"PLATFORM_APPLICATION_NAME", "app"}, {"PLATFORM_APP_DIR", "/app"},
		{"PLATFORM_TREE_ID", "emulated"}, {"PLATFORM_ROUTES", routes},
	}
	var b strings.Builder
	for _, v := range vars {
		// Every value is ours and holds no quote.
		fmt.Fprintf(&b, "export %s='%s'\n", v[0], v[1])
	}
	return b.String()
}

// writeAtomically writes data to path by rename, so a script waiting for
// the file never reads half of it.
func writeAtomically(path, data string) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(data), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
