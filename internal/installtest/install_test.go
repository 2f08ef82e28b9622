package installtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	root     string // the repository
	dists    = map[string]string{}
	target   = runtime.GOOS + "_" + runtime.GOARCH
	versions = []string{"1.0.0", "1.1.0", "1.2.0"}
	// signingKey signs 1.2.0; its public key line is signingPub.
	signingKey, signingPub string
)

func TestMain(m *testing.M) {
	var err error
	root, err = filepath.Abs("../..")
	if err != nil {
		panic(err)
	}
	tmp, err := os.MkdirTemp("", "pshcron-dist-")
	if err != nil {
		panic(err)
	}
	signingKey, signingPub = newKey(tmp, "release")
	for _, v := range versions {
		out := filepath.Join(tmp, v)
		cmd := exec.Command("sh", "scripts/dist.sh")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "VERSION="+v, "OUT="+out, "PLATFORMS="+runtime.GOOS+"/"+runtime.GOARCH, "COMMIT=test")
		if v == "1.2.0" {
			cmd.Env = append(cmd.Env, "SIGNING_KEY="+signingKey)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "scripts/dist.sh:", err)
			os.Exit(1)
		}
		dists[v] = out
	}
	code := m.Run()
	os.RemoveAll(tmp)
	os.Exit(code)
}

func archive(v string) string { return "pshcron_" + v + "_" + target + ".tar.gz" }

// newKey makes a throwaway ed25519 key in dir, returning its file and its
// public key line.
func newKey(dir, name string) (file, pub string) {
	file = filepath.Join(dir, name)
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", file).CombinedOutput(); err != nil {
		fmt.Fprintln(os.Stderr, "ssh-keygen:", err, string(out))
		os.Exit(1)
	}
	b, err := os.ReadFile(file + ".pub")
	if err != nil {
		panic(err)
	}
	f := strings.Fields(string(b))
	return file, f[0] + " " + f[1]
}

// server serves releases, plus broken ones:
//
//	/v1.0.0/, /v1.1.0/   as built
//	/tampered/           1.1.0 with one byte of the archive flipped
//	/missing/            1.1.0's SHA256SUMS but no archive
//	/drop/               1.1.0, the connection dropped halfway through the archive
//	/evil/               1.1.0 with a SHA256SUMS whose first line is crafted to
//	                     run a command through sed's e flag (evilSums)
type server struct {
	*httptest.Server
	mu       sync.Mutex
	archives int // archive requests answered
}

func newServer(t *testing.T) *server {
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		parts := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 2)
		if len(parts) != 2 {
			http.NotFound(w, r)
			return
		}
		mode, file := parts[0], parts[1]
		v := strings.TrimPrefix(mode, "v")
		if _, ok := dists[v]; !ok {
			v = "1.1.0"
			if strings.HasPrefix(mode, "signed-") {
				v = "1.2.0"
			}
		}
		data, err := os.ReadFile(filepath.Join(dists[v], filepath.Base(file)))
		if err != nil || (mode == "signed-nosig" && file == "SHA256SUMS.sig") {
			http.NotFound(w, r)
			return
		}
		switch {
		case mode == "signed-forgedsums" && file == "SHA256SUMS":
			data = append(bytes.Clone(data), []byte(strings.Repeat("0", 64)+"  extra.tar.gz\n")...)
		case mode == "signed-forgedsig" && file == "SHA256SUMS.sig":
			data = bytes.Clone(data)
			data[len(data)/2] ^= 0x01
		}
		if file == "SHA256SUMS" && mode == "evil" {
			data = append([]byte(evilSums), data...)
		}
		if file != "SHA256SUMS" {
			s.mu.Lock()
			s.archives++
			s.mu.Unlock()
			switch mode {
			case "missing":
				http.NotFound(w, r)
				return
			case "tampered":
				data = bytes.Clone(data)
				data[len(data)/2] ^= 0xff
			case "drop":
				w.Header().Set("Content-Length", fmt.Sprint(len(data)))
				w.WriteHeader(200)
				_, _ = w.Write(data[:len(data)/2])
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					conn.Close()
				}
				return
			}
		}
		_, _ = w.Write(data)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) archiveRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.archives
}

// buildHook is a directory laid out as the platform's build hook sees it.
type buildHook struct {
	app, cache, home string
	path             string // PATH for the installer
}

func newBuildHook(t *testing.T) *buildHook {
	d := t.TempDir()
	b := &buildHook{app: filepath.Join(d, "app"), cache: filepath.Join(d, "cache"), home: filepath.Join(d, "app"), path: os.Getenv("PATH")}
	require.NoError(t, os.MkdirAll(b.app, 0o755))
	require.NoError(t, os.MkdirAll(b.cache, 0o755))
	return b
}

func (b *buildHook) binDir() string { return filepath.Join(b.app, ".pshcron", "bin") }

type outcome struct {
	code           int
	stdout, stderr string
}

// install runs install.sh with shell, as a build hook would.
func (b *buildHook) install(t *testing.T, shell string, env ...string) outcome {
	t.Helper()
	return b.runScript(t, shell, filepath.Join(root, "install.sh"), env...)
}

func (b *buildHook) runScript(t *testing.T, shell, script string, env ...string) outcome {
	t.Helper()
	cmd := exec.Command(shell, script)
	cmd.Dir = b.app
	cmd.Env = append([]string{
		"PATH=" + b.path, "HOME=" + b.home,
		"PLATFORM_APP_DIR=" + b.app, "PLATFORM_CACHE_DIR=" + b.cache, "PLATFORM_PROJECT=abc", "PLATFORM_TREE_ID=t",
	}, env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return outcome{code, out.String(), errOut.String()}
}

// runtimeVersion sources .environment in dash, as the platform does at
// runtime, and asks the pshcron found on PATH for its version.
func (b *buildHook) runtimeVersion(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("dash", "-c", `. ./.environment && command -v pshcron && pshcron version`)
	cmd.Dir = b.app
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + b.app}
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	require.Len(t, lines, 2, string(out))
	assert.Equal(t, filepath.Join(b.binDir(), "pshcron"), lines[0])
	return lines[1]
}

// clean asserts the install directory holds the binary and nothing left over.
func (b *buildHook) clean(t *testing.T) {
	t.Helper()
	entries, err := os.ReadDir(b.binDir())
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"pshcron"}, names, "no staging directory left behind")
}

func shells(t *testing.T) []string {
	var out []string
	for _, sh := range []string{"dash", "bash"} {
		if _, err := exec.LookPath(sh); err == nil {
			out = append(out, sh)
		} else {
			t.Logf("%s not installed: not tested", sh)
		}
	}
	require.NotEmpty(t, out)
	return out
}

func TestInstallLifecycle(t *testing.T) {
	t.Parallel()
	for _, sh := range shells(t) {
		t.Run(sh, func(t *testing.T) {
			srv := newServer(t)
			b := newBuildHook(t)
			pin := func(v, base string) []string {
				return []string{"PSHCRON_VERSION=" + v, "PSHCRON_DOWNLOAD_URL=" + srv.URL + "/" + base}
			}

			r := b.install(t, sh, pin("1.0.0", "v1.0.0")...)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, r.stdout, "pshcron: installed 1.0.0 ("+target+", sha256 verified) in "+b.binDir())
			assert.Contains(t, r.stdout, "added "+b.binDir()+" to PATH")
			assert.Contains(t, b.runtimeVersion(t), "pshcron 1.0.0 (")
			fi, err := os.Stat(filepath.Join(b.binDir(), "pshcron"))
			require.NoError(t, err)
			assert.Equal(t, os.FileMode(0o755), fi.Mode().Perm())
			b.clean(t)

			// The hook runs again: nothing downloaded, one PATH line.
			before := srv.archiveRequests()
			r = b.install(t, sh, pin("v1.0.0", "v1.0.0")...)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, r.stdout, "pshcron: 1.0.0 is already installed")
			assert.Equal(t, before, srv.archiveRequests(), "no archive downloaded")
			envfile, err := os.ReadFile(filepath.Join(b.app, ".environment"))
			require.NoError(t, err)
			assert.Equal(t, 1, strings.Count(string(envfile), "# pshcron"), string(envfile))

			// Every failure says why and leaves 1.0.0 working.
			failures := []struct {
				name string
				env  []string
				msg  string
			}{
				{"tampered archive", pin("1.1.0", "tampered"), "checksum mismatch for " + archive("1.1.0") + ": SHA256SUMS says"},
				{"wrong PSHCRON_SHA256", append(pin("1.1.0", "v1.1.0"), "PSHCRON_SHA256="+strings.Repeat("ab", 32)), "PSHCRON_SHA256 says abab"},
				{"missing archive", pin("1.1.0", "missing"), "cannot download " + srv.URL + "/missing/" + archive("1.1.0")},
				{"version not released", pin("9.9.9", "v1.1.0"), "no archive for pshcron 9.9.9 on " + target},
				{"connection dropped mid-download", pin("1.1.0", "drop"), "cannot download " + srv.URL + "/drop/" + archive("1.1.0")},
				{"unreachable server", []string{"PSHCRON_VERSION=1.1.0", "PSHCRON_DOWNLOAD_URL=http://127.0.0.1:1/x"}, "cannot download http://127.0.0.1:1/x/SHA256SUMS"},
				{"plain http off loopback", []string{"PSHCRON_VERSION=1.1.0", "PSHCRON_DOWNLOAD_URL=http://mirror.example/x"}, "must be https://"},
			}
			for _, f := range failures {
				r = b.install(t, sh, f.env...)
				assert.NotEqual(t, 0, r.code, f.name)
				assert.True(t, strings.HasPrefix(r.stderr, "pshcron: install failed: "), f.name)
				assert.Contains(t, r.stderr, f.msg, f.name)
				assert.NotContains(t, r.stdout, "installed", f.name)
				assert.Contains(t, b.runtimeVersion(t), "pshcron 1.0.0 (", f.name)
				b.clean(t)
			}

			// An upgrade.
			r = b.install(t, sh, pin("1.1.0", "v1.1.0")...)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, b.runtimeVersion(t), "pshcron 1.1.0 (")
			envfile, _ = os.ReadFile(filepath.Join(b.app, ".environment"))
			assert.Equal(t, 1, strings.Count(string(envfile), "# pshcron"))
			b.clean(t)
		})
	}
}

// restrictedPath makes a directory of links to the named tools only, so a
// test can take one away (sha256 tools, curl).
func restrictedPath(t *testing.T, tools ...string) string {
	dir := t.TempDir()
	for _, tool := range tools {
		p, err := exec.LookPath(tool)
		require.NoError(t, err, tool)
		require.NoError(t, os.Symlink(p, filepath.Join(dir, tool)))
	}
	return dir
}

var baseTools = []string{"dash", "bash", "uname", "mkdir", "mktemp", "rm", "cp", "grep", "sed", "head", "cut", "tar", "gzip", "mv", "chmod", "tail", "cat", "awk"}

func TestInstallerEnvironmentChecks(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	pin := []string{"PSHCRON_VERSION=1.0.0", "PSHCRON_DOWNLOAD_URL=" + srv.URL + "/v1.0.0"}
	for _, sh := range shells(t) {
		t.Run(sh+"/no sha256 tool", func(t *testing.T) {
			b := newBuildHook(t)
			b.path = restrictedPath(t, append(baseTools, "curl")...)
			r := b.install(t, sh, pin...)
			assert.NotEqual(t, 0, r.code)
			assert.Contains(t, r.stderr, "no sha256 tool")
			_, err := os.Stat(filepath.Join(b.binDir(), "pshcron"))
			assert.True(t, os.IsNotExist(err))
		})
		t.Run(sh+"/wget when there is no curl", func(t *testing.T) {
			b := newBuildHook(t)
			b.path = restrictedPath(t, append(baseTools, "wget", "sha256sum")...)
			r := b.install(t, sh, pin...)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, b.runtimeVersion(t), "pshcron 1.0.0 (")
		})
		t.Run(sh+"/unsupported platform", func(t *testing.T) {
			for _, c := range []struct{ s, m, msg string }{
				{"SunOS", "x86_64", "unsupported operating system: SunOS"},
				{"Linux", "riscv64", "unsupported architecture: riscv64"},
			} {
				b := newBuildHook(t)
				fake := t.TempDir()
				require.NoError(t, os.WriteFile(filepath.Join(fake, "uname"),
					[]byte("#!/bin/sh\ncase $1 in -s) echo "+c.s+";; -m) echo "+c.m+";; esac\n"), 0o755))
				b.path = fake + ":" + os.Getenv("PATH")
				r := b.install(t, sh, pin...)
				assert.NotEqual(t, 0, r.code)
				assert.Contains(t, r.stderr, c.msg)
			}
		})
		t.Run(sh+"/offline from a local directory, newest release", func(t *testing.T) {
			b := newBuildHook(t)
			r := b.install(t, sh, "PSHCRON_DOWNLOAD_URL="+dists["1.1.0"])
			require.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, r.stdout, "PSHCRON_VERSION is not set: installing the newest release, 1.1.0")
			assert.Contains(t, b.runtimeVersion(t), "pshcron 1.1.0 (")
		})
		t.Run(sh+"/expected checksum given", func(t *testing.T) {
			b := newBuildHook(t)
			data, err := os.ReadFile(filepath.Join(dists["1.0.0"], archive("1.0.0")))
			require.NoError(t, err)
			sum := sha256.Sum256(data)
			r := b.install(t, sh, append(pin, "PSHCRON_SHA256="+hex.EncodeToString(sum[:]))...)
			require.Equal(t, 0, r.code, r.stderr)
		})
		t.Run(sh+"/off the platform", func(t *testing.T) {
			home := t.TempDir()
			cmd := exec.Command(sh, filepath.Join(root, "install.sh"))
			cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + home}, pin...)
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, string(out))
			assert.Contains(t, string(out), "add "+filepath.Join(home, ".local", "bin")+" to PATH")
			_, err = os.Stat(filepath.Join(home, ".local", "bin", "pshcron"))
			assert.NoError(t, err)
		})
	}
}

// A download of the script cut short must run nothing, wherever it is cut.
func TestTruncatedScriptRunsNothing(t *testing.T) {
	t.Parallel()
	full, err := os.ReadFile(filepath.Join(root, "install.sh"))
	require.NoError(t, err)
	srv := newServer(t)
	for _, sh := range shells(t) {
		for pct := 10; pct < 100; pct += 10 {
			t.Run(fmt.Sprintf("%s/%d%%", sh, pct), func(t *testing.T) {
				b := newBuildHook(t)
				script := filepath.Join(t.TempDir(), "install.sh")
				require.NoError(t, os.WriteFile(script, full[:len(full)*pct/100], 0o644))
				r := b.runScript(t, sh, script, "PSHCRON_VERSION=1.0.0", "PSHCRON_DOWNLOAD_URL="+srv.URL+"/v1.0.0")
				assert.NotContains(t, r.stdout, "installed")
				_, err := os.Stat(filepath.Join(b.app, ".pshcron"))
				assert.True(t, os.IsNotExist(err), "nothing created")
				_, err = os.Stat(filepath.Join(b.app, ".environment"))
				assert.True(t, os.IsNotExist(err), ".environment untouched")
			})
		}
	}
	assert.Zero(t, srv.archiveRequests())
}

func TestShellcheck(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("shellcheck"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("shellcheck is not installed; .ci/run installs it")
		}
		t.Skip("shellcheck is not installed")
	}
	cmd := exec.Command("shellcheck", "install.sh", "scripts/dist.sh", "scripts/demo.sh", "scripts/screenshot.sh", ".ci/run")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	assert.NoError(t, err, string(out))
}

func TestDistIsReproducible(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	cmd := exec.Command("sh", "scripts/dist.sh")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "VERSION=1.0.0", "OUT="+out, "PLATFORMS="+runtime.GOOS+"/"+runtime.GOARCH, "COMMIT=test")
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, string(b))
	first, err := os.ReadFile(filepath.Join(dists["1.0.0"], "SHA256SUMS"))
	require.NoError(t, err)
	second, err := os.ReadFile(filepath.Join(out, "SHA256SUMS"))
	require.NoError(t, err)
	assert.Equal(t, string(first), string(second), "the same commit builds the same bytes")
	assert.Contains(t, string(first), archive("1.0.0"))
}
