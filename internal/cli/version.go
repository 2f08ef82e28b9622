package cli

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
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
	info, _ := debug.ReadBuildInfo()
	return buildFrom(version, commit, info)
}

// buildFrom is what a binary reports: the release's stamp, else what the
// Go toolchain recorded (`go install github.com/pshcron/pshcron@v1.2.3`
// records v1.2.3 as the main module's version), else dev.
func buildFrom(version, commit string, info *debug.BuildInfo) buildInfo {
	b := buildInfo{Version: version, Commit: commit, Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
	if info != nil {
		if v := info.Main.Version; b.Version == "dev" && v != "" && v != "(devel)" {
			b.Version = strings.TrimPrefix(v, "v")
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && b.Commit == "" {
				b.Commit = s.Value
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
	return fmt.Sprintf("pshcron/%s (%s-%s; +https://github.com/pshcron/pshcron)", currentBuild().Version, runtime.GOOS, runtime.GOARCH)
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
