package supervise

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
)

// TestCaptureKeepsHeadAndTail writes random data in random chunks and
// checks against the obvious answer: the first head bytes, the last tail.
func TestCaptureKeepsHeadAndTail(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, size := range [][2]int{{4, 8}, {0, 8}, {8, 0}, {0, 0}, {1, 1}, {16, 5}} {
		for _, total := range []int{0, 1, 3, 4, 11, 12, 13, 40, 1000} {
			data := make([]byte, total)
			for i := range data {
				data[i] = byte(rng.IntN(256))
			}
			c := NewCapture(size[0], size[1])
			for rest := data; len(rest) > 0; {
				n := min(1+rng.IntN(20), len(rest))
				c.Write(rest[:n])
				rest = rest[n:]
			}
			head := data[:min(size[0], total)]
			tail := data[len(head):][max(0, total-len(head)-size[1]):]
			name := fmt.Sprintf("%v/%d", size, total)
			if !bytes.Equal(c.Head(), head) || !bytes.Equal(c.Tail(), tail) {
				t.Fatalf("%s: head %x tail %x, want %x %x", name, c.Head(), c.Tail(), head, tail)
			}
			if c.Total() != int64(total) || c.Cut() != int64(total-len(head)-len(tail)) {
				t.Fatalf("%s: total %d cut %d", name, c.Total(), c.Cut())
			}
		}
	}
}

func TestCaptureBytesMarksTheCut(t *testing.T) {
	c := NewCapture(3, 4)
	c.Write([]byte("abc"))
	if got := string(c.Bytes()); got != "abc" {
		t.Fatalf("nothing cut yet: %q", got)
	}
	c.Write([]byte("defg"))
	c.Write([]byte("hijk\xff"))
	want := "abc\n[... 5 bytes cut ...]\nijk\xff"
	if got := string(c.Bytes()); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestCaptureZeroValueTakesDefaults(t *testing.T) {
	var c Capture
	c.Write([]byte(strings.Repeat("h", DefaultHead)))
	c.Write([]byte(strings.Repeat("x", 1000)))
	c.Write([]byte(strings.Repeat("t", DefaultTail)))
	if len(c.Head()) != DefaultHead || c.Cut() != 1000 || c.Tail()[0] != 't' || len(c.Tail()) != DefaultTail {
		t.Fatalf("head %d cut %d tail %d", len(c.Head()), c.Cut(), len(c.Tail()))
	}
}

func TestCaptureConcurrentWrites(t *testing.T) {
	c := NewCapture(10, 100)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 1000 {
				c.Write([]byte("0123456789"))
			}
		})
	}
	wg.Wait()
	if c.Total() != 40000 || len(c.Tail()) != 100 {
		t.Fatalf("total %d tail %d", c.Total(), len(c.Tail()))
	}
}
