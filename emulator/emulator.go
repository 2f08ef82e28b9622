package emulator

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"
)

// Role is what an API token may do: admins run actions, viewers only read.
type Role string

// The roles the emulator knows.
const (
	RoleAdmin  Role = "admin"
	RoleViewer Role = "viewer"
)

// APIPath is where the API is served under the emulator's URL. A non-empty
// base path catches clients that build absolute paths by mistake.
const APIPath = "/api"

// TokenPath is the OAuth2 token endpoint under the emulator's URL.
const TokenPath = "/oauth2/token"

// Options configure a Server. The zero value is usable.
type Options struct {
	// Latency is added before every answer, to model a distant API.
	Latency time.Duration
	// TokenLifetime is the expires_in of issued access tokens (default 900 s).
	TokenLifetime time.Duration
	// PendingFor and RunningFor set how long a new activity stays pending,
	// then in progress, before it completes.
	PendingFor, RunningFor time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// HoldLogStream keeps an unfinished activity's log stream open up to
	// this long (real time), sending lines as they come and the seal when
	// it ends, as a streaming server may; 0 answers the lines so far and
	// closes, and the client reads again.
	HoldLogStream time.Duration
	// Observe, when set, sees every request and answer, for contract tests.
	Observe func(Exchange)
}

// Exchange is one request and its answer, as Observe sees them.
type Exchange struct {
	// Route is the Route constant that answered, RouteOther for a path
	// the emulator does not serve, RouteProxy for a request meant for
	// another host.
	Route, Host         string
	Method, Path, Query string
	ReqHeader           http.Header
	ReqBody             []byte
	Status              int
	RespHeader          http.Header
	RespBody            []byte
}

// Server is a running emulator.
type Server struct {
	// URL is the base, such as http://127.0.0.1:40123: the API is at
	// URL+APIPath and the token endpoint at URL+TokenPath.
	URL string

	opts     Options
	srv      *http.Server
	listener net.Listener

	mu        sync.Mutex
	apiTokens map[string]Role
	access    map[string]accessToken
	projects  map[string]*project
	counts    map[string]int
	total     int
	seq       int
	faults    []*Fault
}

type accessToken struct {
	role    Role
	expires time.Time
}

// New returns a Server that is not yet listening.
func New(opts Options) *Server {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.TokenLifetime == 0 {
		opts.TokenLifetime = 900 * time.Second
	}
	s := &Server{
		opts:      opts,
		apiTokens: map[string]Role{},
		access:    map[string]accessToken{},
		projects:  map[string]*project{},
		counts:    map[string]int{},
	}
	s.srv = &http.Server{Handler: s.handler(), ReadHeaderTimeout: 10 * time.Second}
	return s
}

// Start listens on addr ("127.0.0.1:0" picks a free port) and serves in the
// background.
func (s *Server) Start(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.listener = ln
	s.URL = "http://" + ln.Addr().String()
	go func() { _ = s.srv.Serve(ln) }()
	return nil
}

// Close stops the server and its connections.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		return s.srv.Close()
	}
	return nil
}

// AddToken makes apiToken exchangeable, with the given role.
func (s *Server) AddToken(apiToken string, role Role) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apiTokens[apiToken] = role
}

// ExpireAccessTokens makes every issued access token invalid, as if they had
// all run out: the next API call answers 401.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.access = map[string]accessToken{}
}

// AccessTokens returns every access token issued and not yet expired by
// ExpireAccessTokens, for tests that look for leaks.
func (s *Server) AccessTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.access))
	for t := range s.access {
		out = append(out, t)
	}
	return out
}

// Requests returns how many requests were served in all.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// Count returns how many requests matched route, a Route constant.
func (s *Server) Count(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[route]
}

// Counts returns a copy of every route's count.
func (s *Server) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		c[k] = v
	}
	return c
}

// ResetCounts zeroes the counters.
func (s *Server) ResetCounts() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts = map[string]int{}
	s.total = 0
}
