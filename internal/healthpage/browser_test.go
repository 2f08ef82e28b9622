//go:build unix

package healthpage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// browserLimit is how long Chromium may take before it is killed.
const browserLimit = 30 * time.Second

// locateBrowser finds Chromium: $CHROMIUM, else chromium or
// chromium-browser on PATH, else Debian's /usr/bin/chromium. When there is
// none it says why, and whether that fails the test: it does in CI (CI set,
// as CI=true, the way TestShellcheck reads it), where .ci/run installs the
// browser, so that the page is never left untested by accident.
func locateBrowser(getenv func(string) string, look func(string) (string, error)) (path, missing string, fatal bool) {
	names := []string{"chromium", "chromium-browser", "/usr/bin/chromium"}
	if c := getenv("CHROMIUM"); c != "" {
		names = []string{c}
	}
	for _, n := range names {
		if p, err := look(n); err == nil {
			return p, "", false
		}
	}
	missing = fmt.Sprintf("no Chromium (looked for %s): the page is not checked in a browser", strings.Join(names, ", "))
	return "", missing, getenv("CI") != ""
}

func TestLocateBrowser(t *testing.T) {
	none := func(string) (string, error) { return "", exec.ErrNotFound }
	only := func(want string) func(string) (string, error) {
		return func(n string) (string, error) {
			if n == want {
				return "/found/" + n, nil
			}
			return "", exec.ErrNotFound
		}
	}
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	p, missing, fatal := locateBrowser(env(), none)
	assert.Equal(t, "", p)
	assert.Contains(t, missing, "no Chromium")
	assert.False(t, fatal, "off CI a missing browser skips")
	_, _, fatal = locateBrowser(env("CI", "true"), none)
	assert.True(t, fatal, "in CI a missing browser fails")
	p, _, _ = locateBrowser(env(), only("/usr/bin/chromium"))
	assert.Equal(t, "/found//usr/bin/chromium", p)
	p, _, _ = locateBrowser(env("CHROMIUM", "/opt/chrome"), only("/opt/chrome"))
	assert.Equal(t, "/found//opt/chrome", p)
	_, missing, _ = locateBrowser(env("CHROMIUM", "/opt/chrome"), only("chromium"))
	assert.Contains(t, missing, "/opt/chrome", "$CHROMIUM is the only one tried when set")
}

// browser returns Chromium's path, or skips (fails in CI) without it.
func browser(t *testing.T) string {
	t.Helper()
	path, missing, fatal := locateBrowser(os.Getenv, exec.LookPath)
	if fatal {
		t.Fatalf("%s; CI needs it (.ci/run installs Debian's chromium)", missing)
	}
	if path == "" {
		t.Skip(missing)
	}
	return path
}

// runLimited runs argv in a process group of its own with its output in
// files (a helper that keeps a pipe open cannot hold Wait), kills the group
// at the time limit, and sweeps what is left of it when the browser exits.
func runLimited(t *testing.T, dir string, env []string, argv ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), browserLimit)
	defer cancel()
	stdout, err := os.CreateTemp(dir, "stdout")
	require.NoError(t, err)
	stderr, err := os.CreateTemp(dir, "stderr")
	require.NoError(t, err)
	defer stdout.Close()
	defer stderr.Close()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	err = cmd.Run()
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // leftovers; none is the usual answer
	}
	errs, _ := os.ReadFile(stderr.Name())
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("%s did not finish within %s and was killed:\n%s", filepath.Base(argv[0]), browserLimit, tail(errs))
	}
	require.NoError(t, err, "%s:\n%s", filepath.Base(argv[0]), tail(errs))
	out, err := os.ReadFile(stdout.Name())
	require.NoError(t, err)
	return out
}

// tail is the end of a browser's chatter, where its reason is.
func tail(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-15):], "\n")
}

// TestPageInABrowser renders the fixture in headless Chromium with no
// network and checks what a person would see: every environment's row and
// verdict word, in the worst-first order, the hostile names as text, and,
// in a screenshot, the verdicts' colours.
func TestPageInABrowser(t *testing.T) {
	chromium := browser(t)
	dir := t.TempDir()
	p, order := fixture()
	doc, err := render(p)
	require.NoError(t, err)
	page := filepath.Join(dir, "health.html")
	require.NoError(t, os.WriteFile(page, []byte(doc), 0o600))

	dom := runLimited(t, dir, nil, chromium, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-dev-shm-usage", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--no-first-run", "--disable-extensions", "--disable-background-networking",
		"--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
		"--proxy-bypass-list=<-loopback>", "--dump-dom", (&url.URL{Scheme: "file", Path: page}).String())
	root, err := parseDOM(string(dom))
	require.NoError(t, err)
	require.Len(t, root.all("title"), 1, "the browser loaded the page:\n%s", dom)
	assert.Equal(t, p.Title, root.all("title")[0].text())
	assert.Empty(t, root.all("script"), "hostile text made no element")
	assert.Empty(t, root.all("img"))
	assert.Empty(t, root.all("a"))
	words := []string{"FAIL", "FAIL", "WARN", "WARN", "OK", "OK"}
	rows := bodyRows(root)
	require.Len(t, rows, len(order))
	for i, r := range rows {
		c := r.cells()
		require.GreaterOrEqual(t, len(c), 4, r.text())
		assert.Equal(t, order[i][0], c[0].text(), "row %d's project", i)
		assert.True(t, strings.HasPrefix(c[1].text(), order[i][1]), "row %d: %q is %q", i, c[1].text(), order[i][1])
		assert.Contains(t, c[2].text(), words[i], "row %d's verdict", i)
	}

	shot := filepath.Join(dir, "health.png")
	out := runLimited(t, dir, []string{"CHROMIUM=" + chromium}, "sh", "../../scripts/screenshot.sh", page, shot, "1000", "700")
	assert.Contains(t, string(out), "(1000x700)")
	checkScreenshot(t, shot, 1000, 700)
}

// checkScreenshot holds the PNG to the window's size and a sensible weight,
// and looks in it for the verdicts' background colours: the style applied
// under the page's own Content-Security-Policy.
func checkScreenshot(t *testing.T, path string, width, height int) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Greater(t, len(b), 10_000, "a page of text, not a blank")
	assert.Less(t, len(b), 5_000_000)
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	assert.Equal(t, image.Rect(0, 0, width, height), img.Bounds())
	for _, want := range []string{"fail-bg", "warn-bg", "ok-bg"} {
		hex := schemes(t)[0][want]
		assert.True(t, hasColour(img, hex), "the screenshot shows --%s (%s)", want, hex)
	}
}

// hasColour reports whether some pixel of img is within 3 of "#rrggbb" in
// every channel, for the browser's rounding.
func hasColour(img image.Image, hex string) bool {
	var r0, g0, b0 int
	_, _ = fmt.Sscanf(hex, "#%02x%02x%02x", &r0, &g0, &b0)
	near := func(a uint32, b int) bool { d := int(a>>8) - b; return d >= -3 && d <= 3 }
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if near(r, r0) && near(g, g0) && near(b, b0) {
				return true
			}
		}
	}
	return false
}
