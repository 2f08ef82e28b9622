package cli

import (
	"context"
	"io"
	"strings"
	"testing"
)

// BenchmarkStartUp is what every run pays before its command: the command
// table, the named command's flags, the reordering of the command line.
// make bench records it beside the binary's own wall time.
func BenchmarkStartUp(b *testing.B) {
	getenv := func(string) string { return "" }
	for i := 0; i < b.N; i++ {
		Run(context.Background(), []string{"pshcron", "version"}, getenv, func() []string { return nil }, strings.NewReader(""), io.Discard, io.Discard)
	}
}
