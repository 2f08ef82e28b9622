package tokenauth

// Kind classifies an Error so the caller can pick an exit code.
type Kind int

// The kinds of failure.
const (
	KindNoToken     Kind = iota + 1 // no usable API token was given
	KindRejected                    // the auth server refused the token
	KindUnreachable                 // the auth server could not be reached or kept failing
	KindConfig                      // an endpoint setting is unusable
)

// Error is every failure this package reports. Msg never holds a secret.
type Error struct {
	Kind Kind
	Msg  string
	// From names where the API token came from (a variable or a file), when
	// one was found, for hints.
	From string
	hint string
	Err  error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Msg + ": " + e.Err.Error()
	}
	return e.Msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Hint tells the user what to do about it.
func (e *Error) Hint() string { return e.hint }
