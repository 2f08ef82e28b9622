package healthpage

import (
	"math"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// schemes reads the colour variables of the page's style: the light
// scheme's, then the dark one's (the same names declared again).
func schemes(t *testing.T) []map[string]string {
	t.Helper()
	var out []map[string]string
	for _, m := range regexp.MustCompile(`--([a-z-]+): (#[0-9a-f]{6});`).FindAllStringSubmatch(pageSource, -1) {
		if len(out) == 0 || out[len(out)-1][m[1]] != "" {
			out = append(out, map[string]string{})
		}
		out[len(out)-1][m[1]] = m[2]
	}
	return out
}

// luminance is WCAG 2's relative luminance of "#rrggbb".
func luminance(hex string) float64 {
	var l float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.04045 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		l += w * c
	}
	return l
}

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// TestContrast holds every pair of text and background the page uses, in
// both schemes, to WCAG AA for normal text (4.5:1): the detail lines are
// small.
func TestContrast(t *testing.T) {
	all := schemes(t)
	require.Len(t, all, 2, "a light and a dark scheme")
	pairs := [][2]string{
		{"fg", "bg"}, {"muted", "bg"}, {"fg", "head"},
		{"fail-fg", "fail-bg"}, {"warn-fg", "warn-bg"}, {"ok-fg", "ok-bg"},
		{"ok-fg", "bg"}, {"fail-fg", "bg"}, // an ok cell, an unreadable environment's error
	}
	for i, s := range all {
		for _, p := range pairs {
			require.NotEmpty(t, s[p[0]], "scheme %d declares --%s", i, p[0])
			require.NotEmpty(t, s[p[1]], "scheme %d declares --%s", i, p[1])
			assert.GreaterOrEqual(t, contrast(s[p[0]], s[p[1]]), 4.5, "scheme %d: --%s on --%s", i, p[0], p[1])
		}
	}
}
