package tasks

import (
	"testing"
)

func BenchmarkGuard(b *testing.B) {
	g := NewGuard([]string{"main", "release/*"}, []string{"production"}, false, false, prod)
	b.ReportAllocs()
	for b.Loop() {
		if ok, _ := g.Check("release/2026", "production"); !ok {
			b.Fatal("no match")
		}
	}
}
