package lint

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkLine stands in for pshcron's own parser in these tests.
func checkLine(args []string) error {
	for i, a := range args {
		if a == "backup:craete" {
			return errors.New(`unknown command "backup:craete"`)
		}
		if a == "--branch" && i+1 < len(args) && args[i+1] == "[a-" {
			return errors.New("--branch [a- is not a valid pattern")
		}
	}
	return nil
}

// Each directory under testdata is a project; want.txt holds the findings
// it must give, one a line, as `pshcron lint` prints them.
func TestProjects(t *testing.T) {
	t.Parallel()
	dirs, err := os.ReadDir("testdata")
	require.NoError(t, err)
	for _, d := range dirs {
		t.Run(d.Name(), func(t *testing.T) {
			root := filepath.Join("testdata", d.Name())
			files, err := Find(root)
			require.NoError(t, err)
			require.NotEmpty(t, files)
			var apps []App
			for _, f := range files {
				data, err := os.ReadFile(f)
				require.NoError(t, err)
				a, err := Parse(f, data)
				require.NoError(t, err)
				apps = append(apps, a...)
			}
			var got []string
			for _, f := range Check(apps, checkLine) {
				rel, _ := filepath.Rel(root, f.File)
				got = append(got, rel+":"+strconv.Itoa(f.Line)+": "+f.Level+": "+f.Rule+": "+f.Message)
			}
			want, err := os.ReadFile(filepath.Join(root, "want.txt"))
			require.NoError(t, err)
			assert.Equal(t, strings.TrimSpace(string(want)), strings.Join(got, "\n"))
		})
	}
}

func TestCalls(t *testing.T) {
	t.Parallel()
	calls := Calls(Script{Text: "set -e\nif [ \"$PLATFORM_BRANCH\" = master ]; then platform backup:create -yW; fi && X=1 /app/.platformsh/bin/platform redeploy # now\necho platform", Line: 10, Block: true})
	require.Len(t, calls, 2)
	assert.Equal(t, "platform", calls[0].Tool)
	assert.Equal(t, 12, calls[0].Line)
	assert.True(t, calls[0].Has("--no-wait", "-W"), "-yW holds -W")
	assert.True(t, calls[0].MasterGuard)
	assert.Equal(t, "redeploy", calls[1].Command())
}

func TestTooFrequent(t *testing.T) {
	t.Parallel()
	for spec, want := range map[string]bool{"* * * * *": true, "*/1 * * * *": true, "*/5 * * * *": false, "0,2 * * * *": true,
		"0,30 * * * *": false, "H 3 * * *": false, "@daily": false} {
		assert.Equal(t, want, tooFrequent(spec), spec)
	}
}

func TestEveryRuleIsExplained(t *testing.T) {
	t.Parallel()
	for _, r := range Rules() {
		assert.NotEmpty(t, r.Rationale, r.ID)
		assert.NotEmpty(t, r.Fix, r.ID)
		got, ok := Explain(r.ID)
		assert.True(t, ok)
		assert.Equal(t, r, got)
	}
}
