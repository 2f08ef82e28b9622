package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/internal/termsafe"

	"github.com/pshcron/pshcron/tasks"
)

// backupCreateOptions are backup:create's: --live, and a retention policy.
type backupCreateOptions struct {
	Settings
	liveOption
	policyOptions
}

// backupCreate is backup:create: POST .../backup with {"safe": true}, or
// false with --live; with --keep-* flags, once the platform accepted it,
// the environment's backups are pruned by that policy (see prune.go). The
// new backup is kept and not counted until it is complete, so the policy
// never leaves fewer complete backups than it says. Like backup:prune, it
// deletes only with --yes; without, it says what it would delete.
func (p *program) backupCreate(ctx context.Context, s *backupCreateOptions) error {
	res, err := p.act(ctx, &s.Settings, scopeTargets, work{action: tasks.Backup{Live: s.Live}})
	if err != nil || s.Keep.Empty() || res == nil || res.Skipped {
		return err
	}
	created := &createdBackup{}
	if act := res.Activity; act != nil {
		created.ID, created.Done = act.BackupName(), act.State == api.StateComplete && act.Result == "success"
		created.Since, _ = time.Parse(time.RFC3339, act.CreatedAt)
	}
	policy := &pruneOptions{Settings: s.Settings, policyOptions: s.policyOptions, dryRunOption: dryRunOption{DryRun: !s.Yes}}
	_, err = p.act(ctx, &policy.Settings, scopeTargets, work{lock: "backup:prune", do: func(ctx context.Context, c *tasks.Client, t api.Target, _ reporter) error {
		// stdout is the backup's id and name, as without a policy.
		rows, err := p.prune(ctx, policy, c, t, created, reporter{p: p, silent: true})
		if err == nil && policy.DryRun {
			p.wouldDelete(rows)
		}
		return err
	}})
	return err
}

// wouldDelete says what a --keep-* policy would have deleted without --yes,
// and how to allow it.
func (p *program) wouldDelete(rows []pruneRow) {
	var ids []string
	for _, r := range rows {
		if r.Action == "delete" {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 {
		return
	}
	p.log.Warn().Strs("would_delete", ids).Str("hint", "add --yes to let backup:create delete by its --keep-* policy; see the plan with pshcron backup:prune --dry-run").
		Msg(fmt.Sprintf("not deleting without --yes: the policy would delete %d backup(s): %s", len(ids), strings.Join(ids, ", ")))
}

// backupList is backup:list (backups): the environment's backups, newest
// first. One GET.
func (p *program) backupList(ctx context.Context, s *Settings) error {
	return p.read(ctx, s, scopeEnvironment, func(ctx context.Context, c *tasks.Client, t api.Target) error {
		backups, _, err := c.ListBackups(ctx, t)
		if err != nil {
			return err
		}
		l := listing{header: []string{"ID", "Created", "Status", "Restorable", "Automated", "Safe", "Expires"},
			columns: []string{"id", "created", "status", "restorable", "automated"}}
		for i := range backups {
			b := &backups[i]
			b.CreatedAt, b.ExpiresAt = utc(b.CreatedAt), utc(b.ExpiresAt)
			l.ids = append(l.ids, b.ID)
			l.rows = append(l.rows, []string{b.ID, b.CreatedAt, b.Status, yesNo(b.Restorable), yesNo(b.Automated), yesNo(b.Safe), b.ExpiresAt})
		}
		l.json = nonNil(backups)
		return p.printListing(s, l)
	})
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// backupGet is backup:get ID. One GET.
func (p *program) backupGet(ctx context.Context, s *Settings) error {
	if len(s.Args) != 1 {
		return usageErr("backup:get takes one backup id", "list them with: pshcron backup:list")
	}
	return p.read(ctx, s, scopeEnvironment, func(ctx context.Context, c *tasks.Client, t api.Target) error {
		b, _, err := c.GetBackup(ctx, t, s.Args[0])
		if err != nil {
			return err
		}
		b.CreatedAt, b.ExpiresAt = utc(b.CreatedAt), utc(b.ExpiresAt)
		if s.Format == "json" {
			return writeJSON(p.stdout, b)
		}
		rows := [][]string{{"id", b.ID}, {"created_at", b.CreatedAt}, {"status", b.Status}, {"restorable", yesNo(b.Restorable)},
			{"automated", yesNo(b.Automated)}, {"safe", yesNo(b.Safe)}, {"expires_at", b.ExpiresAt}}
		return printRows(p.stdout, "table", nil, rows, true)
	})
}

// backupDelete is backup:delete ID: behind the guard and the lock, and only
// with --yes, since pshcron never asks.
func (p *program) backupDelete(ctx context.Context, s *Settings) error {
	if len(s.Args) != 1 {
		return usageErr("backup:delete takes one backup id", "list them with: pshcron backup:list")
	}
	id := s.Args[0]
	if !s.Yes {
		return usageErr("backup:delete deletes backup "+id+" only with --yes", "pshcron never asks: add --yes to state the deletion")
	}
	_, err := p.act(ctx, s, scopeTargets, work{lock: "backup " + id, do: func(ctx context.Context, c *tasks.Client, t api.Target, out reporter) error {
		if err := c.DeleteBackup(ctx, t, id); err != nil {
			return err
		}
		p.log.Info().Str("backup", id).Msg("backup deleted")
		_, err := fmt.Fprintln(out.stdout(), termsafe.String(id))
		return err
	}})
	return err
}

// backupRestoreOptions are backup:restore's: where to, and what.
type backupRestoreOptions struct {
	Settings
	restoreOptions
}

// backupRestore is backup:restore ID, refused without --yes: a restore
// replaces an environment's data (and code, unless --no-code).
func (p *program) backupRestore(ctx context.Context, s *backupRestoreOptions) error {
	if len(s.Args) != 1 {
		return usageErr("backup:restore takes one backup id", "list them with: pshcron backup:list")
	}
	if !s.Yes {
		return usageErr("backup:restore restores backup "+s.Args[0]+" only with --yes",
			"pshcron never asks: add --yes to state the restore")
	}
	if s.BranchFrom != "" && s.Target == "" {
		return usageErr("--branch-from needs --target", "--branch-from is the parent of a --target environment that does not exist yet")
	}
	restore := tasks.Restore{Backup: s.Args[0], Target: s.Target, BranchFrom: s.BranchFrom, NoCode: s.NoCode, NoResources: s.NoResources}
	res, err := p.act(ctx, &s.Settings, scopeTargets, work{action: restore})
	if err == nil && res != nil && !res.Skipped {
		what := "code and data"
		if s.NoCode {
			what = "data"
		}
		over := restore.Overwrites(api.Target{Project: res.Project, Environment: res.Environment})
		p.log.Info().Str("backup", restore.Backup).Str("overwrites", over).
			Msg("restoring backup " + restore.Backup + " over environment " + over + ": its " + what + " are replaced")
	}
	return err
}
