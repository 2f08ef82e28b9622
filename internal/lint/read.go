package lint

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pshcron/pshcron/internal/safefile"
)

// MaxConfig bounds a configuration file read: real ones are a few KiB, and
// a bound keeps a hostile or mistaken one (a symlink to /dev/zero, 100 MB
// of YAML) from taking the machine's memory.
const MaxConfig = 1 << 20

// ReadError is a configuration file lint refused or could not read.
type ReadError struct {
	File    string
	Problem string
}

func (e *ReadError) Error() string { return e.File + ": " + e.Problem }

// ReadConfig reads the configuration file path, which must be a regular
// file whose real path (symlinks resolved) lies inside root, the tree lint
// was pointed at: a repository's symlink must not make lint read what lies
// outside it. A FIFO or a device is refused before it is opened for reading
// (opening a FIFO would wait for a writer, a device could be read without
// end), and the file is read through MaxConfig.
func ReadConfig(root, path string) ([]byte, error) {
	real, err := inside(root, path)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(real)
	if err != nil {
		return nil, &ReadError{File: path, Problem: reason(err)}
	}
	if !fi.Mode().IsRegular() {
		return nil, &ReadError{File: path, Problem: "is not a regular file (" + kind(fi.Mode()) + ")"}
	}
	// Should it have become a FIFO or a symlink to another file since, Open
	// does not wait and the file it opened is not the one stat saw.
	f, err := safefile.Open(real)
	if err != nil {
		return nil, &ReadError{File: path, Problem: reason(err)}
	}
	defer f.Close()
	if now, err := f.Stat(); err != nil || !os.SameFile(fi, now) {
		return nil, &ReadError{File: path, Problem: "changed while it was read"}
	}
	data, err := safefile.ReadAll(f, MaxConfig)
	if errors.Is(err, safefile.ErrTooLarge) {
		return nil, &ReadError{File: path, Problem: fmt.Sprintf("is larger than %d MiB: no app configuration is", MaxConfig>>20)}
	}
	if err != nil {
		return nil, &ReadError{File: path, Problem: reason(err)}
	}
	return data, nil
}

// inside resolves path's symlinks and checks that the result is inside
// root's real path.
func inside(root, path string) (string, error) {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", &ReadError{File: path, Problem: reason(err)}
	}
	if realRoot, err = filepath.Abs(realRoot); err != nil {
		return "", &ReadError{File: path, Problem: reason(err)}
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", &ReadError{File: path, Problem: reason(err)}
	}
	if real, err = filepath.Abs(real); err != nil {
		return "", &ReadError{File: path, Problem: reason(err)}
	}
	rel, err := filepath.Rel(realRoot, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", &ReadError{File: path, Problem: "is a symlink to " + real + ", outside " + root}
	}
	return real, nil
}

// reason is an error's cause without the path, which ReadError names.
func reason(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func kind(m os.FileMode) string {
	switch {
	case m&os.ModeNamedPipe != 0:
		return "a FIFO"
	case m&os.ModeDevice != 0:
		return "a device"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m.IsDir():
		return "a directory"
	}
	return m.Type().String()
}
