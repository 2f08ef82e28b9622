package supervise

import (
	"errors"
	"io"
	"os"
	"sync"
	"time"
)

// drainGrace is how long the copy goes on once the child's group is swept:
// enough to empty the pipes, not to wait for a process that left the group
// (setsid) and still holds them open.
const drainGrace = 200 * time.Millisecond

// streams are the pipes between the child and the caller's writers. The
// child's stdout and stderr are pipes read here, so their bytes reach the
// caller's writers as they come and the capture too; stdin is the caller's
// file itself when it is one, else a pipe fed from the reader.
type streams struct {
	childIn, childOut, childErr *os.File // the child's ends, closed here once it started
	outR, errR                  *os.File
	inW                         *os.File
	in                          io.Reader
	copies                      sync.WaitGroup
	held                        bool // a read was stopped by drainGrace
	mu                          sync.Mutex
}

func openStreams(cfg Config) (*streams, error) {
	s := &streams{}
	var err error
	if s.outR, s.childOut, err = os.Pipe(); err != nil {
		return nil, err
	}
	if s.errR, s.childErr, err = os.Pipe(); err != nil {
		s.closeAll()
		return nil, err
	}
	switch r := cfg.Stdin.(type) {
	case nil:
	case *os.File:
		s.childIn = r
	default:
		if s.childIn, s.inW, err = os.Pipe(); err != nil {
			s.closeAll()
			return nil, err
		}
		s.in = r
	}
	return s, nil
}

// started closes the child's ends in this process, so the reads see EOF
// when the child's group is gone, and starts the copies.
func (s *streams) started(cfg Config) {
	s.childOut.Close()
	s.childErr.Close()
	if s.inW != nil {
		s.childIn.Close()
		// Not waited for: the caller's reader may block for ever. Closing
		// inW in finish makes its next write fail, which ends it.
		go func() {
			_, _ = io.Copy(s.inW, s.in)
			s.inW.Close()
		}()
	}
	s.copies.Add(2)
	go s.copy(s.outR, cfg.Stdout, cfg.Capture)
	go s.copy(s.errR, cfg.Stderr, cfg.Capture)
}

// copy passes every byte on as it comes. A writer that fails is dropped,
// but the pipe is still read, so the job is never blocked by it.
func (s *streams) copy(r *os.File, w io.Writer, c *Capture) {
	defer s.copies.Done()
	buf := make([]byte, 64<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			if w != nil {
				if _, werr := w.Write(buf[:n]); werr != nil {
					w = nil
				}
			}
			if c != nil {
				_, _ = c.Write(buf[:n])
			}
		}
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				s.mu.Lock()
				s.held = true
				s.mu.Unlock()
			}
			return
		}
	}
}

// finish ends the copies, drainGrace at most after the call, and closes
// everything; it reports whether a pipe was still held open then.
func (s *streams) finish() bool {
	deadline := time.Now().Add(drainGrace)
	_ = s.outR.SetReadDeadline(deadline)
	_ = s.errR.SetReadDeadline(deadline)
	s.copies.Wait()
	s.closeAll()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.held
}

// closeAll closes what this side opened; closing twice is harmless here.
func (s *streams) closeAll() {
	for _, f := range []*os.File{s.outR, s.errR, s.childOut, s.childErr, s.inW} {
		if f != nil {
			f.Close()
		}
	}
	if s.inW != nil && s.childIn != nil {
		s.childIn.Close()
	}
}
