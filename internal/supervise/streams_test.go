package supervise

import (
	"bufio"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Every byte value, invalid UTF-8 and a lone CR included, reaches each
// stream unchanged and on its own stream, and the capture sees both.
func TestPassThroughByteForByte(t *testing.T) {
	dir := t.TempDir()
	var data []byte
	for i := range 256 {
		data = append(data, byte(i))
	}
	data = append(data, "\xc3\x28 \xed\xa0\x80 \r no newline at the end"...)
	writeFile(t, filepath.Join(dir, "data"), string(data), 0o644)
	var out, errOut syncBuffer
	capture := NewCapture(64, 1<<20)
	res := Run(context.Background(), Config{
		Argv:   script(dir, `cat "$1/data"; printf 'e\000rr' >&2; cat "$1/data" >&2`),
		Stdout: &out, Stderr: &errOut, Capture: capture,
	})
	if res.ExitCode != 0 {
		t.Fatalf("exit %d", res.ExitCode)
	}
	if out.String() != string(data) {
		t.Fatalf("stdout differs: %q", out.String())
	}
	if errOut.String() != "e\x00rr"+string(data) {
		t.Fatalf("stderr differs: %q", errOut.String())
	}
	if capture.Total() != int64(2*len(data)+4) || res.Capture != capture {
		t.Fatalf("capture saw %d bytes", capture.Total())
	}
}

// The first line reaches the reader while the job still runs: it then
// waits for stdin, which the test only feeds once it has seen that line.
func TestOutputIsLiveAndStdinPassed(t *testing.T) {
	outR, outW := io.Pipe()
	inR, inW := io.Pipe()
	done := make(chan Result)
	go func() {
		done <- Run(context.Background(), Config{
			Argv:  []string{"sh", "-c", `echo first; read x; echo "got $x"`},
			Stdin: inR, Stdout: outW, Timeout: 10 * time.Second,
		})
		outW.Close()
	}()
	lines := bufio.NewReader(outR)
	if line, err := lines.ReadString('\n'); line != "first\n" || err != nil {
		t.Fatalf("first line %q, %v", line, err)
	}
	select {
	case res := <-done:
		t.Fatalf("the job ended before its input: %+v", res)
	default:
	}
	io.WriteString(inW, "input\n")
	if line, _ := lines.ReadString('\n'); line != "got input\n" {
		t.Fatalf("second line %q", line)
	}
	if res := <-done; res.ExitCode != 0 {
		t.Fatalf("exit %d", res.ExitCode)
	}
}

// An *os.File stdin is the child's own: it reads it to the end itself.
func TestStdinFile(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Open(writeFile(t, filepath.Join(dir, "in"), "line one\nline two\n", 0o644))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out syncBuffer
	res := Run(context.Background(), Config{Argv: []string{"wc", "-l"}, Stdin: f, Stdout: &out})
	if res.ExitCode != 0 || strings.TrimSpace(out.String()) != "2" {
		t.Fatalf("exit %d, output %q", res.ExitCode, out.String())
	}
	// No stdin: /dev/null, so a reading job ends at once.
	res = Run(context.Background(), Config{Argv: []string{"cat"}, Stdout: &out, Timeout: 5 * time.Second})
	if res.ExitCode != 0 || res.TimedOut {
		t.Fatalf("cat without stdin: %+v", res)
	}
}

// 300 MB through the supervisor: everything reaches the writer, the heap
// stays flat (sampled while it runs), the capture stays its size.
func TestLargeOutputInFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("300 MB of output")
	}
	const total = 300 << 20
	var count countWriter
	capture := &Capture{}
	base := heapInuse()
	peak := make(chan uint64)
	stop := make(chan struct{})
	go samplePeak(stop, peak)
	res := Run(context.Background(), Config{
		Argv: []string{"head", "-c", "314572800", "/dev/zero"}, Stdout: &count, Capture: capture,
	})
	close(stop)
	top := <-peak
	if res.ExitCode != 0 || count.n != total || capture.Total() != total {
		t.Fatalf("exit %d, passed %d, captured %d", res.ExitCode, count.n, capture.Total())
	}
	if len(capture.Bytes()) > DefaultHead+DefaultTail+100 {
		t.Fatalf("capture holds %d bytes", len(capture.Bytes()))
	}
	if grown := int64(top) - int64(base); grown > 8<<20 {
		t.Fatalf("heap grew by %d bytes while 300 MB went through", grown)
	}
	t.Logf("300 MB in %s, heap %d -> peak %d", res.Duration, base, top)
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

func heapInuse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

func samplePeak(stop <-chan struct{}, peak chan<- uint64) {
	var top uint64
	var m runtime.MemStats
	for {
		runtime.ReadMemStats(&m)
		top = max(top, m.HeapInuse)
		select {
		case <-stop:
			peak <- top
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}
