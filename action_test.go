package main

import (
	"os"
	"os/exec"
	"path/filepath"
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

// The Action's args input is split as a POSIX shell splits a command line
// people write: quotes honoured, nothing globbed, expanded or evaluated,
// and pshcron's exit code is the step's.
func TestActionSplitsArgsAsAShellWould(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("action.yml")
	require.NoError(t, err)
	var action struct {
		Runs struct {
			Steps []struct {
				Run string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &action))
	script := action.Runs.Steps[1].Run

	temp := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(temp, "pshcron"), 0o755))
	// A stand-in pshcron: each argument on a line, in brackets, exit 7.
	require.NoError(t, os.WriteFile(filepath.Join(temp, "pshcron", "pshcron"),
		[]byte("#!/bin/sh\nfor a; do printf '[%s]\\n' \"$a\"; done\nexit 7\n"), 0o755))
	work := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(work, "release", "v1"), 0o755)) // what release/* would glob to

	tests := []struct {
		args string
		want []string
	}{
		{`backup:create --branch 'main' --yes`, []string{"backup:create", "--branch", "main", "--yes"}},
		{`backup --branch release/* --branch 'release/*'`, []string{"backup", "--branch", "release/*", "--branch", "release/*"}},
		{`source-operation:run update --variable "env:COMPOSER_ARGS=--no-dev --prefer-dist"`,
			[]string{"source-operation:run", "update", "--variable", "env:COMPOSER_ARGS=--no-dev --prefer-dist"}},
		{"  a\tb\n c  ", []string{"a", "b", "c"}},
		{`$HOME "$HOME" '$HOME' \$HOME "\$x" $(touch pwned) ` + "`touch pwned`", []string{"$HOME", "$HOME", "$HOME", "$HOME", "$x", "$(touch", "pwned)", "`touch", "pwned`"}},
		{`it\'s '' a"b"'c' "a\"b\\c\d" a\ b`, []string{"it's", "", "abc", `a"b\c\d`, "a b"}},
		{"a\\\nb \"c\\\nd\"", []string{"ab", "cd"}},
		{`--targets "my targets.txt" -e 'feature/x y'`, []string{"--targets", "my targets.txt", "-e", "feature/x y"}},
	}
	shells := []string{"sh"}
	if _, err := exec.LookPath("bash"); err == nil {
		shells = append(shells, "bash")
	}
	for _, shell := range shells {
		for _, tt := range tests {
			cmd := exec.Command(shell, "-c", script)
			cmd.Dir = work
			cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "RUNNER_TEMP=" + temp, "PSHCRON_ARGS=" + tt.args}
			out, err := cmd.Output()
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit, "%s: %q", shell, tt.args)
			assert.Equal(t, 7, exit.ExitCode(), "%s: the step's exit code is pshcron's", shell)
			var got []string
			for _, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
				got = append(got, strings.TrimSuffix(strings.TrimPrefix(line, "["), "]"))
			}
			assert.Equal(t, tt.want, got, "%s: %q", shell, tt.args)
		}
		for _, bad := range []string{`a 'b`, `a "b`, `a \`} {
			cmd := exec.Command(shell, "-c", script)
			cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "RUNNER_TEMP=" + temp, "PSHCRON_ARGS=" + bad}
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit)
			assert.Equal(t, 2, exit.ExitCode(), "%s: %q", shell, bad)
			assert.Contains(t, string(out), "pshcron: error: the args input has ", bad)
		}
	}
	_, err = os.Stat(filepath.Join(work, "pwned"))
	assert.True(t, os.IsNotExist(err), "an argument was evaluated")
}
