package cli

import (
	"context"
	"fmt"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/tasks"
)

// Every command that only reads goes through read: connect (no guard, no
// lock), the project from -p or the container and, when env is set, the
// environment too, within --timeout. What it prints goes through
// printListing when it is a list.

// read runs fn with a client and the target, within --timeout.
func (p *program) read(ctx context.Context, s *Settings, env bool, fn func(context.Context, *tasks.Client, api.Target) error) error {
	t, err := p.readScope(s, env)
	if err != nil {
		return err
	}
	return p.connected(ctx, s, func(ctx context.Context, _ *tasks.Platform, c *tasks.Client) error {
		return fn(ctx, c, t)
	})
}

// connected runs fn with the platform and its client, within --timeout.
func (p *program) connected(ctx context.Context, s *Settings, fn func(context.Context, *tasks.Platform, *tasks.Client) error) error {
	platform, client, err := p.client(s)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	return withTimeout(ctx, fn(ctx, platform, client), s.timeout())
}

// client is the platform from the settings, connected.
func (p *program) client(s *Settings) (*tasks.Platform, *tasks.Client, error) {
	platform, err := p.platform(s)
	if err != nil {
		return nil, nil, err
	}
	client, err := platform.Connect()
	return platform, client, err
}

// readTarget connects for a read of the project, and of an environment
// when env is set.
func (p *program) readTarget(s *Settings, env bool) (*tasks.Client, api.Target, error) {
	t, err := p.readScope(s, env)
	if err != nil {
		return nil, t, err
	}
	_, client, err := p.client(s)
	return client, t, err
}

// readScope is what a read is about: the project, and the environment when
// env is set.
func (p *program) readScope(s *Settings, env bool) (api.Target, error) {
	switch {
	case len(s.Projects) > 1:
		return api.Target{}, usageErr(fmt.Sprintf("%s reads one project, but -p was given %d times", s.Command, len(s.Projects)),
			"name one project; the actions take several, for a fleet")
	case env && len(s.Environments) > 1:
		return api.Target{}, usageErr(fmt.Sprintf("%s reads one environment, but -e was given %d times", s.Command, len(s.Environments)),
			"name one environment; the actions take several, for a fleet")
	}
	if env {
		w, err := p.locate(s)
		return w.target, err
	}
	t := api.Target{Project: s.Project}
	if t.Project == "" {
		t.Project = p.getenv("PLATFORM_PROJECT")
	}
	if t.Project == "" {
		return t, usageErr("no project: not in a platform container, and no --project", "pass -p PROJECT")
	}
	return t, checkID("project", t.Project)
}

// listing is what a list prints: the ids for --pipe, the value for JSON, or
// rows under a header, of which columns are shown unless --columns says.
type listing struct {
	ids     []string
	json    any
	header  []string
	rows    [][]string
	columns []string
}

func (p *program) printListing(s *Settings, l listing) error {
	if s.Pipe {
		var ids [][]string
		for _, id := range l.ids {
			ids = append(ids, []string{id})
		}
		return printRows(p.stdout, "plain", nil, ids, true)
	}
	format := p.listFormat(s)
	if format == "json" {
		return writeJSON(p.stdout, l.json)
	}
	columns := s.Columns
	if len(columns) == 0 {
		columns = l.columns
	}
	header, rows, err := pick(columns, l.header, l.rows)
	if err != nil {
		return err
	}
	return printRows(p.stdout, format, header, rows, s.NoHeader)
}

// nonNil keeps an empty list a JSON array, not null.
func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
