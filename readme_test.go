package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The emulator recipe (docs/recipes.md) works, and works again: a second
// run once found the first run's env file, sourced a port no one listened
// on, and failed.
func TestReadmeEmulatorRecipeRunsTwice(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("docs/recipes.md")
	require.NoError(t, err)
	_, after, ok := strings.Cut(string(raw), "Try a cron line before deploying, against the emulator")
	require.True(t, ok, "the emulator recipe")
	_, block, _ := strings.Cut(after, "```sh\n")
	block, _, _ = strings.Cut(block, "```")

	dir := t.TempDir()
	emulator := filepath.Join(dir, "pshcron-emulator")
	build := exec.Command("go", "build", "-o", emulator, "./cmd/pshcron-emulator")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())
	script := strings.NewReplacer("make build\n", "", "bin/pshcron-emulator", emulator, "bin/pshcron", binary,
		"/tmp/emulator.env", filepath.Join(dir, "emulator.env")).Replace(block)
	for run := 1; run <= 2; run++ {
		// The emulator the recipe leaves running is stopped at the end.
		cmd := exec.Command("sh", "-c", "set -e\ntrap 'kill $! 2>/dev/null' EXIT\n"+script)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "run %d of the recipe:\n%s", run, out)
		assert.Contains(t, string(out), "backup accepted", "run %d", run)
		assert.Contains(t, string(out), "skipped by the default guard", "run %d", run)
	}
}

// The README is a front page a newcomer reads in five minutes; the rest is
// in docs/.
func TestReadmeIsShort(t *testing.T) {
	t.Parallel()
	fi, err := os.Stat("README.md")
	require.NoError(t, err)
	assert.LessOrEqual(t, fi.Size(), int64(12<<10), "README.md is over 12 KB: move the detail into docs/")
}

// Every relative link in README.md and docs/*.md leads to a file that
// exists, and an anchor to a heading of that file: a page moved or renamed
// must take its links along.
func TestDocumentationLinks(t *testing.T) {
	t.Parallel()
	docs, err := filepath.Glob("docs/*.md")
	require.NoError(t, err)
	require.NotEmpty(t, docs)
	links := 0
	for _, file := range append([]string{"README.md"}, docs...) {
		raw, err := os.ReadFile(file)
		require.NoError(t, err)
		for _, m := range mdLink.FindAllStringSubmatch(string(raw), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			links++
			path, anchor, _ := strings.Cut(target, "#")
			if path == "" {
				path = file
			} else {
				path = filepath.Join(filepath.Dir(file), path)
			}
			if _, err := os.Stat(path); err != nil {
				t.Errorf("%s links to %s: %v", file, target, err)
				continue
			}
			if anchor != "" && !slices.Contains(headingAnchors(t, path), anchor) {
				t.Errorf("%s links to %s: %s has no heading #%s", file, target, path, anchor)
			}
		}
	}
	assert.Greater(t, links, 10, "the README's links into docs/ were found")
}

// mdLink matches an inline Markdown link or image, capturing its target.
var mdLink = regexp.MustCompile(`\]\(([^()\s]+)\)`)

// headingAnchors returns the anchors GitHub gives the headings of a
// Markdown file: lower case, spaces as hyphens, punctuation dropped.
func headingAnchors(t *testing.T, path string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var anchors []string
	for _, line := range strings.Split(string(raw), "\n") {
		title, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " ")
		if !ok || !strings.HasPrefix(line, "#") {
			continue
		}
		anchors = append(anchors, strings.Map(func(r rune) rune {
			switch {
			case r == ' ':
				return '-'
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				return unicode.ToLower(r)
			}
			return -1
		}, title))
	}
	return anchors
}
