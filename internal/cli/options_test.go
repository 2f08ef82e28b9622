package cli

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pshcron/pshcron/internal/redact"
)

// parse reads a command line into its command's options, running nothing.
func parse(t *testing.T, env map[string]string, args ...string) (any, error) {
	t.Helper()
	var got any
	p := &program{getenv: func(k string) string { return env[k] }, stdout: io.Discard, stderr: io.Discard,
		secrets: &redact.Set{}, log: zerolog.Nop(),
		runF: func(_ command, opts any) error { got = opts; return nil }}
	oneAtATime.Lock() // urfave's help flag is a package variable
	defer oneAtATime.Unlock()
	app := p.newApp()
	if err := app.RunContext(context.Background(), reorder(app, append([]string{"pshcron"}, args...))); err != nil {
		return nil, err
	}
	require.NotNil(t, got, "the command ran")
	return got, nil
}

// A command reads the groups its row composes, typed, with their defaults;
// the groups it does not take stay zero, and their variables are not read.
func TestOptionsAreTheCommandsGroups(t *testing.T) {
	opts, err := parse(t, nil, "backup:check", "-e", "main", "--max-age", "2h", "--retries", "5", "--format", "json")
	require.NoError(t, err)
	s := opts.(*backupCheckOptions)
	assert.Equal(t, 2*time.Hour, s.MaxAge)
	assert.Equal(t, 5, s.Retries)
	assert.Equal(t, 8, s.Concurrency, "a fleet's default")
	assert.Equal(t, []string{"main"}, s.Environments)
	assert.Equal(t, "json", s.Format)

	opts, err = parse(t, map[string]string{"PSHCRON_MAX_AGE": "0s", "PSHCRON_PING_URL": "http://127.0.0.1:1/ping"}, "backup:list")
	require.NoError(t, err, "backup:list takes no --max-age: PSHCRON_MAX_AGE is not its")
	list := opts.(*Settings)
	assert.Empty(t, list.Ping, "backup:list takes no --ping")
	assert.Equal(t, 3, list.Retries)

	opts, err = parse(t, nil, "variable:get", "FOO", "--level", "project", "-P", "value")
	require.NoError(t, err)
	v := opts.(*variableOptions)
	assert.Equal(t, "project", v.Level)
	assert.Equal(t, "value", v.Property)
	assert.Equal(t, []string{"FOO"}, v.Args)

	_, err = parse(t, map[string]string{"PSHCRON_MAX_AGE": "0s"}, "backup:check")
	assert.EqualError(t, err, "PSHCRON_MAX_AGE 0s is no time at all")
}

// Every command declares each flag once: urfave would take the first.
func TestEveryCommandDeclaresEachFlagOnce(t *testing.T) {
	for _, cmd := range (&program{}).commands() {
		seen := map[string]bool{}
		for _, f := range flagsOf(cmd, new(int)) {
			for _, n := range f.Names() {
				assert.False(t, seen[n], "%s: -%s declared twice", cmd.name, n)
				seen[n] = true
			}
		}
	}
}
