package installtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Signed releases: SHA256SUMS.sig is checked against the release key before
// a line of SHA256SUMS is read. A bad signature always stops the install,
// the old binary left working.
func TestSignedReleases(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	_, otherPub := newKey(t.TempDir(), "other")
	released := filepath.Join(dists["1.2.0"], "install.sh") // carries the release key
	for _, sh := range shells(t) {
		t.Run(sh, func(t *testing.T) {
			b := newBuildHook(t)
			base := func(mode string) string { return "PSHCRON_DOWNLOAD_URL=" + srv.URL + "/" + mode }
			r := b.install(t, sh, "PSHCRON_VERSION=1.0.0", base("v1.0.0"))
			require.Equal(t, 0, r.code, r.stderr)

			r = b.runScript(t, sh, released, "PSHCRON_VERSION=1.2.0", base("v1.2.0"))
			require.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, r.stdout, "installed 1.2.0 ("+target+", sha256 verified, signature verified)")
			assert.Contains(t, b.runtimeVersion(t), "pshcron 1.2.0 (")

			// The repository's install.sh knows no key: pinned once, it verifies.
			r = b.install(t, sh, "PSHCRON_VERSION=1.2.0", base("signed-ok"), "PSHCRON_SIGNING_KEY="+signingPub, "PLATFORM_CACHE_DIR=")
			require.Equal(t, 0, r.code, r.stderr)

			b.clean(t)
			for _, f := range []struct {
				name string
				env  []string
				msg  string
			}{
				{"tampered sums", []string{base("signed-forgedsums")}, "SHA256SUMS.sig does not verify against the release key"},
				{"tampered signature", []string{base("signed-forgedsig")}, "SHA256SUMS.sig does not verify against the release key"},
				{"another key", []string{base("v1.2.0"), "PSHCRON_SIGNING_KEY=" + otherPub}, "does not verify"},
				{"missing signature, required", []string{base("signed-nosig"), "PSHCRON_REQUIRE_SIGNATURE=1"}, "the release has no SHA256SUMS.sig"},
				{"not a key", []string{base("v1.2.0"), "PSHCRON_SIGNING_KEY=$(id)"}, "PSHCRON_SIGNING_KEY is not an OpenSSH public key line"},
			} {
				r := b.runScript(t, sh, released, append([]string{"PSHCRON_VERSION=1.2.1", "PLATFORM_CACHE_DIR="}, f.env...)...)
				assert.NotEqual(t, 0, r.code, f.name)
				assert.Contains(t, r.stderr, f.msg, f.name)
				assert.Contains(t, b.runtimeVersion(t), "pshcron 1.2.0 (", "%s: the old binary stays", f.name)
			}

			// A missing signature is a warning unless required.
			r = newBuildHook(t).runScript(t, sh, released, "PSHCRON_VERSION=1.2.0", base("signed-nosig"), "PLATFORM_CACHE_DIR=")
			require.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, r.stdout, "warning: the release has no SHA256SUMS.sig")
		})
	}
}

// No key known, or an ssh-keygen without -Y: a warning, or an error with
// PSHCRON_REQUIRE_SIGNATURE=1.
func TestSignatureToolsMissing(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	old := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(old, "ssh-keygen"),
		[]byte("#!/bin/sh\necho 'unknown option -- Y' >&2\necho 'usage: ssh-keygen [-q] [-b bits]' >&2\nexit 1\n"), 0o755))
	for _, sh := range shells(t) {
		t.Run(sh, func(t *testing.T) {
			pin := []string{"PSHCRON_VERSION=1.2.0", "PSHCRON_DOWNLOAD_URL=" + srv.URL + "/v1.2.0", "PLATFORM_CACHE_DIR="}
			b := newBuildHook(t)
			r := b.install(t, sh, pin...)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, r.stdout, "warning: no release signing key is known")
			r = b.install(t, sh, append(pin, "PSHCRON_REQUIRE_SIGNATURE=1", "PSHCRON_VERSION=1.1.0")...)
			assert.NotEqual(t, 0, r.code)
			assert.Contains(t, r.stderr, "PSHCRON_REQUIRE_SIGNATURE=1 asks for a verified signature")

			b = newBuildHook(t)
			b.path = old + ":" + os.Getenv("PATH")
			r = b.install(t, sh, append(pin, "PSHCRON_SIGNING_KEY="+signingPub)...)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, r.stdout, "warning: this ssh-keygen is older than OpenSSH 8.1")
			r = b.install(t, sh, append(pin, "PSHCRON_SIGNING_KEY="+signingPub, "PSHCRON_REQUIRE_SIGNATURE=1", "PSHCRON_VERSION=1.1.0")...)
			assert.NotEqual(t, 0, r.code)
		})
	}
}

// A rebuild on the platform starts from a fresh app directory but keeps
// PLATFORM_CACHE_DIR: the same pinned version installs from it, offline,
// verified again.
func TestRebuildInstallsFromTheBuildCache(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	cache := t.TempDir()
	for _, sh := range shells(t) {
		b := newBuildHook(t)
		env := []string{"PSHCRON_VERSION=1.2.0", "PLATFORM_CACHE_DIR=" + cache, "PSHCRON_SIGNING_KEY=" + signingPub}
		r := b.install(t, sh, append(env, "PSHCRON_DOWNLOAD_URL="+srv.URL+"/v1.2.0")...)
		require.Equal(t, 0, r.code, r.stderr)
		before := srv.archiveRequests()

		fresh := newBuildHook(t)
		r = fresh.install(t, sh, append(env, "PSHCRON_DOWNLOAD_URL=http://127.0.0.1:1/offline")...)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, "sha256 verified, signature verified, from the build cache")
		assert.Equal(t, before, srv.archiveRequests(), "nothing downloaded")
		assert.Contains(t, fresh.runtimeVersion(t), "pshcron 1.2.0 (")

		// A cached archive that no longer matches is refused.
		data, err := os.ReadFile(filepath.Join(cache, "pshcron", "1.2.0", archive("1.2.0")))
		require.NoError(t, err)
		data[len(data)/2] ^= 0xff
		require.NoError(t, os.WriteFile(filepath.Join(cache, "pshcron", "1.2.0", archive("1.2.0")), data, 0o644))
		r = newBuildHook(t).install(t, sh, append(env, "PSHCRON_DOWNLOAD_URL=http://127.0.0.1:1/offline")...)
		assert.NotEqual(t, 0, r.code)
		assert.True(t, strings.Contains(r.stderr, "checksum mismatch"), r.stderr)
		require.NoError(t, os.RemoveAll(filepath.Join(cache, "pshcron")))
	}
}
