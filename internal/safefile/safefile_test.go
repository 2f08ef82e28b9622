package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOpenRefusesWhatIsNotARegularFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	for name, path := range map[string]string{"fifo": fifo, "device": "/dev/zero", "directory": dir} {
		start := time.Now()
		f, err := Open(path)
		assert.Nil(t, f, name)
		assert.ErrorIs(t, err, ErrNotRegular, name)
		var pe *os.PathError
		if assert.True(t, errors.As(err, &pe), name) {
			assert.Equal(t, path, pe.Path, name)
		}
		assert.Less(t, time.Since(start), time.Second, name+": refused without waiting for a writer")
	}
	_, err := ReadFile(fifo, 10)
	assert.ErrorIs(t, err, ErrNotRegular)
}

func TestReadFileFollowsSymlinksAndKeepsItsBound(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "token")
	require.NoError(t, os.WriteFile(file, []byte("12345"), 0o600))
	link := filepath.Join(dir, "link")
	require.NoError(t, os.Symlink(file, link))

	b, err := ReadFile(link, 5)
	require.NoError(t, err)
	assert.Equal(t, "12345", string(b), "exactly the bound is read")

	b, err = ReadFile(file, 4)
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.Nil(t, b, "nothing cut is returned")

	_, err = ReadFile(filepath.Join(dir, "missing"), 5)
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestReadAll(t *testing.T) {
	t.Parallel()
	b, err := ReadAll(strings.NewReader(""), 0)
	require.NoError(t, err)
	assert.Empty(t, b)
	_, err = ReadAll(strings.NewReader("ab"), 1)
	assert.ErrorIs(t, err, ErrTooLarge)
}
