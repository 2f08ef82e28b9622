package cli

import (
	"context"

	"github.com/pshcron/pshcron/tasks"
)

// backupCreate is backup:create: POST .../backup with {"safe": true}, or
// false with --live.
func (p *program) backupCreate(ctx context.Context, s *Settings) error {
	w, err := p.locate(s)
	if err != nil {
		return err
	}
	return p.runAction(ctx, s, w, tasks.Backup{Live: s.Live}, nil)
}

// backupList is backup:list (backups): the environment's backups, newest
// first. One GET.
func (p *program) backupList(ctx context.Context, s *Settings) error {
	client, t, err := p.readTarget(s, true)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	backups, err := client.ListBackups(ctx, t)
	if err != nil {
		return withTimeout(ctx, err, s.timeout())
	}
	if s.Pipe {
		var ids [][]string
		for _, b := range backups {
			ids = append(ids, []string{b.ID})
		}
		return printRows(p.stdout, "plain", nil, ids, true)
	}
	format := p.listFormat(s)
	if format == "json" {
		for i := range backups {
			backups[i].CreatedAt, backups[i].ExpiresAt = utc(backups[i].CreatedAt), utc(backups[i].ExpiresAt)
		}
		if backups == nil {
			backups = []tasks.BackupInfo{}
		}
		return writeJSON(p.stdout, backups)
	}
	header := []string{"ID", "Created", "Status", "Restorable", "Automated", "Safe", "Expires"}
	var rows [][]string
	for _, b := range backups {
		rows = append(rows, []string{b.ID, utc(b.CreatedAt), b.Status, yesNo(b.Restorable), yesNo(b.Automated), yesNo(b.Safe), utc(b.ExpiresAt)})
	}
	columns := s.Columns
	if len(columns) == 0 {
		columns = []string{"id", "created", "status", "restorable", "automated"}
	}
	header, rows, err = pick(columns, header, rows)
	if err != nil {
		return err
	}
	return printRows(p.stdout, format, header, rows, s.NoHeader)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
