package tasks

import (
	"fmt"
	"strings"
)

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

// UnknownOperationError is a source operation the platform refused that
// the environment does not define; Defined are those it does, sorted.
type UnknownOperationError struct {
	Operation string
	Defined   []string
	Err       error // the refusal
}

func (e *UnknownOperationError) Error() string { return e.Err.Error() }

// Unwrap returns the refusal.
func (e *UnknownOperationError) Unwrap() error { return e.Err }

// StateError is an action the platform refused, explained by the
// environment's state read after the refusal.
type StateError struct {
	Action      string // the action's Name
	Environment string
	// NoParent: the environment has none to synchronize from. Busy: an
	// activity is running on it. Otherwise Status is not Need, the status
	// the action needs.
	NoParent, Busy bool
	Status, Need   string
	Err            error // the refusal
}

func (e *StateError) Error() string { return e.Err.Error() }

// Unwrap returns the refusal.
func (e *StateError) Unwrap() error { return e.Err }
