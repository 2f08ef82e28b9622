package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	bin := flag.String("binary", "bin/pshcron", "the static pshcron binary (linux)")
	arch := flag.String("arch", "amd64", "the binary's architecture")
	version := flag.String("version", "dev", "the version, for the labels")
	commit := flag.String("commit", "unknown", "the commit, for the labels")
	certs := flag.String("certs", "/etc/ssl/certs/ca-certificates.crt", "the CA certificates to include")
	epoch := flag.Int64("epoch", 0, "the time of every file and of the image (SOURCE_DATE_EPOCH)")
	out := flag.String("out", "dist/pshcron_image.tar", "the OCI archive to write")
	flag.Parse()
	if err := build(*bin, *arch, *version, *commit, *certs, time.Unix(*epoch, 0).UTC(), *out); err != nil {
		fmt.Fprintln(os.Stderr, "image:", err)
		os.Exit(1)
	}
}

// entry is one file of the layer.
type entry struct {
	name string
	mode int64
	data []byte
	dir  bool
}

func build(bin, arch, version, commit, certs string, at time.Time, out string) error {
	binary, err := os.ReadFile(bin)
	if err != nil {
		return err
	}
	ca, err := os.ReadFile(certs)
	if err != nil {
		return err
	}
	layer, diffID, err := layerTar([]entry{
		{name: "etc/", mode: 0o755, dir: true},
		{name: "etc/group", mode: 0o644, data: []byte("root:x:0:\nnonroot:x:65532:\n")},
		{name: "etc/passwd", mode: 0o644, data: []byte("root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n")},
		{name: "etc/ssl/", mode: 0o755, dir: true},
		{name: "etc/ssl/certs/", mode: 0o755, dir: true},
		{name: "etc/ssl/certs/ca-certificates.crt", mode: 0o644, data: ca},
		{name: "home/", mode: 0o755, dir: true},
		{name: "home/nonroot/", mode: 0o700, dir: true},
		{name: "pshcron", mode: 0o755, data: binary},
		{name: "tmp/", mode: 0o1777, dir: true},
	}, at)
	if err != nil {
		return err
	}
	config, _ := json.Marshal(map[string]any{
		"architecture": arch, "os": "linux", "created": at.Format(time.RFC3339),
		"config": map[string]any{
			"User": "65532:65532", "Entrypoint": []string{"/pshcron"}, "WorkingDir": "/home/nonroot",
			"Env": []string{"PATH=/", "HOME=/home/nonroot", "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"},
			"Labels": map[string]string{
				"org.opencontainers.image.title": "pshcron", "org.opencontainers.image.version": version,
				"org.opencontainers.image.revision": commit, "org.opencontainers.image.source": "https://github.com/pshcron/pshcron",
			},
		},
		"rootfs": map[string]any{"type": "layers", "diff_ids": []string{diffID}},
	})
	manifest, _ := json.Marshal(map[string]any{
		"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
		"config": descriptor("application/vnd.oci.image.config.v1+json", config),
		"layers": []any{descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer)},
	})
	index, _ := json.Marshal(map[string]any{
		"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
		"manifests": []any{withAnnotation(descriptor("application/vnd.oci.image.manifest.v1+json", manifest), "pshcron:"+version)},
	})
	files := []entry{{name: "blobs/", mode: 0o755, dir: true}, {name: "blobs/sha256/", mode: 0o755, dir: true}}
	for _, blob := range [][]byte{config, layer, manifest} {
		files = append(files, entry{name: "blobs/sha256/" + hexDigest(blob), mode: 0o644, data: blob})
	}
	files = append(files, entry{name: "index.json", mode: 0o644, data: index},
		entry{name: "oci-layout", mode: 0o644, data: []byte(`{"imageLayoutVersion":"1.0.0"}`)})
	archive, err := plainTar(files, at)
	if err != nil {
		return err
	}
	return os.WriteFile(out, archive, 0o644)
}

// layerTar is the gzipped layer and its diff id (the digest of the tar).
func layerTar(files []entry, at time.Time) (gz []byte, diffID string, err error) {
	raw, err := plainTar(files, at)
	if err != nil {
		return nil, "", err
	}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression) // no name, no time: reproducible
	if _, err := zw.Write(raw); err != nil {
		return nil, "", err
	}
	if err := zw.Close(); err != nil {
		return nil, "", err
	}
	return b.Bytes(), "sha256:" + hexDigest(raw), nil
}

func plainTar(files []entry, at time.Time) ([]byte, error) {
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, f := range files {
		h := &tar.Header{Name: f.name, Mode: f.mode, ModTime: at, Uid: 0, Gid: 0, Format: tar.FormatPAX, Typeflag: tar.TypeReg, Size: int64(len(f.data))}
		if f.dir {
			h.Typeflag, h.Size = tar.TypeDir, 0
		}
		if f.name == "home/nonroot/" {
			h.Uid, h.Gid = 65532, 65532
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if _, err := tw.Write(f.data); err != nil {
			return nil, err
		}
	}
	err := tw.Close()
	return b.Bytes(), err
}

func hexDigest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func descriptor(mediaType string, blob []byte) map[string]any {
	return map[string]any{"mediaType": mediaType, "digest": "sha256:" + hexDigest(blob), "size": len(blob)}
}

func withAnnotation(d map[string]any, ref string) map[string]any {
	d["annotations"] = map[string]string{"org.opencontainers.image.ref.name": ref}
	return d
}
