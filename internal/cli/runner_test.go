package cli

import (
	"context"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pshcron/pshcron/api"
)

// resolve is the one place a command line becomes targets: the container's
// own environment, -e, every pair of -p and -e, a selection, a project.
func TestResolve(t *testing.T) {
	container := map[string]string{"PLATFORM_PROJECT": "proj", "PLATFORM_BRANCH": "main",
		"PLATFORM_ENVIRONMENT_TYPE": "production", "PLATFORM_APPLICATION_NAME": "app", "PLATFORM_TREE_ID": "t"}
	p := &program{getenv: func(k string) string { return container[k] }, log: zerolog.Nop()}
	where := func(projects, envs []string) whereOptions {
		w := whereOptions{projectOption: projectOption{Projects: projects}, Environments: envs}
		if len(projects) > 0 {
			w.Project = projects[0]
		}
		if len(envs) > 0 {
			w.Environment = envs[0]
		}
		return w
	}
	ctx := context.Background()

	ts, err := p.resolve(ctx, &Settings{}, scopeTargets)
	require.NoError(t, err)
	assert.Equal(t, api.Target{Project: "proj", Environment: "main"}, ts.target)
	assert.True(t, ts.own(), "the container's own environment")
	assert.False(t, ts.several())

	ts, err = p.resolve(ctx, &Settings{whereOptions: where(nil, []string{"staging"})}, scopeTargets)
	require.NoError(t, err)
	assert.Equal(t, api.Target{Project: "proj", Environment: "staging"}, ts.target)
	assert.False(t, ts.own())

	ts, err = p.resolve(ctx, &Settings{whereOptions: where([]string{"a", "b"}, []string{"x", "y"})}, scopeTargets)
	require.NoError(t, err)
	assert.Equal(t, []fleetTarget{{Project: "a", Environment: "x"}, {Project: "a", Environment: "y"},
		{Project: "b", Environment: "x"}, {Project: "b", Environment: "y"}}, ts.fleet)

	ts, err = p.resolve(ctx, &Settings{allOption: allOption{All: true}}, scopeSelection)
	require.NoError(t, err)
	assert.True(t, ts.all)
	assert.Equal(t, api.Target{Project: "proj"}, ts.target)
	_, err = p.resolve(ctx, &Settings{allOption: allOption{All: true}, whereOptions: where(nil, []string{"x"})}, scopeSelection)
	assert.EqualError(t, err, "--all contradicts -e")

	ts, err = p.resolve(ctx, &Settings{whereOptions: where([]string{"other"}, []string{"x"})}, scopeProject)
	require.NoError(t, err)
	assert.Equal(t, api.Target{Project: "other"}, ts.target, "a project's read ignores -e")

	_, err = p.resolve(ctx, &Settings{Command: "backup:list", whereOptions: where([]string{"a", "b"}, nil)}, scopeEnvironment)
	assert.EqualError(t, err, "backup:list reads one environment, but several targets were given")
	_, err = p.resolve(ctx, &Settings{Command: "backup:get", whereOptions: where(nil, []string{"x", "y"})}, scopeEnvironment)
	assert.EqualError(t, err, "backup:get reads one environment, but -e was given 2 times")
}

// A silent reporter (--quiet, a fleet's target) prints and holds nothing.
func TestSilentReporter(t *testing.T) {
	p := &program{}
	r := reporter{p: p, silent: true}
	assert.False(t, r.on())
	n, err := r.stdout().Write([]byte("b1\n"))
	assert.NoError(t, err)
	assert.Equal(t, 3, n)
	r.hold(&backupVerdict{})
	assert.Nil(t, p.held)
}
