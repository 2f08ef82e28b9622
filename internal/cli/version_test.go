package cli

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestBuildFrom(t *testing.T) {
	t.Parallel()
	installed := &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}}}
	assert.Equal(t, "1.2.3", buildFrom("dev", "", installed).Version, "go install @v1.2.3 reports 1.2.3")
	assert.Equal(t, "abc", buildFrom("dev", "", installed).Commit)
	assert.Equal(t, "0.9.0", buildFrom("0.9.0", "def", installed).Version, "a release's stamp wins")
	assert.Equal(t, "def", buildFrom("0.9.0", "def", installed).Commit)
	assert.Equal(t, "dev", buildFrom("dev", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}).Version)
	assert.Equal(t, "unknown", buildFrom("dev", "", nil).Commit)
}
