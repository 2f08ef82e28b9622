package api

import (
	"testing"
)

// FuzzErrorBody reads arbitrary error bodies into one short line.
func FuzzErrorBody(f *testing.F) {
	f.Add(`{"status":"Bad Request","code":400,"message":"no","detail":{}}`)
	f.Add(`{"error":"x","error_description":"y"}`)
	f.Add(`{"message":"` + "line\nbreak" + `"}`)
	f.Add(`not json`)
	f.Fuzz(func(t *testing.T, body string) {
		msg := errorMessage([]byte(body))
		if len([]rune(msg)) > 303 {
			t.Fatalf("message too long: %d", len(msg))
		}
		for _, r := range msg {
			if r == '\n' {
				t.Fatal("a message of more than one line")
			}
		}
	})
}
