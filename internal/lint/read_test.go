package lint

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// What a repository can put where lint looks: only regular files inside
// the tree are read, and through a bound.
func TestReadConfigRefuses(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.yaml")
	require.NoError(t, os.WriteFile(secret, []byte("name: not-yours\n"), 0o600))
	root := t.TempDir()
	mk := func(name string, make func(string) error) string {
		dir := filepath.Join(root, name)
		require.NoError(t, os.MkdirAll(dir, 0o755))
		p := filepath.Join(dir, ".platform.app.yaml")
		require.NoError(t, make(p))
		return p
	}
	cases := map[string]struct {
		path, problem string
	}{
		"fifo":    {mk("fifo", func(p string) error { return syscall.Mkfifo(p, 0o600) }), "is not a regular file (a FIFO)"},
		"zero":    {mk("zero", func(p string) error { return os.Symlink("/dev/zero", p) }), "is a symlink to /dev/zero, outside "},
		"outside": {mk("outside", func(p string) error { return os.Symlink(secret, p) }), "is a symlink to " + secret + ", outside "},
		"dir-out": {filepath.Join(mk("dirlink", func(p string) error { return os.Symlink(outside, filepath.Join(filepath.Dir(p), "up")) }), "..", "up", "secret.yaml"), "outside "},
		"huge": {mk("huge", func(p string) error {
			f, err := os.Create(p)
			if err == nil {
				err = f.Truncate(100 << 20) // 100 MB, sparse
				f.Close()
			}
			return err
		}), "is larger than 1 MiB"},
	}
	for name, c := range cases {
		start := time.Now()
		data, err := ReadConfig(root, c.path)
		var re *ReadError
		if assert.ErrorAs(t, err, &re, name) {
			assert.Contains(t, re.Problem, c.problem, name)
			assert.Equal(t, c.path, re.File, name)
		}
		assert.Nil(t, data, name)
		assert.Less(t, time.Since(start), 5*time.Second, name)
	}
	// /dev/zero named as its own tree is still not a regular file.
	_, err := ReadConfig("/dev", "/dev/zero")
	assert.ErrorContains(t, err, "is not a regular file (a device)")
}

// A symlink inside the tree is followed; so is a tree that is a symlink.
func TestReadConfigInside(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "shared"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "shared", "app.yaml"), []byte("name: app\n"), 0o600))
	link := filepath.Join(root, ".platform.app.yaml")
	require.NoError(t, os.Symlink("shared/app.yaml", link))
	data, err := ReadConfig(root, link)
	require.NoError(t, err)
	assert.Equal(t, "name: app\n", string(data))

	alias := filepath.Join(t.TempDir(), "alias")
	require.NoError(t, os.Symlink(root, alias))
	data, err = ReadConfig(alias, filepath.Join(alias, ".platform.app.yaml"))
	require.NoError(t, err)
	assert.Equal(t, "name: app\n", string(data))
}
