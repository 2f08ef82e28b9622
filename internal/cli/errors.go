package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/envdetect"
	"github.com/pshcron/pshcron/internal/termsafe"
	"github.com/pshcron/pshcron/tasks"
	"github.com/pshcron/pshcron/tokenauth"
)

// Exit codes, as docs/failures.md lists them. 1, 2, 3 and 6 mean what they mean for
// the official CLI.
const (
	exitOK         = 0
	exitFailed     = 1 // the platform refused the action, or the activity failed
	exitUsage      = 2 // usage or configuration error
	exitAuth       = 3 // no usable token, or authentication failed
	exitAPI        = 5 // the API could not be reached or kept failing
	exitPermission = 6 // permission denied (403)
	// 129, 130 and 143: interrupted by SIGHUP, SIGINT or SIGTERM (128 + the signal).
)

// usageError is a mistake in the command line or a PSHCRON_* variable.
type usageError struct {
	msg, hint string
}

func (e *usageError) Error() string { return e.msg }
func (e *usageError) Hint() string  { return e.hint }

func usageErr(msg, hint string) error { return &usageError{msg: msg, hint: hint} }

// timeoutError is a command that ran out of its --timeout.
type timeoutError struct {
	after  time.Duration
	during string // what was under way, from the error under it
	err    error
}

func (e *timeoutError) Error() string {
	s := "timed out after " + shortDuration(e.after) + " (--timeout)"
	if e.during != "" {
		s += " " + e.during
	}
	return s
}

func (e *timeoutError) Unwrap() error { return e.err }

// withTimeout names the timeout when a command ran out of it.
func withTimeout(ctx context.Context, err error, after time.Duration) error {
	if err == nil || !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return err
	}
	var activity *api.ActivityError
	if errors.As(err, &activity) {
		return err // it says what is still running
	}
	t := &timeoutError{after: after, err: err}
	var netErr *api.NetError
	if errors.As(err, &netErr) {
		t.during = "waiting for the answer to " + netErr.Method + " " + netErr.Path
	}
	return t
}

// shortDuration writes 1m rather than 1m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// classify is the exit code and the hint for err: the one place that maps
// an error to how the process ends and what the user is told to do. Lower
// packages return typed facts; the hint is worded here (hints.go), in the
// words of the command line. A wrapper that only says more (a prune, a
// refusal explained) words the hint and keeps the code of what it wraps.
func classify(err error) (code int, hint string) {
	var (
		usage   *usageError
		hinted  *hintedError
		varErr  *envdetect.VarError
		config  *api.ConfigError
		auth    *tokenauth.Error
		apiErr  *api.APIError
		timeout *timeoutError
		sig     *signalError
		unavail *tasks.UnavailableError
		prune   *pruneError
	)
	switch {
	case err == nil:
		return exitOK, ""
	case errors.As(err, &prune):
		return wrappedCode(prune.first), prune.Hint()
	case errors.As(err, &unavail):
		if unavail.Why == tasks.WhyRole {
			return exitPermission, unavailableHint(unavail) // as the 403 the POST would have met
		}
		return exitFailed, unavailableHint(unavail)
	case errors.As(err, &sig):
		return sig.exitCode(), ""
	case errors.As(err, &usage):
		return exitUsage, usage.hint
	case errors.As(err, &hinted):
		return wrappedCode(hinted.err), hinted.hint
	}
	if hint, inner, ok := explained(err); ok {
		return wrappedCode(inner), hint
	}
	switch {
	case errors.As(err, &varErr):
		return exitUsage, varErr.Hint()
	case errors.As(err, &config):
		return exitUsage, ""
	case errors.As(err, &auth):
		return authCode(auth), tokenHint(auth)
	case errors.As(err, &timeout):
		if errors.As(err, &apiErr) {
			return apiCode(apiErr), timeoutHint
		}
		return exitAPI, timeoutHint
	case errors.As(err, &apiErr):
		return apiCode(apiErr), apiHint(apiErr)
	}
	return classifyRest(err)
}

// classifyRest is classify for what no wrapper explains: the network, the
// activity, the certificate check, and hints of the command layer's own
// errors.
func classifyRest(err error) (code int, hint string) {
	var (
		redir    *api.RedirectError
		netErr   *api.NetError
		activity *api.ActivityError
		attn     *tasks.AttentionError
		none     *tasks.NoDomainsError
		h        interface{ Hint() string }
	)
	switch {
	case errors.As(err, &redir):
		return exitAPI, "the API never redirects: check PSHCRON_API_URL (or PLATFORMSH_CLI_API_URL) and any proxy; nothing was done"
	case errors.As(err, &netErr):
		return exitAPI, "check the network and the API URL; the action was not confirmed"
	case errors.As(err, &activity) && activity.TimedOut:
		return exitAPI, "raise --timeout, or leave out --wait (a cron should not wait)"
	case errors.As(err, &activity):
		return exitFailed, "read its log in the console, or with: platform activity:log " + activity.ID
	case errors.As(err, &attn):
		return exitFailed, "run pshcron cert:renew (without --check) to redeploy where that helps; custom certificates must be renewed by hand"
	case errors.As(err, new(*api.IDError)):
		return exitAPI, "an answer of the API named that id; nothing was sent: report it to the platform's support"
	case errors.As(err, &none):
		return exitFailed, "cert:renew checks the https routes of the environment: run it where PLATFORM_ROUTES is set (a cron or SSH), or check the routes"
	case errors.As(err, new(*api.BadAnswerError)), errors.Is(err, context.DeadlineExceeded):
		return exitAPI, ""
	case errors.As(err, &h):
		return exitFailed, h.Hint()
	}
	return exitFailed, ""
}

// hintOf is classify's hint alone, for a report that goes on (doctor).
func hintOf(err error) string {
	_, hint := classify(err)
	return hint
}

// wrappedCode is the exit code of what a wrapper wraps: a failure when it
// wraps nothing.
func wrappedCode(err error) int {
	if code, _ := classify(err); code != exitOK {
		return code
	}
	return exitFailed
}

// authCode is the exit code of a token that could not be used.
func authCode(e *tokenauth.Error) int {
	switch e.Kind {
	case tokenauth.KindUnreachable:
		return exitAPI
	case tokenauth.KindConfig:
		return exitUsage
	}
	return exitAuth
}

// apiCode is the exit code of an answer of the API that is an error.
func apiCode(e *api.APIError) int {
	switch s := e.Status; {
	case s == http.StatusUnauthorized:
		return exitAuth
	case s == http.StatusForbidden:
		return exitPermission
	case s >= 500, s == http.StatusTooManyRequests, s == http.StatusRequestTimeout:
		return exitAPI
	}
	return exitFailed
}

// hintedError is an error with a hint the command layer worded from what
// it read after the error (activity:cancel's refusal).
type hintedError struct {
	err  error
	hint string
}

func (e *hintedError) Error() string { return e.err.Error() }
func (e *hintedError) Unwrap() error { return e.err }

// printError writes the one-line error and, where there is one, the hint.
// Both may quote the platform's words: escaped, they cannot drive a terminal.
func printError(w io.Writer, err error, hint string) {
	fmt.Fprintf(w, "pshcron: error: %s\n", termsafe.String(oneLine(err.Error())))
	if hint != "" {
		fmt.Fprintf(w, "pshcron: hint: %s\n", termsafe.String(oneLine(hint)))
	}
}

// errorOutput is the JSON form of a failure, on stdout with --format json,
// so that a JSON pipeline sees failures too.
type errorOutput struct {
	Error    string `json:"error"`
	Hint     string `json:"hint,omitempty"`
	ExitCode int    `json:"exit_code"`
}

func printJSONError(w io.Writer, err error, hint string, code int) {
	_ = writeJSON(w, errorOutput{Error: termsafe.String(oneLine(err.Error())), Hint: termsafe.String(oneLine(hint)), ExitCode: code})
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
