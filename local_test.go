package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// What a container's odd files do to a run: each case must end, with a
// clear outcome, never hang.

func TestTokenFileThatIsAFIFO(t *testing.T) {
	t.Parallel()
	em := liveEmulator(t)
	env := container(em, "main", "production")
	delete(env, "PLATFORMSH_CLI_TOKEN")
	env["PSHCRON_TOKEN_FILE"] = filepath.Join(t.TempDir(), "token")
	require.NoError(t, syscall.Mkfifo(env["PSHCRON_TOKEN_FILE"], 0o600))
	start := time.Now()
	r := pshcron(t, env, "backup", "--timeout", "5s")
	assert.Less(t, time.Since(start), 4*time.Second, "refused without blocking on the FIFO")
	assert.Equal(t, 3, r.code, r.stderr)
	assert.Contains(t, r.stderr, "not a regular file")
}

// A result that cannot be written (a full disk, a closed pipe) does not
// turn an accepted action into exit 1: the platform did accept it.
func TestStdoutFailureAfterAcceptedAction(t *testing.T) {
	t.Parallel()
	t.Run("full", func(t *testing.T) {
		em := liveEmulator(t)
		cmd, _, errOut := command(t, container(em, "main", "production"), "backup")
		full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		if err != nil {
			t.Skip("no /dev/full")
		}
		defer full.Close()
		cmd.Stdout = full
		err = cmd.Run()
		assert.NoError(t, err, errOut.String())
		assert.Contains(t, errOut.String(), "cannot write the result to stdout")
		assert.Equal(t, 1, backups(em))
	})
	t.Run("closed pipe", func(t *testing.T) {
		em := liveEmulator(t)
		cmd, _, errOut := command(t, container(em, "main", "production"), "backup")
		r, w, err := os.Pipe()
		require.NoError(t, err)
		r.Close()
		cmd.Stdout = w
		err = cmd.Run()
		w.Close()
		assert.NoError(t, err, "not killed by SIGPIPE: %s", errOut.String())
		assert.Contains(t, errOut.String(), "cannot write the result to stdout")
		assert.Equal(t, 1, backups(em))
	})
}

// On a read-only cache directory the overlap lock still works: flock needs
// no write access, so the existing lock file is opened read-only.
func TestLockOnReadOnlyCacheDir(t *testing.T) {
	t.Parallel()
	em := liveEmulator(t)
	env := container(em, "main", "production")
	dir := filepath.Join(t.TempDir(), "cache")
	env["PSHCRON_CACHE_DIR"] = dir
	// A first run creates the lock file (and caches a token).
	require.Equal(t, 0, pshcron(t, env, "backup").code)
	locks, err := filepath.Glob(filepath.Join(dir, "lock-*"))
	require.NoError(t, err)
	require.Len(t, locks, 1)

	// Another run holds the lock.
	held, err := os.Open(locks[0])
	require.NoError(t, err)
	defer held.Close()
	require.NoError(t, syscall.Flock(int(held.Fd()), syscall.LOCK_EX))

	cmd, out, errOut := command(t, env, "backup")
	if os.Geteuid() == 0 {
		// root writes anywhere: run as nobody, who owns a read-only copy.
		bin := filepath.Join(t.TempDir(), "pshcron")
		copyFile(t, binary, bin, 0o755)
		require.NoError(t, os.Chmod(filepath.Dir(bin), 0o755))
		cmd.Path, cmd.Args[0] = bin, bin
		for _, p := range append([]string{dir}, mustGlob(t, filepath.Join(dir, "*"))...) {
			require.NoError(t, os.Chown(p, 65534, 65534))
		}
		for d := filepath.Dir(dir); d != "/"; d = filepath.Dir(d) {
			fi, err := os.Stat(d)
			require.NoError(t, err)
			require.NoError(t, os.Chmod(d, fi.Mode().Perm()|0o011))
		}
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		for i, kv := range cmd.Env {
			if len(kv) > 5 && kv[:5] == "HOME=" {
				cmd.Env[i] = "HOME=" + dir
			}
		}
	}
	require.NoError(t, os.Chmod(locks[0], 0o400))
	require.NoError(t, os.Chmod(dir, 0o500))
	r := finish(t, cmd, cmd.Run(), out, errOut)
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "another pshcron run is already doing this backup", "the held lock is seen")
	assert.Equal(t, 1, backups(em), "no second backup while the lock is held")
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	b, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(to, b, mode))
}

func mustGlob(t *testing.T, pattern string) []string {
	m, err := filepath.Glob(pattern)
	require.NoError(t, err)
	return m
}

// doctor reads $PLATFORM_APP_DIR/.environment: a FIFO there is refused at
// once (a warning, as for a missing file), never waited on.
func TestDoctorEnvironmentFileThatIsAFIFO(t *testing.T) {
	t.Parallel()
	em := liveEmulator(t)
	env := container(em, "main", "production")
	env["PLATFORM_APP_DIR"] = t.TempDir()
	require.NoError(t, syscall.Mkfifo(filepath.Join(env["PLATFORM_APP_DIR"], ".environment"), 0o600))
	cmd, out, errOut := command(t, env, "doctor", "--timeout", "5s")
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		r := finish(t, cmd, err, out, errOut)
		assert.Contains(t, r.stdout, ".environment puts no pshcron on PATH for crons", r.stderr)
	case <-time.After(8 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatal("doctor waited on the FIFO at $PLATFORM_APP_DIR/.environment")
	}
}
