package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// read returns an archive's files by name.
func read(t *testing.T, data []byte) map[string][]byte {
	files := map[string][]byte{}
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files
		}
		require.NoError(t, err)
		b, _ := io.ReadAll(tr)
		files[h.Name] = b
		if h.Name == "pshcron" {
			assert.Equal(t, int64(0o755), h.Mode)
		}
	}
}

func TestImageIsReproducibleAndNonRoot(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bin, certs := filepath.Join(dir, "pshcron"), filepath.Join(dir, "ca.crt")
	require.NoError(t, os.WriteFile(bin, []byte("\x7fELF a static binary"), 0o755))
	require.NoError(t, os.WriteFile(certs, []byte("-----BEGIN CERTIFICATE-----\n"), 0o644))
	at := time.Unix(1764000000, 0).UTC()
	first, second := filepath.Join(dir, "1.tar"), filepath.Join(dir, "2.tar")
	require.NoError(t, build(bin, "amd64", "1.2.3", "abc", certs, at, first))
	require.NoError(t, build(bin, "amd64", "1.2.3", "abc", certs, at, second))
	a, _ := os.ReadFile(first)
	b, _ := os.ReadFile(second)
	assert.Equal(t, a, b, "the same inputs give the same bytes")

	files := read(t, a)
	var index struct {
		Manifests []struct{ Digest string } `json:"manifests"`
	}
	require.NoError(t, json.Unmarshal(files["index.json"], &index))
	var manifest struct {
		Config struct{ Digest string }   `json:"config"`
		Layers []struct{ Digest string } `json:"layers"`
	}
	require.NoError(t, json.Unmarshal(files["blobs/sha256/"+strings.TrimPrefix(index.Manifests[0].Digest, "sha256:")], &manifest))
	var config struct {
		Config struct {
			User       string            `json:"User"`
			Entrypoint []string          `json:"Entrypoint"`
			Labels     map[string]string `json:"Labels"`
		} `json:"config"`
	}
	require.NoError(t, json.Unmarshal(files["blobs/sha256/"+strings.TrimPrefix(manifest.Config.Digest, "sha256:")], &config))
	assert.Equal(t, "65532:65532", config.Config.User, "not root")
	assert.Equal(t, []string{"/pshcron"}, config.Config.Entrypoint)
	assert.Equal(t, "1.2.3", config.Config.Labels["org.opencontainers.image.version"])

	zr, err := gzip.NewReader(bytes.NewReader(files["blobs/sha256/"+strings.TrimPrefix(manifest.Layers[0].Digest, "sha256:")]))
	require.NoError(t, err)
	layer, err := io.ReadAll(zr)
	require.NoError(t, err)
	inLayer := read(t, layer)
	assert.Equal(t, []byte("\x7fELF a static binary"), inLayer["pshcron"])
	assert.Contains(t, string(inLayer["etc/passwd"]), "nonroot:x:65532")
	assert.Contains(t, inLayer, "etc/ssl/certs/ca-certificates.crt")
	assert.Equal(t, `{"imageLayoutVersion":"1.0.0"}`, string(files["oci-layout"]))
}
