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

// Exit codes, as the README lists them. 1, 2, 3 and 6 mean what they mean for
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

// exitCode maps an error to the exit code; it is the only place that does.
func exitCode(err error) int {
	var (
		usage   *usageError
		varErr  *envdetect.VarError
		config  *api.ConfigError
		auth    *tokenauth.Error
		apiErr  *api.APIError
		net     *api.NetError
		bad     *api.BadAnswerError
		redir   *api.RedirectError
		timeout *timeoutError
		failure *api.ActivityError
		sig     *signalError
		badID   *api.IDError
		unavail *tasks.UnavailableError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &unavail) && unavail.Why == tasks.WhyRole:
		return exitPermission // as the 403 the POST would have met
	case errors.As(err, &sig):
		return sig.exitCode()
	case errors.As(err, &usage), errors.As(err, &varErr), errors.As(err, &config):
		return exitUsage
	case errors.As(err, &auth):
		switch auth.Kind {
		case tokenauth.KindUnreachable:
			return exitAPI
		case tokenauth.KindConfig:
			return exitUsage
		}
		return exitAuth
	case errors.As(err, &apiErr):
		switch s := apiErr.Status; {
		case s == http.StatusUnauthorized:
			return exitAuth
		case s == http.StatusForbidden:
			return exitPermission
		case s >= 500, s == http.StatusTooManyRequests, s == http.StatusRequestTimeout:
			return exitAPI
		}
		return exitFailed
	case errors.As(err, &failure):
		if failure.TimedOut {
			return exitAPI
		}
		return exitFailed
	case errors.As(err, &net), errors.As(err, &bad), errors.As(err, &redir), errors.As(err, &timeout), errors.As(err, &badID),
		errors.Is(err, context.DeadlineExceeded):
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
