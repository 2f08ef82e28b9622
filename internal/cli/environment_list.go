package cli

import (
	"context"
	"slices"

	"github.com/pshcron/pshcron/tasks"
)

// environmentList is environment:list (environments, env:list), as real
// scripts call it: --type, --status, --no-inactive, --pipe, --columns,
// --no-header, --format table|plain|csv|json. One GET.
func (p *program) environmentList(ctx context.Context, s *Settings) error {
	client, project, err := p.reader(s)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	envs, err := client.ListEnvironments(ctx, project)
	if err != nil {
		return withTimeout(ctx, err, s.timeout())
	}
	var kept []tasks.Environment
	for _, e := range envs {
		if (len(s.Types) > 0 && !slices.Contains(s.Types, e.Type)) || (len(s.Statuses) > 0 && !slices.Contains(s.Statuses, e.Status)) ||
			(s.NoInactive && e.Status == "inactive") {
			continue
		}
		kept = append(kept, e)
	}
	if s.Pipe {
		var ids [][]string
		for _, e := range kept {
			ids = append(ids, []string{e.ID})
		}
		return printRows(p.stdout, "plain", nil, ids, true)
	}
	format := p.listFormat(s)
	if format == "json" {
		for i := range kept {
			kept[i].CreatedAt, kept[i].UpdatedAt = utc(kept[i].CreatedAt), utc(kept[i].UpdatedAt)
		}
		if kept == nil {
			kept = []tasks.Environment{}
		}
		return writeJSON(p.stdout, kept)
	}
	header := []string{"ID", "Title", "Status", "Type", "Parent", "Machine name", "Created", "Updated"}
	var rows [][]string
	for _, e := range kept {
		parent := ""
		if e.Parent != nil {
			parent = *e.Parent
		}
		rows = append(rows, []string{e.ID, e.Title, e.Status, e.Type, parent, e.MachineName, utc(e.CreatedAt), utc(e.UpdatedAt)})
	}
	columns := s.Columns
	if len(columns) == 0 {
		columns = []string{"id", "title", "status", "type"}
	}
	header, rows, err = pick(columns, header, rows)
	if err != nil {
		return err
	}
	return printRows(p.stdout, format, header, rows, s.NoHeader)
}

// reader connects for a read: no guard, no lock, the project from -p or
// the container.
func (p *program) reader(s *Settings) (*tasks.Client, string, error) {
	project := s.Project
	if project == "" {
		project = p.getenv("PLATFORM_PROJECT")
	}
	if project == "" {
		return nil, "", usageErr("no project: not in a platform container, and no --project", "pass -p PROJECT")
	}
	if err := checkID("project", project); err != nil {
		return nil, "", err
	}
	platform, err := p.platform(s)
	if err != nil {
		return nil, "", err
	}
	client, err := platform.Connect()
	return client, project, err
}
