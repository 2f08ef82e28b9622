package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/contract"
)

// stepTimeout bounds one command: a step that waits for an activity waits
// about a second.
const stepTimeout = 90 * time.Second

// harness is one run: the emulator, the CLI's home and what was asked.
type harness struct {
	cli, pshcron  string // pshcron: "" runs no cross step
	project, home string
	em            *emulator.Server
	log           io.Writer

	// before is how many activities there were before the current step.
	before int

	mu        sync.Mutex
	exchanges []emulator.Exchange
}

func newHarness(cli, pshcron string, log io.Writer) (*harness, error) {
	home, err := os.MkdirTemp("", "pshcron-conformance-")
	if err != nil {
		return nil, err
	}
	h := &harness{cli: cli, pshcron: pshcron, project: projectID(), home: home, log: log}
	h.em, err = newEmulator(h.project, h.observe)
	if err != nil {
		_ = os.RemoveAll(home)
		return nil, err
	}
	return h, nil
}

func (h *harness) close() {
	_ = h.em.Close()
	_ = os.RemoveAll(h.home)
}

func (h *harness) observe(x emulator.Exchange) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.exchanges = append(h.exchanges, x)
	fmt.Fprintf(h.log, "  emulator: %d %s %s%s [%s]\n", x.Status, x.Method, x.Host, pathQuery(x), x.Route)
	if len(x.ReqBody) > 0 && x.Route != emulator.RouteToken {
		fmt.Fprintf(h.log, "    body: %s\n", x.ReqBody)
	}
}

func pathQuery(x emulator.Exchange) string {
	if x.Query == "" {
		return x.Path
	}
	return x.Path + "?" + x.Query
}

func (h *harness) requests() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.exchanges)
}

// env is a runtime container on main, as a cron sees it, pointed at the
// emulator: the CLI's own overrides (its prefix plus TOKEN, API_URL,
// AUTH_URL), no update check, no prompt, no cache, a home of its own, and
// proxies that lead every other request to the emulator, which refuses it.
func (h *harness) env() []string {
	return []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + h.home, "TZ=UTC", "COLUMNS=120", "LANG=C.UTF-8",
		// Not dash: the CLI assumes --no-wait in a hook-like shell, and the
		// steps that wait should wait.
		"SHELL=/bin/bash",
		"UPSUN_CLI_TOKEN=" + apiToken,
		"UPSUN_CLI_API_URL=" + h.em.URL + emulator.APIPath,
		"UPSUN_CLI_AUTH_URL=" + h.em.URL,
		"UPSUN_CLI_UPDATES_CHECK=0", "UPSUN_CLI_NO_INTERACTION=1", "UPSUN_CLI_NO_LEGACY_WARNING=1",
		// Each step asks the emulator afresh, as a cron in a new container
		// would, rather than trust what an earlier step cached.
		"UPSUN_CLI_DISABLE_CACHE=1",
		"UPSUN_CLI_HOME=" + h.home,
		"http_proxy=" + h.em.URL, "https_proxy=" + h.em.URL, "HTTP_PROXY=" + h.em.URL, "HTTPS_PROXY=" + h.em.URL,
		"no_proxy=127.0.0.1", "NO_PROXY=127.0.0.1",
		"PLATFORM_PROJECT=" + h.project, "PLATFORM_BRANCH=main", "PLATFORM_TREE_ID=conformance",
		"PLATFORM_ENVIRONMENT=main-bvxea6i", "PLATFORM_ENVIRONMENT_TYPE=production",
		"PLATFORM_APPLICATION_NAME=app", "PLATFORM_APP_DIR=" + h.home,
	}
}

// pshcronEnv is the same container for pshcron: its own variables for the
// emulator's URLs, the token under the name the platform's docs give it.
func (h *harness) pshcronEnv() []string {
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + h.home, "TZ=UTC",
		"PSHCRON_API_URL=" + h.em.URL + emulator.APIPath, "PSHCRON_AUTH_URL=" + h.em.URL,
		"PSHCRON_CACHE_DIR=" + h.home + "/pshcron-cache", "PLATFORMSH_CLI_TOKEN=" + apiToken,
	}
	for _, kv := range h.env() {
		if strings.HasPrefix(kv, "PLATFORM_") || strings.HasPrefix(kv, "https_proxy=") || strings.HasPrefix(kv, "no_proxy=") {
			env = append(env, kv)
		}
	}
	return env
}

// warning is PHP telling, in FILE on line N, that the client read what is
// not there (an undefined array key, a null where a string was expected).
var warning = regexp.MustCompile(`(?m)^(PHP )?(Warning|Notice|Deprecated|Fatal error): .* on line \d+`)

// step runs one command and its check, logging its output.
func (h *harness) step(s step) error {
	ctx, cancel := context.WithTimeout(context.Background(), stepTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, h.cli, s.args...)
	cmd.Env, cmd.Dir = h.env(), h.home
	if s.pshcron {
		cmd = exec.CommandContext(ctx, h.pshcron, s.args...)
		cmd.Env, cmd.Dir = h.pshcronEnv(), h.home
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	fmt.Fprintf(h.log, "\n=== %s\n", s.command())
	h.before = len(h.em.Activities(h.project))
	err := cmd.Run()
	fmt.Fprintf(h.log, "--- stdout\n%s--- stderr\n%s--- exit: %v\n", stdout.String(), stderr.String(), exitOf(err))
	if err != nil {
		return fmt.Errorf("exit %v; stderr: %s", exitOf(err), lastLines(stderr.String(), 6))
	}
	if m := warning.FindString(stderr.String()); m != "" {
		return fmt.Errorf("the client read what the emulator does not answer: %s", m)
	}
	if s.check == nil {
		return nil
	}
	if err := s.check(h, output{stdout.String(), stderr.String()}); err != nil {
		fmt.Fprintf(h.log, "--- check: %v\n", err)
		return err
	}
	return nil
}

func exitOf(err error) any {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err == nil {
		return 0
	}
	return err
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// checkRequests checks every exchange: to a route the emulator serves, not
// meant for another host, and within both specs when they are found. A
// route the emulator serves but a spec lacks (the activity log stream) is
// no failure: the official client asked for it, so the platform has it;
// notes lists those routes once each.
func (h *harness) checkRequests(checkers contract.Checkers) (errs []error, notes []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	tokens, noted := 0, map[string]bool{}
	for _, x := range h.exchanges {
		switch x.Route {
		case emulator.RouteProxy:
			errs = append(errs, fmt.Errorf("asked another host: %s %s%s", x.Method, x.Host, x.Path))
		case emulator.RouteOther:
			errs = append(errs, fmt.Errorf("asked what the emulator does not serve: %s %s", x.Method, pathQuery(x)))
		case emulator.RouteToken:
			if !bytes.Contains(x.ReqBody, []byte("pshcron-conformance")) {
				tokens++ // the CLI's, not the harness's own
			}
		}
		err := checkers.Check(x)
		switch {
		case err == nil:
		case strings.Contains(err.Error(), ": not in the spec: ") && x.Route != emulator.RouteOther:
			if !noted[x.Route] {
				noted[x.Route] = true
				notes = append(notes, x.Route+" is served and asked for, but not in every spec: "+err.Error())
			}
		default:
			errs = append(errs, err)
		}
	}
	if tokens == 0 {
		errs = append(errs, errors.New("the CLI never exchanged its API token with the emulator"))
	}
	return errs, notes
}
