package termsafe

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestString(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"plain text, é and 日本", "plain text, é and 日本"},
		{"\x1b[2J\x1b]0;owned\x07", `\x1b[2J\x1b]0;owned\x07`},
		{"a\nb\tc\rd", `a\x0ab\x09c\x0dd`},
		{"del\x7f", `del\x7f`},
		{"c1 \u009b31m", `c1 \u009b31m`},
		{"bidi \u202egnp.exe", `bidi \u202egnp.exe`},
		{"bad \xff\xfe byte", `bad \xff\xfe byte`},
		{"real \ufffd stays", "real \ufffd stays"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, String(tt.in), "%q", tt.in)
	}
}

func TestJSONWriterKeepsTheSameJSON(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	line, _ := json.Marshal(map[string]string{"m": "x\u009b\u202ey\x1b"})
	_, err := JSONWriter(&out).Write(append(line, '\n'))
	require.NoError(t, err)
	assert.NotContains(t, out.String(), "\u009b")
	assert.NotContains(t, out.String(), "\x1b")
	var back map[string]string
	require.NoError(t, json.Unmarshal(out.Bytes(), &back))
	assert.Equal(t, "x\u009b\u202ey\x1b", back["m"], "the decoded value is unchanged")
}

func FuzzString(f *testing.F) {
	f.Add("\x1b]8;;http://x\x07link\x1b]8;;\x07")
	f.Fuzz(func(t *testing.T, s string) {
		out := String(s)
		for _, r := range out {
			if unsafe(r) {
				t.Fatalf("unsafe rune %U left in %q", r, out)
			}
		}
	})
}
