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

// ConfigError is a setting pshcron cannot use.
type ConfigError struct {
	Msg string
}

func (e *ConfigError) Error() string { return e.Msg }

// AttentionError is a certificate check that found domains needing action.
type AttentionError struct {
	Domains []string
}

func (e *AttentionError) Error() string {
	return fmt.Sprintf("%d domain(s) need attention: %s", len(e.Domains), strings.Join(e.Domains, ", "))
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
