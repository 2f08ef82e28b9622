package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/tasks"
)

// backupCheckOptions are backup:check's: --max-age.
type backupCheckOptions struct {
	Settings
	maxAgeOption
}

// backupCheck is backup:check: exit 0 when the environment's newest
// restorable backup is younger than --max-age, 1 with what was found
// otherwise, so a monitor (--ping) learns "no restorable backup in a day",
// not just "a backup was accepted". Ages are judged on the platform's clock.
// One GET, behind the guard as the backup cron is.
func (p *program) backupCheck(ctx context.Context, s *backupCheckOptions) error {
	_, err := p.act(ctx, &s.Settings, scopeTargets, work{lock: "backup:check", do: func(ctx context.Context, c *tasks.Client, t api.Target, out reporter) error {
		backups, resp, err := c.ListBackups(ctx, t)
		if err != nil {
			return err
		}
		now := resp.Date
		if now.IsZero() {
			now = time.Now()
		}
		v := judgeBackups(backups, now, s.MaxAge)
		if s.Format == "json" {
			out.hold(&v)
		} else {
			fmt.Fprintln(out.stdout(), v.Verdict+": "+v.Detail)
		}
		if v.Verdict != "ok" {
			return &backupCheckError{detail: v.Detail}
		}
		p.log.Info().Str("backup", v.Newest).Msg("backup check: " + v.Detail)
		return nil
	}})
	return err
}

// backupVerdict is what backup:check found.
type backupVerdict struct {
	Verdict    string  `json:"verdict"` // ok, none, unrestorable, too-old
	Detail     string  `json:"detail"`
	Newest     string  `json:"newest_restorable,omitempty"`
	CreatedAt  string  `json:"created_at,omitempty"`
	AgeSeconds float64 `json:"age_seconds,omitempty"`
	MaxAge     float64 `json:"max_age_seconds"`
	Backups    int     `json:"backups"`
	failure
}

func judgeBackups(backups []api.Backup, now time.Time, maxAge time.Duration) backupVerdict {
	v := backupVerdict{MaxAge: maxAge.Seconds(), Backups: len(backups)}
	var newest *api.Backup
	var newestAt time.Time
	for i := range backups {
		b := &backups[i]
		at, err := time.Parse(time.RFC3339, b.CreatedAt)
		if err != nil || b.Status != "CREATED" || !b.Restorable {
			continue
		}
		if newest == nil || at.After(newestAt) {
			newest, newestAt = b, at
		}
	}
	switch {
	case len(backups) == 0:
		v.Verdict, v.Detail = "none", "the environment has no backup"
	case newest == nil:
		v.Verdict, v.Detail = "unrestorable", fmt.Sprintf("none of its %d backups is complete and restorable", len(backups))
	default:
		age := now.Sub(newestAt)
		v.Newest, v.CreatedAt, v.AgeSeconds = newest.ID, newestAt.UTC().Format(time.RFC3339), age.Seconds()
		v.Verdict = "ok"
		if age > maxAge {
			v.Verdict = "too-old"
		}
		v.Detail = fmt.Sprintf("the newest restorable backup, %s, is %s old (at most %s)", newest.ID, roundAge(age), shortDuration(maxAge))
	}
	return v
}

// roundAge writes an age to the minute, or the second under one.
func roundAge(d time.Duration) string {
	if d < time.Minute {
		return shortDuration(d.Round(time.Second))
	}
	return shortDuration(d.Round(time.Minute))
}

// backupCheckError is a check that found no recent restorable backup.
type backupCheckError struct{ detail string }

func (e *backupCheckError) Error() string { return "backup check failed: " + e.detail }

// Hint says what to look at.
func (e *backupCheckError) Hint() string {
	return "look at the backup cron (pshcron backup:create --yes --no-wait), and at the environment's activities: pshcron activity:list --type environment.backup"
}
