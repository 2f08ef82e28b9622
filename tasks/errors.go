package tasks

import (
	"fmt"
	"net/http"
	"strings"
)

// APIError is a non-2xx answer from the API.
type APIError struct {
	Method, Path string
	Status       int
	Message      string // the platform's own words, if it gave any
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("the platform answered %d %s to %s %s", e.Status, http.StatusText(e.Status), e.Method, e.Path)
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Hint explains the usual cause of the status.
func (e *APIError) Hint() string {
	switch {
	case e.Status == http.StatusUnauthorized:
		return "the access token was refused twice; check that env:PLATFORMSH_CLI_TOKEN belongs to a user of this project"
	case e.Status == http.StatusForbidden:
		return "actions need the Admin role on the environment: give the machine user Admin access"
	case e.Status == http.StatusNotFound:
		return "check the project id (-p) and environment id (-e); the environment id is PLATFORM_BRANCH, not PLATFORM_ENVIRONMENT"
	case e.Status == http.StatusConflict || e.Status == http.StatusBadRequest:
		return "the environment may be inactive or busy with another activity; try again later"
	}
	return ""
}

// RedirectError is a 3xx answer from the API. The API never redirects, so
// it is not followed (the access token would go with it): a proxy or a wrong
// API URL is in the way.
type RedirectError struct {
	Method, Path string
	Status       int
	Location     string // without user info or query
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("the API answered %d %s to %s %s, redirecting to %s; not followed", e.Status, http.StatusText(e.Status), e.Method, e.Path, e.Location)
}

// Hint says what to check.
func (e *RedirectError) Hint() string {
	return "the API never redirects: check PSHCRON_API_URL (or PLATFORMSH_CLI_API_URL) and any proxy; nothing was done"
}

// NetError is a request that got no answer: network failure or timeout.
type NetError struct {
	Method, Path string
	Err          error
}

func (e *NetError) Error() string {
	return fmt.Sprintf("no answer from the API to %s %s: %v", e.Method, e.Path, e.Err)
}

// Unwrap returns the cause.
func (e *NetError) Unwrap() error { return e.Err }

// Hint says what to check.
func (e *NetError) Hint() string {
	return "check the network and the API URL; the action was not confirmed"
}

// BadAnswerError is a 2xx answer pshcron cannot read.
type BadAnswerError struct {
	Method, Path, Problem string
}

func (e *BadAnswerError) Error() string {
	return fmt.Sprintf("the API's answer to %s %s %s", e.Method, e.Path, e.Problem)
}

// ActivityError is an activity that ended badly, or did not end in time.
type ActivityError struct {
	ID, Type, State, Result string
	TimedOut                bool
}

func (e *ActivityError) Error() string {
	if e.TimedOut {
		return fmt.Sprintf("activity %s (%s) is still %s at the timeout; it goes on on the platform", e.ID, e.Type, e.State)
	}
	return fmt.Sprintf("activity %s (%s) ended with result %s", e.ID, e.Type, e.Result)
}

// Hint says where to look.
func (e *ActivityError) Hint() string {
	if e.TimedOut {
		return "raise --timeout, or leave out --wait (a cron should not wait)"
	}
	return "read its log in the console, or with: platform activity:log " + e.ID
}

// ConfigError is a setting or argument pshcron cannot use.
type ConfigError struct {
	Msg, hint string
}

func (e *ConfigError) Error() string { return e.Msg }

// Hint says how to fix it.
func (e *ConfigError) Hint() string { return e.hint }

// NewConfigError builds a ConfigError with a hint.
func NewConfigError(msg, hint string) *ConfigError { return &ConfigError{Msg: msg, hint: hint} }

// AttentionError is a certificate check that found domains needing action.
type AttentionError struct {
	Domains []string
}

func (e *AttentionError) Error() string {
	return fmt.Sprintf("%d domain(s) need attention: %s", len(e.Domains), strings.Join(e.Domains, ", "))
}

// Hint says what to do.
func (e *AttentionError) Hint() string {
	return "run pshcron cert:renew (without --check) to redeploy where that helps; custom certificates must be renewed by hand"
}

// NoDomainsError is a certificate check that found no https domain to check:
// not a clean bill of health.
type NoDomainsError struct {
	Own bool // the domains came from the container's PLATFORM_ROUTES
}

func (e *NoDomainsError) Error() string {
	if e.Own {
		return "no domain to check: PLATFORM_ROUTES holds no https route"
	}
	return "no domain to check: the environment's current deployment has no https route"
}

// Hint says where domains come from.
func (e *NoDomainsError) Hint() string {
	return "cert:renew checks the https routes of the environment; run it where PLATFORM_ROUTES is set (a cron or SSH), or check the routes configuration"
}

// WithHint returns err with hint in place of its own.
func WithHint(err error, hint string) error { return &HintedError{Err: err, hint: hint} }

// HintedError is an error with a better hint than its own.
type HintedError struct {
	Err  error
	hint string
}

func (e *HintedError) Error() string { return e.Err.Error() }

// Unwrap returns the error.
func (e *HintedError) Unwrap() error { return e.Err }

// Hint is the better hint.
func (e *HintedError) Hint() string { return e.hint }
