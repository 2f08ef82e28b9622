package safefile

import (
	"errors"
	"io"
	"os"
	"syscall"
)

// ErrNotRegular is the reason Open refuses a FIFO, a device, a socket or a
// directory; it comes wrapped in an *os.PathError that names the file.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is what ReadFile and ReadAll return when there is more to
// read than their bound.
var ErrTooLarge = errors.New("larger than the bound")

// Open opens path for reading without blocking, and refuses anything but a
// regular file: a FIFO would block the run forever (past --timeout and
// SIGTERM, since opening it is not interruptible), a device could be read
// without end. Symlinks are followed: a mounted secret is often one.
func Open(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, &os.PathError{Op: "open", Path: path, Err: ErrNotRegular}
	}
	return f, nil
}

// ReadFile reads the regular file path, through Open, to its end; a file
// of more than max bytes is ErrTooLarge.
func ReadFile(path string, max int64) ([]byte, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f, max)
}

// ReadAll reads r to its end, at most max bytes: more is ErrTooLarge, with
// nothing returned, so that no caller goes on with a cut value.
func ReadAll(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, ErrTooLarge
	}
	return b, nil
}
