package tokenauth

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"github.com/pshcron/pshcron/internal/safefile"
)

// DefaultCacheDir picks where access tokens are kept: PSHCRON_CACHE_DIR, else
// the user cache directory, else a per-user directory in /tmp (on the
// platform $HOME is /app, read-only at runtime). It creates the directory
// 0700 and refuses one that others can read or that another user owns.
func DefaultCacheDir(getenv func(string) string) (string, error) {
	return pickCacheDir(getenv, ensureDir)
}

// LookupCacheDir is DefaultCacheDir without creating anything: the first
// candidate that is safe, or does not exist yet.
func LookupCacheDir(getenv func(string) string) (string, error) {
	return pickCacheDir(getenv, func(dir string) error {
		if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return checkDir(dir)
	})
}

func pickCacheDir(getenv func(string) string, usable func(string) error) (string, error) {
	if d := getenv("PSHCRON_CACHE_DIR"); d != "" {
		return d, usable(d)
	}
	var candidates []string
	if x := getenv("XDG_CACHE_HOME"); x != "" && runtime.GOOS != "darwin" {
		candidates = append(candidates, filepath.Join(x, "pshcron"))
	} else if h := getenv("HOME"); h != "" {
		if runtime.GOOS == "darwin" {
			candidates = append(candidates, filepath.Join(h, "Library", "Caches", "pshcron"))
		} else {
			candidates = append(candidates, filepath.Join(h, ".cache", "pshcron"))
		}
	}
	tmp := getenv("TMPDIR")
	if tmp == "" {
		tmp = "/tmp"
	}
	candidates = append(candidates, filepath.Join(tmp, fmt.Sprintf("pshcron-%d", os.Getuid())))
	var errs []error
	for _, d := range candidates {
		err := usable(d)
		if err == nil {
			return d, nil
		}
		errs = append(errs, err)
	}
	return "", errors.Join(errs...)
}

// ensureDir creates dir 0700 if needed and checks it is safe to keep tokens in.
func ensureDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return checkDir(dir)
}

// checkDir checks that dir is a directory only this user can read.
func checkDir(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("%s is readable by others (mode %04o); want 0700", dir, fi.Mode().Perm())
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		return fmt.Errorf("%s belongs to another user", dir)
	}
	return nil
}

// cacheEntry is the file format. Key is the full hash the file name is cut
// from, so a foreign or colliding file is recognised and ignored.
type cacheEntry struct {
	Version     int       `json:"v"`
	Key         string    `json:"key"`
	AccessToken string    `json:"access_token"`
	IssuedAt    time.Time `json:"issued_at"`
	ExpiresAt   time.Time `json:"expires_at"`
}

const cacheVersion = 1

// cacheKey hashes everything that makes an access token valid: the API token,
// where it was exchanged and as which client.
func cacheKey(apiToken, tokenURL, clientID string) string {
	h := sha256.Sum256([]byte("pshcron-v1\x00" + apiToken + "\x00" + tokenURL + "\x00" + clientID))
	return hex.EncodeToString(h[:])
}

func cachePath(dir, key string) string {
	return filepath.Join(dir, "token-"+key[:32]+".json")
}

// readCache returns a still-usable entry or nil. Anything odd (missing,
// corrupt, foreign, expired) is simply not used.
func readCache(dir, key string) *cacheEntry {
	b, err := safefile.ReadFile(cachePath(dir, key), 64<<10)
	if err != nil {
		return nil
	}
	var e cacheEntry
	if err := json.Unmarshal(b, &e); err != nil {
		return nil
	}
	if e.Version != cacheVersion || e.Key != key || e.AccessToken == "" {
		return nil
	}
	return &e
}

// writeCache stores e with mode 0600 by writing a temporary file and renaming
// it over the old one, so a reader sees the old entry or the new, never half.
func writeCache(dir string, e *cacheEntry) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".token-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), cachePath(dir, e.Key))
}

func removeCache(dir, key string) {
	_ = os.Remove(cachePath(dir, key))
}

// Fingerprint is a short, safe name for a token: enough to tell two apart in
// logs, useless to an attacker.
func Fingerprint(token string) string {
	h := sha256.Sum256([]byte(token))
	return "sha256:" + hex.EncodeToString(h[:4])
}
