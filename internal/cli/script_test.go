package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/emutest"
)

// The scripts in testdata/ pin what a person sees: each runs pshcron
// in-process, against its own emulator, in a production container on main
// of the fixture's project (see setup), and checks the exit status, stdout
// and stderr. Commands a script has beyond testscript's own:
//
//	pshcron ARGS...       run pshcron; '! pshcron' expects a failure
//	status N              the last pshcron's exit status was N
//	emu fault SPEC        queue a fault, as pshcron-emulator --fault SPEC
//	emu requests N        the emulator has served N requests in all
//	emu count WHERE N     N requests to a route (a --fault place: backup, ...)
//	emu backups ENV N     ENV has N backups
//	emu cert DAYS [custom] DOMAIN...  a certificate expiring in DAYS days
//	emu activities ENV TYPE N  add N completed activities (crons, say)
//	emu activity ENV TYPE STATE  add one activity that stays pending (the
//	                      environment is busy), is staged, or is complete
//	emu rolling ENV       ENV can deploy with the rolling strategy
//	emu parent ENV PARENT ENV was branched from PARENT
//	emu status ENV STATUS ENV's status is STATUS (active, paused, ...)
//	emu var ENV|- NAME [VALUE]  the variable (- the project's) holds VALUE;
//	                      without VALUE, it does not exist
//	$STDIN                what pshcron reads as its standard input
//	pings                 print the pings $PING received, one a line
//	                      (METHOD PATH rid=RID BODY-ON-ONE-LINE), and forget them
//	emu advance DURATION  move the emulator's clock on
//	emu project ID N      add a project with N development environments e00...
//	emu once ID N         project ID's environments hold N backups, none two
//	emu backup ENV ID AGO [automated|deleting|unrestorable|of:OTHER]  seed a
//	                      backup made AGO (a duration) before the emulator's
//	                      now; of:OTHER says it was taken of environment OTHER
//	emu breaking          the script sends requests that break the spec
//	emu echo PLACE FILE   the next request to PLACE fails 400, echoing the
//	                      value FILE holds (raw and JSON-escaped)
//	emu answer PLACE FILE the next request to PLACE is answered 200 with FILE
//	emu crons ENV NAME=SPEC[@TIMEOUT]...  ENV's deployment defines these crons
//	                      (TIMEOUT in seconds)
//	emu cronrun ENV NAME AGO TOOK ok|failed|running  a run of cron NAME that
//	                      started AGO before the emulator's now
//	emu queued ENV TYPE AGO  an activity pending since AGO (behind a cron)
//	emu cronspaused ENV   ENV's crons are paused
//	emu routes ENV URL... ENV's resolved routes
//	jsondoc [-lines] KEY... the last stdout is exactly one JSON document
//	                      (-lines: every line is one), and the (last) one
//	                      holds each KEY
func TestScripts(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var breaches []string
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			em, err := emutest.New(emulator.Options{})
			if err != nil {
				return err
			}
			env.Defer(func() {
				_ = em.Close()
				mu.Lock()
				defer mu.Unlock()
				for _, b := range em.Breaches() {
					breaches = append(breaches, fmt.Sprintf("%s: contract: %v", env.WorkDir, b))
				}
			})
			env.Values["em"] = em
			env.Values["status"] = new(int)
			rec := newPingRecorder()
			env.Defer(rec.Close)
			env.Values["pings"] = rec
			for k, v := range map[string]string{
				"PLATFORM_PROJECT": emutest.Project, "PLATFORM_BRANCH": "main", "PLATFORM_ENVIRONMENT": "main-bvxea6i",
				"PLATFORM_ENVIRONMENT_TYPE": "production", "PLATFORM_APPLICATION_NAME": "app", "PLATFORM_APP_DIR": "/app",
				"PLATFORM_TREE_ID": "tree", "PLATFORMSH_CLI_TOKEN": emutest.AdminToken + "\n",
				"PSHCRON_API_URL": em.URL + emulator.APIPath, "PSHCRON_AUTH_URL": em.URL,
				"PSHCRON_CACHE_DIR": env.WorkDir + "/cache", "EMU": em.URL,
				"VIEWER_TOKEN": emutest.ViewerToken, "PING": rec.URL + "/ping/5bf6c3e1-7d2a-4f0e-9c1b-2a3d4e5f6a7b",
				"PING_LIMITED": rec.URL + "/limited/5bf6c3e1-7d2a-4f0e-9c1b-2a3d4e5f6a7b",
				// The scripts assert log lines as JSON; logs.txt clears it to
				// pin the default, plain dated lines.
				"PSHCRON_LOG_FORMAT": "json",
			} {
				env.Setenv(k, v)
			}
			env.Values[setupNamesKey{}] = namesOf(env.Vars)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"pshcron": runPshcron,
			"status":  checkStatus,
			"emu":     emulatorCommand,
			"pings":   printPings,
			"jsondoc": checkJSONDoc,
		},
	})
	for _, b := range breaches {
		t.Error(b)
	}
}

// oneAtATime serialises the in-process runs of the scripts, which testscript
// runs in parallel: urfave/cli keeps its help flag in a package variable
// that every app it runs writes to. (A process runs one app: pshcron itself
// never races there.)
var oneAtATime sync.Mutex

// runPshcron runs the CLI in-process with the script's environment, and
// fails the script if a token shows in what it printed.
func runPshcron(ts *testscript.TestScript, neg bool, args []string) {
	var stdout, stderr bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	oneAtATime.Lock()
	code := Run(ctx, append([]string{"pshcron"}, args...), ts.Getenv, func() []string { return scriptEnviron(ts) },
		strings.NewReader(ts.Getenv("STDIN")), &stdout, &stderr)
	oneAtATime.Unlock()
	*ts.Value("status").(*int) = code
	_, _ = ts.Stdout().Write(stdout.Bytes())
	_, _ = ts.Stderr().Write(stderr.Bytes())
	em := ts.Value("em").(*emutest.Env)
	for _, secret := range append([]string{emutest.AdminToken, emutest.ViewerToken}, em.AccessTokens()...) {
		half := secret[:len(secret)/2]
		if strings.Contains(stdout.String()+stderr.String(), half) {
			ts.Fatalf("a secret shows in pshcron's output")
		}
	}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if k := repeatedKey(line); k != "" {
			ts.Fatalf("a JSON log line repeats the key %q: %s", k, line)
		}
	}
	switch {
	case code != 0 && !neg:
		ts.Fatalf("pshcron exited %d", code)
	case code == 0 && neg:
		ts.Fatalf("pshcron succeeded; a failure was expected")
	}
}

// repeatedKey returns a key a JSON log line holds twice, or "": most
// readers keep one of the two values, and which one differs between them.
func repeatedKey(line string) string {
	if !strings.HasPrefix(line, "{") {
		return ""
	}
	dec := json.NewDecoder(strings.NewReader(line))
	var walk func() string
	walk = func() string {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				k, _ := dec.Token()
				key, _ := k.(string)
				if seen[key] {
					return key
				}
				seen[key] = true
				if r := walk(); r != "" {
					return r
				}
			}
			_, _ = dec.Token()
		case json.Delim('['):
			for dec.More() {
				if r := walk(); r != "" {
					return r
				}
			}
			_, _ = dec.Token()
		}
		return ""
	}
	return walk()
}

// checkJSONDoc checks that stdout is what json.load or a JSON-lines reader
// takes: one document, or one a line; never a report and then an error.
func checkJSONDoc(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("usage: jsondoc [-lines] KEY...")
	}
	out := ts.ReadFile("stdout")
	docs := []string{out}
	if len(args) > 0 && args[0] == "-lines" {
		args, docs = args[1:], strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	}
	var last map[string]json.RawMessage
	for _, doc := range docs {
		dec := json.NewDecoder(strings.NewReader(doc))
		var v map[string]json.RawMessage
		if err := dec.Decode(&v); err != nil {
			ts.Fatalf("not a JSON object: %v: %q", err, doc)
		}
		if dec.More() {
			ts.Fatalf("more than one JSON document: %q", doc)
		}
		last = v
	}
	for _, k := range args {
		if _, ok := last[k]; !ok {
			ts.Fatalf("the JSON document has no %q", k)
		}
	}
}

func checkStatus(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 || neg {
		ts.Fatalf("usage: status N")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	if got := *ts.Value("status").(*int); got != want {
		ts.Fatalf("pshcron exited %d, not %d", got, want)
	}
}

func emulatorCommand(ts *testscript.TestScript, neg bool, args []string) {
	em := ts.Value("em").(*emutest.Env)
	if neg || len(args) == 0 {
		ts.Fatalf("usage: emu fault|requests|count|backups|cert|activities|breaking ...")
	}
	num := func(s string) int {
		n, err := strconv.Atoi(s)
		ts.Check(err)
		return n
	}
	want := func(what string, got, n int) {
		if got != n {
			ts.Fatalf("%s: %d, not %d (%v)", what, got, n, em.Counts())
		}
	}
	switch a := args[1:]; args[0] {
	case "fault":
		f, err := emulator.ParseFault(a[0])
		ts.Check(err)
		em.InjectFault(f)
	case "requests":
		want("requests", em.Requests(), num(a[0]))
	case "count":
		route, ok := emulator.Place(a[0])
		if !ok {
			ts.Fatalf("emu count: no route is called %q", a[0])
		}
		want(a[0]+" requests", em.Count(route), num(a[1]))
	case "backups":
		want("backups on "+a[0], len(em.Backups(emutest.Project, a[0])), num(a[1]))
	case "cert":
		// pshcron judges expiry on its own clock, the real one: so does this.
		c := emulator.Certificate{ExpiresAt: time.Now().Add(time.Duration(num(a[0]))*24*time.Hour + time.Hour), Provisioned: true, Domains: a[1:]}
		if len(a) > 1 && a[1] == "custom" {
			c.Provisioned, c.Issuer, c.Domains = false, "Corp CA", a[2:]
		}
		em.AddCertificate(emutest.Project, c)
	case "activities":
		em.AddActivities(emutest.Project, a[0], a[1], num(a[2]))
	case "activity":
		em.AddActivity(emutest.Project, a[0], a[1], a[2])
	case "rolling":
		em.Configure(emutest.Project, a[0], func(e *emulator.Environment) { e.RollingDeploy = true })
	case "parent":
		em.Configure(emutest.Project, a[0], func(e *emulator.Environment) { e.Parent = a[1] })
	case "var":
		env := a[0]
		if env == "-" {
			env = ""
		}
		got, ok := em.Variable(emutest.Project, env, a[1])
		switch {
		case len(a) == 2 && ok:
			ts.Fatalf("variable %s exists", a[1])
		case len(a) == 3 && (!ok || got != a[2]):
			ts.Fatalf("variable %s is %q (exists: %v), not %q", a[1], got, ok, a[2])
		}
	case "status":
		if got := em.Status(emutest.Project, a[0]); got != a[1] {
			ts.Fatalf("%s is %s, not %s", a[0], got, a[1])
		}
	case "backup":
		ago, err := time.ParseDuration(a[2])
		ts.Check(err)
		b := emulator.Backup{ID: a[1], CreatedAt: em.Now().Add(-ago)}
		for _, flag := range a[3:] {
			switch flag {
			case "automated":
				b.Automated = true
			case "deleting":
				b.Status = "DELETING"
			case "unrestorable":
				b.Unrestorable = true
			default:
				b.Environment, _ = strings.CutPrefix(flag, "of:")
			}
		}
		em.AddBackup(emutest.Project, a[0], b)
	case "once":
		// project a[0]'s environments hold a[1] backups in all, none two
		total := 0
		for i := 0; em.Status(a[0], fmt.Sprintf("e%02d", i)) != ""; i++ {
			n := len(em.Backups(a[0], fmt.Sprintf("e%02d", i)))
			if n > 1 {
				ts.Fatalf("%s:e%02d has %d backups: an action ran twice", a[0], i, n)
			}
			total += n
		}
		want(a[0]+" backups", total, num(a[1]))
	case "project":
		var envs []emulator.Environment
		for i := 0; i < num(a[1]); i++ {
			envs = append(envs, emulator.Environment{ID: fmt.Sprintf("e%02d", i), Type: "development"})
		}
		em.AddProject(a[0], envs...)
	case "advance":
		d, err := time.ParseDuration(a[0])
		ts.Check(err)
		em.Advance(d)
	case "breaking":
		em.RequestsMayBreakSpec.Store(true)
	case "echo":
		emuEcho(ts, em, a)
	case "answer":
		emuAnswer(ts, em, a)
	default:
		if !emuCrons(ts, em, args[0], a) {
			ts.Fatalf("emu: unknown subcommand %q", args[0])
		}
	}
}

// pingRecorder is a healthchecks.io stand-in that records every ping.
type pingRecorder struct {
	*httptest.Server
	mu    sync.Mutex
	pings []string
}

func newPingRecorder() *pingRecorder {
	r := &pingRecorder{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		if strings.Contains(req.URL.Path, "/limited/") {
			w.Header().Set("Ping-Body-Limit", "120") // as healthchecks.io says its limit
		}
		r.mu.Lock()
		r.pings = append(r.pings, fmt.Sprintf("%s %s rid=%s %s", req.Method, req.URL.Path, req.URL.Query().Get("rid"),
			strings.Join(strings.Fields(string(body)), " ")))
		r.mu.Unlock()
	}))
	return r
}

func printPings(ts *testscript.TestScript, neg bool, args []string) {
	rec := ts.Value("pings").(*pingRecorder)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, p := range rec.pings {
		fmt.Fprintln(ts.Stdout(), p)
	}
	rec.pings = nil
}
