package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

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
	// 130 and 143: interrupted by SIGINT or SIGTERM (128 + the signal).
)

// usageError is a mistake in the command line.
type usageError struct {
	msg, hint string
}

func (e *usageError) Error() string { return e.msg }
func (e *usageError) Hint() string  { return e.hint }

// exitCode maps an error to the exit code; it is the only place that does.
func exitCode(err error) int {
	var (
		usage   *usageError
		varErr  *envdetect.VarError
		config  *tasks.ConfigError
		auth    *tokenauth.Error
		api     *tasks.APIError
		net     *tasks.NetError
		bad     *tasks.BadAnswerError
		redir   *tasks.RedirectError
		failure *tasks.ActivityError
		sig     *signalError
	)
	switch {
	case err == nil:
		return exitOK
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
	case errors.As(err, &api):
		switch s := api.Status; {
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
	case errors.As(err, &net), errors.As(err, &bad), errors.As(err, &redir), errors.Is(err, context.DeadlineExceeded):
		return exitAPI
	}
	return exitFailed
}

// printError writes the one-line error and, where there is one, the hint.
// Both may quote the platform's words: escaped, they cannot drive a terminal.
func printError(w io.Writer, err error) {
	fmt.Fprintf(w, "pshcron: error: %s\n", termsafe.String(oneLine(err.Error())))
	var h interface{ Hint() string }
	if errors.As(err, &h) && h.Hint() != "" {
		fmt.Fprintf(w, "pshcron: hint: %s\n", termsafe.String(oneLine(h.Hint())))
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
