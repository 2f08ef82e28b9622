package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/rs/zerolog"
)

// Building the action's request: the path with its escaped segments and the
// JSON body.
func BenchmarkRequestBuilding(b *testing.B) {
	c, err := NewClient("https://api.example.com/base", http.DefaultClient, "bench", zerolog.Nop())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		segs, body := []string{"backup"}, map[string]bool{"safe": true}
		u, err := c.url("POST", append([]string{"projects", "abcdefgh1234", "environments", "feature/x"}, segs...))
		if err != nil {
			b.Fatal(err)
		}
		raw, _ := json.Marshal(body)
		req, err := http.NewRequest("POST", u.String(), bytes.NewReader(raw))
		if err != nil || req == nil {
			b.Fatal(err)
		}
	}
}
