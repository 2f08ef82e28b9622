package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"
)

// maxRequestBody bounds what the emulator reads of a request.
const maxRequestBody = 1 << 20

func (s *Server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(RouteToken, s.wrap(RouteToken, s.token))
	for _, rt := range apiRoutes() {
		method, path, _ := strings.Cut(rt.name, " ")
		mux.HandleFunc(method+" "+APIPath+path, s.wrap(rt.name, s.api(rt)))
	}
	mux.HandleFunc("/", s.wrap(RouteOther, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeError(w, http.StatusNotFound, "Not Found", "No route for "+r.Method+" "+r.URL.Path)
	}))
	return s.refuseProxying(mux)
}

type handlerFunc func(w http.ResponseWriter, r *http.Request, body []byte)

// wrap counts, delays, applies faults, reads the body and reports to Observe.
func (s *Server) wrap(name string, h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.counts[name]++
		s.total++
		fault := s.takeFault(name)
		s.mu.Unlock()
		// The platform's clock, which may not be the client's.
		w.Header().Set("Date", s.opts.Now().UTC().Format(http.TimeFormat))
		if !s.delay(r) {
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
		if err != nil || faultBefore(w, r, fault) {
			return
		}
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		var out http.ResponseWriter = rec
		if fault != nil {
			// The work is done, but its answer never reaches the client.
			out = &recorder{ResponseWriter: discard{}, status: http.StatusOK}
		}
		if len(body) > maxRequestBody {
			writeError(out, http.StatusRequestEntityTooLarge, "Request Entity Too Large", "The request body is too large.")
		} else {
			h(out, r, body)
		}
		if faultAfter(w, fault) {
			return
		}
		if s.opts.Observe != nil {
			s.opts.Observe(Exchange{
				Route: name, Host: r.Host, Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery,
				ReqHeader: r.Header.Clone(), ReqBody: body,
				Status: rec.status, RespHeader: w.Header().Clone(), RespBody: rec.body.Bytes(),
			})
		}
	}
}

// delay waits out the configured latency; false if the client went away.
func (s *Server) delay(r *http.Request) bool {
	if s.opts.Latency <= 0 {
		return true
	}
	return waitOrGone(r, s.opts.Latency)
}

// waitOrGone waits d; false if the client went away first.
func waitOrGone(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-r.Context().Done():
		return false
	case <-t.C:
		return true
	}
}

// faultBefore applies a fault that answers without doing the work; true if
// it answered.
func faultBefore(w http.ResponseWriter, r *http.Request, fault *Fault) bool {
	if fault == nil {
		return false
	}
	switch fault.Kind {
	case FaultHang:
		<-r.Context().Done()
	case FaultDropBefore:
		dropConnection(w)
	case FaultStatus:
		if fault.RetryAfter != "" {
			w.Header().Set("Retry-After", fault.RetryAfter)
		}
		status := fault.Status
		if status == 0 {
			status = http.StatusServiceUnavailable
		}
		if fault.Body != "" {
			writeRaw(w, status, fault.Body)
		} else {
			writeError(w, status, http.StatusText(status), "Injected fault.")
		}
	default:
		return false
	}
	return true
}

// faultAfter applies a fault that lets the work happen and then loses or
// replaces its answer; true if it answered.
func faultAfter(w http.ResponseWriter, fault *Fault) bool {
	if fault == nil {
		return false
	}
	switch fault.Kind {
	case FaultDropAfter:
		dropConnection(w)
	case FaultBody:
		status := fault.Status
		if status == 0 {
			status = http.StatusAccepted
		}
		writeRaw(w, status, fault.Body)
	}
	return true
}

func writeRaw(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// discard is a ResponseWriter that keeps nothing.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}

type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection, to flush.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError answers with an error body in both specs' shapes: the
// Platform.sh spec's status, code, title, message and detail, and the Upsun
// spec's error.
func writeError(w http.ResponseWriter, status int, title, message string) {
	writeJSON(w, status, map[string]any{
		"status": http.StatusText(status), "code": status, "title": title, "message": message, "detail": map[string]any{},
		"error": message,
	})
}
