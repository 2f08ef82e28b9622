package cli

import (
	"os"
	"strings"
	"testing"

	"github.com/pshcron/pshcron/internal/lint"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every pshcron line in the README's code blocks is one pshcron takes: a
// recipe people copy into a cron must not exit 2 (one once gave a variable
// with -v, which is verbosity).
func TestReadmeCommandLinesParse(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	// What a CI or a shell would put in place of its variables.
	vars := strings.NewReplacer("$CI_NODE_INDEX", "1", "$CI_NODE_TOTAL", "4")
	checked, inBlock := 0, false
	for n, line := range strings.Split(string(raw), "\n") {
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
			assert.NoError(t, err, "README.md:%d: %s", n+1, line)
		}
	}
	assert.Greater(t, checked, 20, "the README's pshcron lines were found")
}
