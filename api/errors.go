package api

import (
	"fmt"
	"net/http"
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

// IDError is a path segment refused before anything was sent: an id that is
// empty, "." or "..", or holds a control character. Escaping cannot make
// such a segment safe: a proxy or server that normalises the path resolves
// "environments/.." into another endpoint, so a DELETE of a variable named
// ".." would become a DELETE of the project. The id may have come from the
// command line or from an earlier answer of the API.
type IDError struct {
	Method string
	// Path is the request's path up to the refused segment, escaped.
	Path string
	// Value is the refused segment as given.
	Value string
}

func (e *IDError) Error() string {
	what := fmt.Sprintf("%q", e.Value)
	if len(e.Value) > 80 { // from an answer, it may be of any length
		what = fmt.Sprintf("%q...", e.Value[:80])
	}
	if e.Value == "" {
		what = "an empty id"
	}
	return fmt.Sprintf("refused to send %s %s/...: %s cannot be part of an API path", e.Method, e.Path, what)
}
