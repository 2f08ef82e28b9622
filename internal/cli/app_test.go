package cli

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/urfave/cli/v2"
)

// A command line that names its command first builds that command's flags
// alone: every other command's were most of pshcron's start-up. A line
// that does not (help, flags before the name) builds them all, since any
// command's flags may be wanted.
func TestNewAppBuildsTheNamedCommandsFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line  string
		built []string // the commands with flags; nil: all of them
	}{
		{"pshcron run --name x -- true", []string{"run"}},
		{"pshcron backup -e main", []string{"backup:create"}}, // an alias
		{"pshcron -e main backup:create", nil},
		{"pshcron help run", nil},
		{"pshcron nope", nil},
		{"pshcron", nil},
	}
	withFlags := func(app *cli.App) []string {
		var built []string
		for _, c := range app.Commands {
			if len(c.Flags) > 0 {
				built = append(built, c.Name)
			}
		}
		return built
	}
	all := withFlags((&program{}).newApp())
	assert.Greater(t, len(all), 30)
	for _, tt := range tests {
		want := tt.built
		if want == nil {
			want = all
		}
		assert.Equal(t, want, withFlags((&program{}).newAppFor(strings.Fields(tt.line))), tt.line)
	}
}
