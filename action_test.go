package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// The GitHub Action passes its inputs to the shell through the
// environment: an input interpolated into a run script would be a script
// injection (a workflow's inputs can come from a pull request).
func TestActionPassesInputsThroughTheEnvironment(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("action.yml")
	require.NoError(t, err)
	var action struct {
		Inputs map[string]struct {
			Required bool `yaml:"required"`
		} `yaml:"inputs"`
		Runs struct {
			Using string `yaml:"using"`
			Steps []struct {
				Run string            `yaml:"run"`
				Env map[string]string `yaml:"env"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &action))
	assert.Equal(t, "composite", action.Runs.Using)
	assert.True(t, action.Inputs["version"].Required, "the version is pinned")
	require.Len(t, action.Runs.Steps, 2)
	for _, step := range action.Runs.Steps {
		assert.NotContains(t, step.Run, "${{", "no expression in a run script")
	}
	assert.Equal(t, "${{ inputs.version }}", action.Runs.Steps[0].Env["PSHCRON_VERSION"])
	assert.True(t, strings.Contains(action.Runs.Steps[0].Run, "| sh"), "installed by install.sh")
}
