package emutest

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/contract"
)

// The fixture's names.
const (
	Project     = "proj1"
	AdminToken  = "PSHCRON-TEST-APITOKEN-5f3b9c2e7a41"
	ViewerToken = "PSHCRON-TEST-VIEWER-TOKEN-8e1d0c"
)

// Env is a running emulator and its clock.
type Env struct {
	*emulator.Server
	mu  sync.Mutex
	now time.Time
	// RequestsMayBreakSpec stops checking requests (answers still are), for
	// tests that send malformed requests on purpose.
	RequestsMayBreakSpec atomic.Bool

	checker   contract.Checkers
	xmu       sync.Mutex
	exchanges []emulator.Exchange
	breaches  []error
}

// Exchanges returns every request and answer so far, in order.
func (e *Env) Exchanges() []emulator.Exchange {
	e.xmu.Lock()
	defer e.xmu.Unlock()
	return append([]emulator.Exchange(nil), e.exchanges...)
}

// Now is the fixture's clock.
func (e *Env) Now() time.Time { e.mu.Lock(); defer e.mu.Unlock(); return e.now }

// Advance moves the clock on.
func (e *Env) Advance(d time.Duration) {
	e.mu.Lock()
	e.now = e.now.Add(d)
	e.mu.Unlock()
}

// loadChecker loads the specs once per test binary: they are large.
var loadChecker = sync.OnceValues(func() (contract.Checkers, error) {
	return contract.LoadAll(contract.FindSpecs())
})

// Start runs an emulator on loopback with project proj1: main (production,
// source operation "update", www.example.com), staging (staging.example.com),
// feature/x (development) and old (inactive). opts.Now and opts.Observe are the fixture's; pass a zero
// Options for defaults. A nil clock in opts means the fixture's own clock.
func Start(t testing.TB, opts emulator.Options) *Env {
	t.Helper()
	e, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if e.checker == nil {
		t.Logf("no OpenAPI spec at ../shared/openapi or $%s: the contract is not checked", contract.SpecEnv)
	}
	t.Cleanup(func() {
		_ = e.Close()
		for _, err := range e.Breaches() {
			t.Errorf("contract: %v", err)
		}
	})
	return e
}

// New is Start for callers that are not a test (a testscript's setup): the
// caller closes the emulator and reads Breaches.
func New(opts emulator.Options) (*Env, error) {
	e := &Env{now: time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)}
	checker, err := loadChecker()
	if err != nil {
		return nil, fmt.Errorf("loading the OpenAPI specs: %w", err)
	}
	e.checker = checker
	if opts.Now == nil {
		opts.Now = e.Now
	}
	opts.Observe = e.observe
	e.Server = emulator.New(opts)
	e.AddToken(AdminToken, emulator.RoleAdmin)
	e.AddToken(ViewerToken, emulator.RoleViewer)
	e.AddProject(Project,
		emulator.Environment{ID: "main", Type: "production", SourceOperations: []string{"update"},
			Routes: []string{"https://www.example.com/"}},
		emulator.Environment{ID: "staging", Type: "staging", Routes: []string{"https://staging.example.com/"}},
		emulator.Environment{ID: "feature/x", Type: "development", SourceOperations: []string{"update"}},
		emulator.Environment{ID: "old", Type: "development", Status: "inactive"},
	)
	if err := e.Start("127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("starting the emulator: %w", err)
	}
	return e, nil
}

// observe keeps every exchange and checks it against the specs.
func (e *Env) observe(x emulator.Exchange) {
	e.xmu.Lock()
	defer e.xmu.Unlock()
	e.exchanges = append(e.exchanges, x)
	if e.checker == nil {
		return
	}
	check := e.checker.Check
	if e.RequestsMayBreakSpec.Load() {
		check = e.checker.CheckResponse
	}
	if err := check(x); err != nil {
		e.breaches = append(e.breaches, err)
	}
}

// Breaches returns every exchange that broke a spec so far.
func (e *Env) Breaches() []error {
	e.xmu.Lock()
	defer e.xmu.Unlock()
	return append([]error(nil), e.breaches...)
}
