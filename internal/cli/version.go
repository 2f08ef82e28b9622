package cli

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// Set at release time with -ldflags "-X github.com/pshcron/pshcron/internal/cli.version=..."
// (and .commit); see the Makefile and scripts/dist.sh.
var (
	version = "dev"
	commit  = ""
)

// buildInfo is what `pshcron version` reports.
type buildInfo struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
	Go      string `json:"go"`
	OS      string `json:"os"`
	Arch    string `json:"arch"`
}

func currentBuild() buildInfo {
	b := buildInfo{Version: version, Commit: commit, Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
	if b.Commit == "" {
		if info, ok := debug.ReadBuildInfo(); ok {
			for _, s := range info.Settings {
				if s.Key == "vcs.revision" {
					b.Commit = s.Value
				}
			}
		}
	}
	if b.Commit == "" {
		b.Commit = "unknown"
	}
	return b
}

// userAgent follows the name/version (os-arch; +url) convention.
func userAgent() string {
	return fmt.Sprintf("pshcron/%s (%s-%s; +https://github.com/pshcron/pshcron)", version, runtime.GOOS, runtime.GOARCH)
}

// version is `pshcron version` (and --version, -V).
func (p *program) version(_ context.Context, s *Settings) error {
	b := currentBuild()
	if s.Format == "json" {
		return writeJSON(p.stdout, b)
	}
	_, err := fmt.Fprintf(p.stdout, "pshcron %s (commit %s, %s, %s/%s)\n", b.Version, b.Commit, b.Go, b.OS, b.Arch)
	return err
}
