package installtest

import (
	"archive/tar"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A release archive carries the binary, the README and the docs/ pages
// the README links to, so its links work where the archive is unpacked.
func TestArchiveCarriesTheDocs(t *testing.T) {
	t.Parallel()
	f, err := os.Open(filepath.Join(dists["1.0.0"], archive("1.0.0")))
	require.NoError(t, err)
	defer f.Close()
	gz, err := gzip.NewReader(f)
	require.NoError(t, err)
	r := tar.NewReader(gz)
	var names []string
	for {
		h, err := r.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		names = append(names, h.Name)
	}
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	require.NoError(t, err)
	require.NotEmpty(t, docs)
	want := []string{"pshcron", "README.md"}
	for _, d := range docs {
		want = append(want, "docs/"+filepath.Base(d))
	}
	for _, name := range want {
		assert.Contains(t, names, name)
	}
}
