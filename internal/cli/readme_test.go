package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pshcron/pshcron/internal/lint"
)

// Every pshcron line in the code blocks of the README and of docs/ is one
// pshcron takes: a recipe people copy into a cron must not exit 2 (one once
// gave a variable with -v, which is verbosity).
func TestReadmeCommandLinesParse(t *testing.T) {
	t.Parallel()
	docs, err := filepath.Glob("../../docs/*.md")
	require.NoError(t, err)
	checked := 0
	for _, file := range append([]string{"../../README.md"}, docs...) {
		raw, err := os.ReadFile(file)
		require.NoError(t, err)
		checked += checkCommandLines(t, strings.TrimPrefix(file, "../../"), string(raw))
	}
	assert.Greater(t, checked, 20, "the documentation's pshcron lines were found")
}

// checkCommandLines checks the pshcron lines in text's code blocks, and
// says how many it found.
func checkCommandLines(t *testing.T, file, text string) int {
	t.Helper()
	// What a CI or a shell would put in place of its variables.
	vars := strings.NewReplacer("$CI_NODE_INDEX", "1", "$CI_NODE_TOTAL", "4")
	checked, inBlock := 0, false
	for n, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "```") {
			inBlock = !inBlock
			continue
		}
		if !inBlock {
			continue
		}
		line = strings.TrimPrefix(strings.TrimSpace(line), "- ")
		line = strings.TrimPrefix(line, "start: ")
		for _, call := range lint.Calls(lint.Script{Text: vars.Replace(line)}) {
			if call.Tool != "pshcron" || len(call.Args) == 0 {
				continue
			}
			checked++
			oneAtATime.Lock() // urfave's help flag is a package variable
			err := checkPshcronLine(call.Args)
			oneAtATime.Unlock()
			assert.NoError(t, err, "%s:%d: %s", file, n+1, line)
		}
	}
	return checked
}
