package tasks

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
		segs, body := Backup{}.request()
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

func BenchmarkGuard(b *testing.B) {
	g := NewGuard([]string{"main", "release/*"}, []string{"production"}, false, false, prod)
	b.ReportAllocs()
	for b.Loop() {
		if ok, _ := g.Check("release/2026", "production"); !ok {
			b.Fatal("no match")
		}
	}
}
