package installtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// evilSums is a SHA256SUMS line whose "archive name" is a sed script: pasted
// into `s/.../.../p`, it ends the pattern, substitutes a shell command into
// the line and runs it with GNU sed's e flag. It must never run.
var evilSums = strings.Repeat("a", 64) + "  pshcron_1/touch${IFS}PWNED;#/e;#_" + target + ".tar.gz\n"

func TestCraftedSumsRunNothing(t *testing.T) {
	t.Parallel()
	for _, sh := range shells(t) {
		for _, extra := range [][]string{nil, {"PSHCRON_SHA256=" + strings.Repeat("0", 64)}} {
			t.Run(sh, func(t *testing.T) {
				srv := newServer(t)
				b := newBuildHook(t)
				r := b.install(t, sh, append([]string{"PSHCRON_DOWNLOAD_URL=" + srv.URL + "/evil"}, extra...)...)
				_, err := os.Stat(filepath.Join(b.app, "PWNED"))
				assert.True(t, os.IsNotExist(err), "a command from SHA256SUMS ran: %s", r.stderr)
				if extra == nil {
					require.Equal(t, 0, r.code, r.stderr)
					assert.Contains(t, r.stdout, "installing the newest release, 1.1.0", "the crafted line is not a release name")
				} else {
					assert.Contains(t, r.stderr, "PSHCRON_SHA256 says", "verification still refuses")
				}
			})
		}
	}
}

func TestVersionsAreCheckedBeforeUse(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	for _, sh := range shells(t) {
		for _, v := range []string{"1.0.0/../../x", "1.0.0;id", "$(id)", "-1", "1 0"} {
			b := newBuildHook(t)
			r := b.install(t, sh, "PSHCRON_VERSION="+v, "PSHCRON_DOWNLOAD_URL="+srv.URL+"/v1.0.0")
			assert.NotEqual(t, 0, r.code, v)
			assert.Contains(t, r.stderr, "PSHCRON_VERSION is not a version", v)
		}
	}
	assert.Zero(t, srv.archiveRequests())
}

func TestPlainHTTPOnlyToExactLoopbackHosts(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	for _, sh := range shells(t) {
		for _, base := range []string{
			"http://127.0.0.1.evil.example/", "http://127.0.0.1@evil.example/", "http://localhost:80@evil.example/",
			"http://[::1]@x/", "http://localhost.evil.example/", "http://127.0.0.2/", "http://127.0.0.1:80x/",
			"https://user@example.com/",
		} {
			b := newBuildHook(t)
			r := b.install(t, sh, "PSHCRON_VERSION=1.0.0", "PSHCRON_DOWNLOAD_URL="+base)
			assert.NotEqual(t, 0, r.code, base)
			assert.Contains(t, r.stderr, "PSHCRON_DOWNLOAD_URL must", base)
			assert.NotContains(t, r.stderr, "cannot download", "%s: refused before any download", base)
		}
		b := newBuildHook(t)
		r := b.install(t, sh, "PSHCRON_VERSION=1.0.0", "PSHCRON_DOWNLOAD_URL=http://localhost:"+port+"/v1.0.0")
		require.Equal(t, 0, r.code, "localhost with a port is loopback: %s", r.stderr)
	}
}

func TestDirectoryAtTheInstallPathIsRefused(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	for _, sh := range shells(t) {
		for _, link := range []bool{false, true} {
			b := newBuildHook(t)
			require.NoError(t, os.MkdirAll(b.binDir(), 0o755))
			if link {
				require.NoError(t, os.Symlink(t.TempDir(), filepath.Join(b.binDir(), "pshcron")))
			} else {
				require.NoError(t, os.Mkdir(filepath.Join(b.binDir(), "pshcron"), 0o755))
			}
			r := b.install(t, sh, "PSHCRON_VERSION=1.0.0", "PSHCRON_DOWNLOAD_URL="+srv.URL+"/v1.0.0")
			assert.NotEqual(t, 0, r.code)
			assert.Contains(t, r.stderr, "pshcron is a directory, not a pshcron binary")
			assert.NotContains(t, r.stdout, "installed")
		}
	}
}

func TestPinnedRerunWorksOffline(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	for _, sh := range shells(t) {
		b := newBuildHook(t)
		r := b.install(t, sh, "PSHCRON_VERSION=1.0.0", "PSHCRON_DOWNLOAD_URL="+srv.URL+"/v1.0.0")
		require.Equal(t, 0, r.code, r.stderr)
		r = b.install(t, sh, "PSHCRON_VERSION=1.0.0", "PSHCRON_DOWNLOAD_URL=http://127.0.0.1:1/offline")
		require.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, "1.0.0 is already installed")
		assert.Contains(t, b.runtimeVersion(t), "pshcron 1.0.0 (")
	}
}

func TestConcurrentInstallsAddOnePathLine(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	for _, sh := range shells(t) {
		b := newBuildHook(t)
		// Installed already: every run goes straight to .environment, at once.
		r := b.install(t, sh, "PSHCRON_VERSION=1.0.0", "PSHCRON_DOWNLOAD_URL="+srv.URL+"/v1.0.0")
		require.Equal(t, 0, r.code, r.stderr)
		require.NoError(t, os.Remove(filepath.Join(b.app, ".environment")))
		var wg sync.WaitGroup
		for range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cmd := exec.Command(sh, filepath.Join(root, "install.sh"))
				cmd.Dir = b.app
				cmd.Env = []string{"PATH=" + b.path, "HOME=" + b.home, "PLATFORM_APP_DIR=" + b.app,
					"PSHCRON_VERSION=1.0.0", "PSHCRON_DOWNLOAD_URL=" + srv.URL + "/v1.0.0"}
				out, err := cmd.CombinedOutput()
				assert.NoError(t, err, string(out))
			}()
		}
		wg.Wait()
		envfile, err := os.ReadFile(filepath.Join(b.app, ".environment"))
		require.NoError(t, err)
		assert.Equal(t, 1, strings.Count(string(envfile), "# pshcron"), string(envfile))
		assert.Contains(t, b.runtimeVersion(t), "pshcron 1.0.0 (")
	}
}
