package tasks

import (
	"fmt"
	"strings"
)

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

// validSegment reports whether s can be one path segment of a request.
func validSegment(s string) bool {
	if s == "" || s == "." || s == ".." {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f || r >= 0x80 && r <= 0x9f }) < 0
}
