package api

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The platform's reason for a refusal is in detail.error, field errors in
// detail.{field}: both reach the message, whatever the message beside them.
func TestErrorMessage(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, body, want string }{
		{"a refusal's reason", `{"status":"Bad Request","code":400,"message":"Bad Request","detail":{"error":"The parent environment main is not active."}}`,
			"The parent environment main is not active."},
		{"field errors", `{"status":"Invalid input","message":"Invalid input.","code":400,"detail":{"safe":["This field is required."],"b":"Wrong."}}`,
			"Invalid input. (b: Wrong.; safe: This field is required.)"},
		{"field errors alone", `{"detail":{"safe":["This field is required."]}}`, "safe: This field is required."},
		{"an empty detail", `{"status":"Bad Request","code":400,"message":"no","detail":{}}`, "no"},
		{"detail as a string", `{"detail":"gone"}`, "gone"},
		{"a blank reason", `{"message":"m","detail":{"error":"  "}}`, "m"},
		{"the Upsun shape", `{"error":"Not allowed."}`, "Not allowed."},
		{"OAuth", `{"error":"invalid_grant","error_description":"Invalid API token."}`, "Invalid API token."},
		{"a reason on lines", `{"detail":{"error":"one\ntwo"}}`, "one two"},
		{"not JSON", `<html>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, errorMessage([]byte(tt.body)))
		})
	}
}
