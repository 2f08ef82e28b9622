package cli

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pshcron/pshcron/api"
)

// A refusal's hint fits the platform's reason; a reason that says it all
// gets none, never a guess.
func TestRefusalHints(t *testing.T) {
	t.Parallel()
	tests := []struct{ reason, want string }{
		{"The parent environment main is not active.", "the parent environment must be active"},
		{"Code cannot be synchronized as it is managed by the project's github integration.", "the project's integration manages"},
		{"An activity is currently pending or in progress on environment staging.", "wait for it to end"},
		{"Environment old is not active.", "only an active environment takes actions"},
		{"Environment dev is paused.", "pshcron environment:resume"},
		{"Activity a1 is complete: it cannot be cancelled.", "nothing to cancel"},
		{`Source operation "x" is not defined.`, ""},
	}
	for _, tt := range tests {
		hint := hintOf(&api.APIError{Method: "POST", Path: "/x", Status: 400, Message: tt.reason})
		if tt.want == "" {
			assert.Empty(t, hint, tt.reason)
			continue
		}
		assert.Contains(t, hint, tt.want, tt.reason)
		assert.NotContains(t, hint, "inactive or busy")
	}
}

// codeOf is classify's exit code alone.
func codeOf(err error) int {
	code, _ := classify(err)
	return code
}
