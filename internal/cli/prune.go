package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/pshcron/pshcron/internal/retention"
	"github.com/pshcron/pshcron/tasks"
)

// backup:prune keeps the backups that matter, by restic's policy
// (internal/retention), and deletes the rest of the environment's manual
// backups: one GET, then one DELETE per pruned backup, behind the guard and
// the lock. Automated backups (the platform's own) are never deleted, nor
// the newest restorable backup, nor one that is not complete.

// backupPrune is backup:prune.
func (p *program) backupPrune(ctx context.Context, s *Settings) error {
	if err := checkPolicy(s); err != nil {
		return err
	}
	return p.actOnTarget(ctx, s, "backup:prune", func(ctx context.Context, c *tasks.Client, t tasks.Target) error {
		return p.prune(ctx, s, c, t, "")
	})
}

// checkPolicy refuses a policy that keeps nothing, and a deletion that
// was not stated.
func checkPolicy(s *Settings) error {
	switch {
	case s.Keep.Empty():
		return usageErr("the policy keeps nothing: give at least one --keep-* flag",
			"for example --keep-weekly 3 (for a daily cron: today's backup and the last two Sundays', up to 14 days back)")
	case !s.DryRun && !s.Yes:
		return usageErr("backup:prune deletes backups only with --yes", "pshcron never asks: see the plan with --dry-run, then add --yes")
	}
	return nil
}

// pruneRow is one backup in the plan.
type pruneRow struct {
	ID        string   `json:"id"`
	CreatedAt string   `json:"created_at"`
	Action    string   `json:"action"` // keep, delete, deleted, failed
	Reasons   []string `json:"reasons"`
	Error     string   `json:"error,omitempty"`
}

// prune plans and, unless --dry-run, deletes. created names a backup just
// accepted, counted as the newest even before the list shows it.
func (p *program) prune(ctx context.Context, s *Settings, c *tasks.Client, t tasks.Target, created string) error {
	backups, now, err := c.ListBackupsAt(ctx, t)
	if err != nil {
		return err
	}
	if now.IsZero() {
		now = time.Now()
	}
	rows := planPrune(backups, s.Keep, created, now)
	var failed []string
	var first error
	deleted := 0
	if !s.DryRun {
		for i := range rows {
			if rows[i].Action != "delete" {
				continue
			}
			err := c.DeleteBackup(ctx, t, rows[i].ID)
			switch {
			case err == nil || isStatus(err, 404): // already gone counts as deleted
				rows[i].Action = "deleted"
				deleted++
			default:
				rows[i].Action, rows[i].Error = "failed", oneLine(err.Error())
				failed = append(failed, rows[i].ID)
				if first == nil {
					first = err
				}
			}
		}
	}
	if !s.Quiet {
		if err := printPrune(p, s, rows); err != nil {
			p.log.Warn().Err(err).Msg("cannot write the plan to stdout")
		}
	}
	p.log.Info().Int("backups", len(rows)).Int("deleted", deleted).Int("failed", len(failed)).Str("policy", s.Keep.String()).Msg("backup prune done")
	if first != nil {
		return &pruneError{deleted: deleted, failed: failed, first: first}
	}
	return nil
}

// planPrune applies the policy to the manual backups, the protected ones
// kept whatever it says; automated backups are listed, kept.
func planPrune(backups []tasks.BackupInfo, policy retention.Policy, created string, now time.Time) []pruneRow {
	newestRestorable := ""
	var newestAt time.Time
	var manual []retention.Backup
	var rows []pruneRow
	seenCreated := created == ""
	for _, b := range backups {
		at, err := time.Parse(time.RFC3339, b.CreatedAt)
		if err != nil {
			rows = append(rows, pruneRow{ID: b.ID, CreatedAt: b.CreatedAt, Action: "keep", Reasons: []string{"no readable date"}})
			continue
		}
		seenCreated = seenCreated || b.ID == created
		if b.Restorable && b.Status == "CREATED" && (newestRestorable == "" || at.After(newestAt)) {
			newestRestorable, newestAt = b.ID, at
		}
		switch {
		case b.Automated:
			rows = append(rows, pruneRow{ID: b.ID, CreatedAt: utc(b.CreatedAt), Action: "keep", Reasons: []string{"automated: the platform's own"}})
		case b.Status != "CREATED":
			// Kept, and not counted: it fills no period of the policy.
			rows = append(rows, pruneRow{ID: b.ID, CreatedAt: utc(b.CreatedAt), Action: "keep", Reasons: []string{"not complete (" + strings.ToLower(b.Status) + ")"}})
		default:
			manual = append(manual, retention.Backup{ID: b.ID, CreatedAt: at})
		}
	}
	if !seenCreated {
		// Just accepted, not listed yet: the newest, and protected.
		manual = append(manual, retention.Backup{ID: created, CreatedAt: now, Protected: true, Why: "just created"})
	}
	for i := range manual {
		if manual[i].ID == newestRestorable || manual[i].ID == created {
			manual[i].Protected = true
			if manual[i].Why == "" {
				manual[i].Why = "the newest restorable backup"
			}
		}
	}
	for _, d := range retention.Apply(manual, policy) {
		row := pruneRow{ID: d.Backup.ID, CreatedAt: d.Backup.CreatedAt.UTC().Format(time.RFC3339), Action: "delete", Reasons: d.Reasons}
		if d.Keep {
			row.Action = "keep"
		}
		rows = append(rows, row)
	}
	// Newest first, as the platform lists them.
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].CreatedAt > rows[j].CreatedAt })
	return rows
}

func printPrune(p *program, s *Settings, rows []pruneRow) error {
	if s.Format == "json" {
		if rows == nil {
			rows = []pruneRow{}
		}
		return writeJSON(p.stdout, rows)
	}
	var table [][]string
	for _, r := range rows {
		why := strings.Join(r.Reasons, ", ")
		if r.Error != "" {
			why = r.Error
		}
		table = append(table, []string{r.ID, r.CreatedAt, r.Action, why})
	}
	return printRows(p.stdout, "table", []string{"BACKUP", "CREATED", "ACTION", "WHY"}, table, false)
}

// pruneError is a prune that could not delete every backup it meant to.
type pruneError struct {
	deleted int
	failed  []string
	first   error
}

func (e *pruneError) Error() string {
	return fmt.Sprintf("deleted %d backup(s); not deleted: %s (first: %v)", e.deleted, strings.Join(e.failed, ", "), e.first)
}

func (e *pruneError) Unwrap() error { return e.first }

// Hint says how to finish.
func (e *pruneError) Hint() string { return "run it again: a second run finishes the job" }
