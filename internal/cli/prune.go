package cli

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/internal/retention"
	"github.com/pshcron/pshcron/tasks"
)

// backup:prune keeps the backups that matter, by restic's policy
// (internal/retention), and deletes the rest of the environment's manual
// backups: one GET, then one DELETE per pruned backup, behind the guard and
// the lock. Automated backups (the platform's own) are never deleted, nor
// the newest restorable backup, nor one that is not complete.

// pruneOptions are backup:prune's: the policy, and --dry-run.
type pruneOptions struct {
	Settings
	dryRunOption
	policyOptions
}

// backupPrune is backup:prune.
func (p *program) backupPrune(ctx context.Context, s *pruneOptions) error {
	if err := checkPolicy(s); err != nil {
		return err
	}
	_, err := p.act(ctx, &s.Settings, scopeTargets, work{lock: "backup:prune", do: func(ctx context.Context, c *tasks.Client, t api.Target, out reporter) error {
		_, err := p.prune(ctx, s, c, t, nil, out)
		return err
	}})
	return err
}

// checkPolicy refuses a policy that keeps nothing, and a deletion that
// was not stated.
func checkPolicy(s *pruneOptions) error {
	switch {
	case s.Keep.Empty():
		return usageErr("the policy keeps nothing: give at least one --keep-* flag",
			"for example --keep-weekly 1 --keep-monthly 2 (for a daily cron: this week's newest backup and last month's last one)")
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

// prune plans and, unless --dry-run, deletes. created is the backup this
// run just made, if any.
func (p *program) prune(ctx context.Context, s *pruneOptions, c *tasks.Client, t api.Target, created *createdBackup, out reporter) ([]pruneRow, error) {
	backups, resp, err := c.ListBackups(ctx, t)
	if err != nil {
		return nil, err
	}
	now := resp.Date
	if now.IsZero() {
		now = time.Now()
	}
	rows := planPrune(backups, s.Keep, t, created, now)
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
				// A deletion cannot be undone: the cron log names each one.
				p.log.Info().Str("backup", rows[i].ID).Str("created_at", rows[i].CreatedAt).Msg("backup deleted by the policy")
			default:
				rows[i].Action, rows[i].Error = "failed", oneLine(err.Error())
				failed = append(failed, rows[i].ID)
				if first == nil {
					first = err
				}
			}
		}
	}
	if out.on() {
		if err := printPrune(out.stdout(), s.Format, rows); err != nil {
			p.log.Warn().Err(err).Msg("cannot write the plan to stdout")
		}
	}
	p.log.Info().Int("backups", len(rows)).Int("deleted", deleted).Int("failed", len(failed)).Str("policy", s.Keep.String()).Msg("backup prune done")
	if first != nil {
		return rows, &pruneError{deleted: deleted, failed: failed, first: first}
	}
	return rows, nil
}

// planPrune applies the policy to the complete, restorable manual backups
// taken of t's environment and dated no later than now (the platform's
// clock); every other backup is listed, kept and not counted, so the policy
// never leaves fewer complete, restorable backups than it says. created names
// a backup this run just made: kept, and counted only once done.
func planPrune(backups []api.Backup, policy retention.Policy, t api.Target, created *createdBackup, now time.Time) []pruneRow {
	var counted []retention.Backup
	var rows []pruneRow
	seenCreated := created == nil
	for _, b := range backups {
		seenCreated = seenCreated || b.ID == created.id()
		at, why := uncounted(b, t, created, now)
		if why != "" {
			rows = append(rows, pruneRow{ID: b.ID, CreatedAt: utc(b.CreatedAt), Action: "keep", Reasons: []string{why}})
			continue
		}
		counted = append(counted, retention.Backup{ID: b.ID, CreatedAt: at})
	}
	if !seenCreated && created.ID != "" {
		// Just accepted, not listed yet.
		rows = append(rows, pruneRow{ID: created.ID, CreatedAt: now.UTC().Format(time.RFC3339), Action: "keep", Reasons: []string{"just created: not listed yet, not counted"}})
	}
	protectNewest(counted)
	for _, d := range retention.Apply(counted, policy) {
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

// createdBackup is the backup a backup:create run just made.
type createdBackup struct {
	ID   string
	Done bool // its activity completed with success (--wait)
	// Since is when its activity was created (the platform's clock): when
	// the answer named no backup, any backup since may be it.
	Since time.Time
}

func (c *createdBackup) id() string {
	if c == nil {
		return ""
	}
	return c.ID
}

// pending reports whether b may be the created backup, not yet complete.
func (c *createdBackup) pending(b api.Backup, at time.Time) bool {
	switch {
	case c == nil || c.Done:
		return false
	case c.ID != "":
		return b.ID == c.ID
	}
	return !c.Since.IsZero() && !at.Before(c.Since)
}

// uncounted returns the backup's date, or why the policy does not count it
// (it is kept): never a backup of another environment, one not known to be
// complete and restorable, or one dated after the platform's now, which
// would anchor --keep-within and take the newest one's protection.
func uncounted(b api.Backup, t api.Target, created *createdBackup, now time.Time) (time.Time, string) {
	at, err := time.Parse(time.RFC3339, b.CreatedAt)
	switch {
	case err != nil:
		return at, "no readable date"
	case b.Environment != "" && b.Environment != t.Environment:
		return at, "taken of environment " + b.Environment + ", not " + t.Environment + ": never deleted from here"
	case created.pending(b, at):
		return at, "just created: not complete yet, not counted"
	case b.Automated:
		return at, "automated: the platform's own"
	case b.Status != "CREATED":
		return at, "not complete (" + strings.ToLower(b.Status) + ")"
	case !b.Restorable:
		return at, "not restorable: not counted"
	case at.After(now):
		return at, "dated after the platform's now (" + now.UTC().Format(time.RFC3339) + "): not counted"
	}
	return at, ""
}

// protectNewest protects the newest of the counted backups: whatever the
// policy, the environment keeps one complete, restorable backup.
func protectNewest(counted []retention.Backup) {
	newest := -1
	for i, b := range counted {
		if newest < 0 || b.CreatedAt.After(counted[newest].CreatedAt) {
			newest = i
		}
	}
	if newest >= 0 {
		counted[newest].Protected, counted[newest].Why = true, "the newest restorable backup"
	}
}

func printPrune(w io.Writer, format string, rows []pruneRow) error {
	if format == "json" {
		if rows == nil {
			rows = []pruneRow{}
		}
		return writeJSON(w, rows)
	}
	var table [][]string
	for _, r := range rows {
		why := strings.Join(r.Reasons, ", ")
		if r.Error != "" {
			why = r.Error
		}
		table = append(table, []string{r.ID, r.CreatedAt, r.Action, why})
	}
	return printRows(w, "table", []string{"BACKUP", "CREATED", "ACTION", "WHY"}, table, false)
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
