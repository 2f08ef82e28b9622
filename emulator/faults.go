package emulator

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// FaultKind is a way the emulator can misbehave.
type FaultKind string

// The faults. Status answers without doing anything; DropBefore closes the
// connection without doing anything; DropAfter does the work, then closes
// the connection before answering (the outcome is unknown to the client);
// Hang never answers; Body does the work, then answers 2xx with Fault.Body
// in place of the real answer.
const (
	FaultStatus     FaultKind = "status"
	FaultDropBefore FaultKind = "drop"
	FaultDropAfter  FaultKind = "drop-after"
	FaultHang       FaultKind = "hang"
	FaultBody       FaultKind = "body"
)

// Fault is one misbehaviour, for the next Times requests matching Route.
type Fault struct {
	// Route is a Route constant, such as RouteToken or RouteBackup; "*"
	// matches every request.
	Route      string
	Kind       FaultKind
	Status     int    // for FaultStatus and FaultBody (default 503 and 202)
	RetryAfter string // a Retry-After header to send with FaultStatus
	Body       string // for FaultBody; for FaultStatus, in place of the standard error body
	Times      int    // how many requests it hits; 0 means every one
}

// InjectFault queues a fault. Faults apply in the order they were queued.
func (s *Server) InjectFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// takeFault returns the fault for route, using one of its times up; callers
// hold s.mu.
func (s *Server) takeFault(route string) *Fault {
	for i, f := range s.faults {
		if f.Route != "*" && f.Route != route {
			continue
		}
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		out := *f
		return &out
	}
	return nil
}

// dropConnection closes the client's connection without an answer.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// ParseFault reads a fault as the emulator command takes it:
// WHERE:WHAT[:TIMES], where WHERE is a name Place knows and WHAT is an
// HTTP status (503, 429, ...), drop, drop-after or hang. For example
// backup:drop-after:1 or any:503:2.
func ParseFault(spec string) (Fault, error) {
	parts := strings.Split(spec, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return Fault{}, fmt.Errorf("fault %q is not WHERE:WHAT[:TIMES]", spec)
	}
	route, ok := Place(parts[0])
	if !ok {
		return Fault{}, fmt.Errorf("fault %q: unknown place %q", spec, parts[0])
	}
	f := Fault{Route: route}
	switch k := FaultKind(parts[1]); k {
	case FaultDropBefore, FaultDropAfter, FaultHang:
		f.Kind = k
	default:
		code, err := strconv.Atoi(parts[1])
		if err != nil || code < 400 || code > 599 {
			return Fault{}, fmt.Errorf("fault %q: %q is neither an error status nor drop, drop-after or hang", spec, parts[1])
		}
		f.Kind, f.Status = FaultStatus, code
		if code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable {
			f.RetryAfter = "1"
		}
	}
	if len(parts) == 3 {
		n, err := strconv.Atoi(parts[2])
		if err != nil || n < 1 {
			return Fault{}, fmt.Errorf("fault %q: times must be a positive number", spec)
		}
		f.Times = n
	}
	return f, nil
}
