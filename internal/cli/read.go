package cli

import (
	"context"

	"github.com/pshcron/pshcron/tasks"
)

// Every command that only reads goes through read: connect (no guard, no
// lock), the project from -p or the container and, when env is set, the
// environment too, within --timeout. What it prints goes through
// printListing when it is a list.

// read runs fn with a client and the target, within --timeout.
func (p *program) read(ctx context.Context, s *Settings, env bool, fn func(context.Context, *tasks.Client, tasks.Target) error) error {
	client, t, err := p.readTarget(s, env)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	return withTimeout(ctx, fn(ctx, client, t), s.timeout())
}

// readTarget connects for a read of the project, and of an environment
// when env is set.
func (p *program) readTarget(s *Settings, env bool) (*tasks.Client, tasks.Target, error) {
	var t tasks.Target
	if env {
		w, err := p.locate(s)
		if err != nil {
			return nil, t, err
		}
		t = w.target
	} else {
		t.Project = s.Project
		if t.Project == "" {
			t.Project = p.getenv("PLATFORM_PROJECT")
		}
		if t.Project == "" {
			return nil, t, usageErr("no project: not in a platform container, and no --project", "pass -p PROJECT")
		}
		if err := checkID("project", t.Project); err != nil {
			return nil, t, err
		}
	}
	platform, err := p.platform(s)
	if err != nil {
		return nil, t, err
	}
	client, err := platform.Connect()
	return client, t, err
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
