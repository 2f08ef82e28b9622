package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The variables the emulator prints are a whole runtime container, which a
// shell sources as they are.
func TestExportsAreARuntimeContainer(t *testing.T) {
	t.Parallel()
	f := filepath.Join(t.TempDir(), "emulator.env")
	require.NoError(t, writeAtomically(f, exports("http://127.0.0.1:1", "tok", "proj")))
	out, err := exec.Command("sh", "-c", `. "$0" && echo "$PLATFORM_PROJECT $PLATFORM_BRANCH $PLATFORM_ENVIRONMENT_TYPE $PSHCRON_API_URL $PLATFORMSH_CLI_TOKEN" && env | grep -c '^PLATFORM_'`, f).Output()
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	assert.Equal(t, "proj main production http://127.0.0.1:1/api tok", lines[0])
	assert.Equal(t, "8", lines[1], "every runtime variable pshcron reads, exported")
	fi, err := os.Stat(f)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "it holds a token")
}

// The official CLI takes a project id with anything but letters and digits
// for a URL; the default has the platform's form.
func TestDefaultProjectHasThePlatformsForm(t *testing.T) {
	t.Parallel()
	assert.Regexp(t, `^[a-z0-9]{13}$`, defaultProject)
}
