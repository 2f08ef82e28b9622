package supervise

import (
	"fmt"
	"sync"
)

// Default sizes of a Capture: enough of the start to see what the job set
// out to do, and far more of the end, where the error usually is.
const (
	DefaultHead = 8 << 10
	DefaultTail = 56 << 10
)

// Capture keeps the first bytes and the last bytes written to it, in fixed
// memory whatever the total: a head filled once, then a ring for the tail.
// It is safe for concurrent use, so stdout and stderr can share one, in the
// order their chunks arrived.
//
// The bytes are raw: what the job printed, possibly invalid UTF-8, terminal
// escapes or secrets included. Redacting and escaping them before a report
// or a terminal sees them is the caller's job.
//
// The zero value is ready to use with the default sizes.
type Capture struct {
	mu       sync.Mutex
	headSize int
	tailSize int
	head     []byte
	ring     []byte // allocated once the head is full
	ringEnd  int    // where the next tail byte goes
	ringLen  int    // how much of ring holds data
	total    int64
	sized    bool // set by NewCapture; the zero value takes the defaults
}

// NewCapture returns a Capture that keeps up to head bytes of the start and
// tail bytes of the end. Sizes below zero count as zero.
func NewCapture(head, tail int) *Capture {
	return &Capture{headSize: max(head, 0), tailSize: max(tail, 0), sized: true}
}

func (c *Capture) sizes() {
	if !c.sized {
		c.headSize, c.tailSize, c.sized = DefaultHead, DefaultTail, true
	}
	if c.head == nil {
		c.head = make([]byte, 0, c.headSize)
	}
}

// Write records p; it never fails and never keeps p.
func (c *Capture) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sizes()
	n := len(p)
	c.total += int64(n)
	if room := c.headSize - len(c.head); room > 0 {
		k := min(room, len(p))
		c.head = append(c.head, p[:k]...)
		p = p[k:]
	}
	if len(p) == 0 || c.tailSize == 0 {
		return n, nil
	}
	if c.ring == nil {
		c.ring = make([]byte, c.tailSize)
	}
	if len(p) >= c.tailSize {
		copy(c.ring, p[len(p)-c.tailSize:])
		c.ringEnd, c.ringLen = 0, c.tailSize
		return n, nil
	}
	k := copy(c.ring[c.ringEnd:], p)
	copy(c.ring, p[k:])
	c.ringEnd = (c.ringEnd + len(p)) % c.tailSize
	c.ringLen = min(c.ringLen+len(p), c.tailSize)
	return n, nil
}

// Total is how many bytes were written, kept or not.
func (c *Capture) Total() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total
}

// Cut is how many bytes between the head and the tail were dropped.
func (c *Capture) Cut() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cut()
}

func (c *Capture) cut() int64 {
	return c.total - int64(len(c.head)) - int64(c.ringLen)
}

// Head returns a copy of the first bytes written.
func (c *Capture) Head() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]byte(nil), c.head...)
}

// Tail returns a copy of the last bytes written after the head, in order.
func (c *Capture) Tail() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tail()
}

func (c *Capture) tail() []byte {
	out := make([]byte, 0, c.ringLen)
	start := (c.ringEnd - c.ringLen + len(c.ring)) % max(len(c.ring), 1)
	if start+c.ringLen <= len(c.ring) {
		return append(out, c.ring[start:start+c.ringLen]...)
	}
	out = append(out, c.ring[start:]...)
	return append(out, c.ring[:c.ringEnd]...)
}

// Bytes returns the head, then, when bytes were dropped, a one-line marker
// saying how many, then the tail: what a report shows.
func (c *Capture) Bytes() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := append([]byte(nil), c.head...)
	if n := c.cut(); n > 0 {
		out = fmt.Appendf(out, "\n[... %d bytes cut ...]\n", n)
	}
	return append(out, c.tail()...)
}
