package cli

import (
	"context"
	"slices"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/tasks"
)

// environmentList is environment:list (environments, env:list), as real
// scripts call it: --type, --status, --no-inactive, --pipe, --columns,
// environmentListOptions are environment:list's filters.
type environmentListOptions struct {
	Settings
	typeOption
	environmentFilter
}

// --no-header, --format table|plain|csv|json. One GET.
func (p *program) environmentList(ctx context.Context, s *environmentListOptions) error {
	return p.read(ctx, &s.Settings, scopeProject, func(ctx context.Context, c *tasks.Client, t api.Target) error {
		envs, _, err := c.ListEnvironments(ctx, t.Project)
		if err != nil {
			return err
		}
		l := listing{header: []string{"ID", "Title", "Status", "Type", "Parent", "Machine name", "Created", "Updated"},
			columns: []string{"id", "title", "status", "type"}}
		var kept []api.Environment
		for _, e := range envs {
			if (len(s.Types) > 0 && !slices.Contains(s.Types, e.Type)) || (len(s.Statuses) > 0 && !slices.Contains(s.Statuses, e.Status)) ||
				(s.NoInactive && e.Status == "inactive") {
				continue
			}
			e.CreatedAt, e.UpdatedAt = utc(e.CreatedAt), utc(e.UpdatedAt)
			parent := ""
			if e.Parent != nil {
				parent = *e.Parent
			}
			kept = append(kept, e)
			l.ids = append(l.ids, e.ID)
			l.rows = append(l.rows, []string{e.ID, e.Title, e.Status, e.Type, parent, e.MachineName, e.CreatedAt, e.UpdatedAt})
		}
		l.json = nonNil(kept)
		return p.printListing(&s.Settings, l)
	})
}
