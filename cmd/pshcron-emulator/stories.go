package main

import (
	"time"

	"github.com/pshcron/pshcron/emulator"
)

// The default project's crons tell what cron:check and health are for:
// main (production) healthy but for one cron whose last run failed;
// staging with a cron stuck past its timeout and a push pending behind it;
// feature/x with its crons paused. main stays free: `make demo` redeploys
// and backs it up.
var (
	mainCrons = []emulator.Cron{
		{Name: "backup", Spec: "0 3 * * *", Start: "pshcron backup:create --yes --no-wait"},
		{Name: "queue", Spec: "*/15 * * * *", Start: "php bin/console messenger:consume --time-limit=600", Timeout: 900},
		{Name: "sitemap", Spec: "0 */6 * * *", Start: "php bin/console sitemap:generate", Timeout: 1800},
	}
	stagingCrons = []emulator.Cron{
		{Name: "reindex", Spec: "0 * * * *", Start: "php bin/console search:reindex", Stop: "php bin/console search:stop", Timeout: 3600},
	}
	featureCrons = []emulator.Cron{
		{Name: "queue", Spec: "*/15 * * * *", Start: "php bin/console messenger:consume --time-limit=600", Timeout: 900},
	}
)

// storiesSummary is what the startup message says of them.
const storiesSummary = "crons: main healthy but sitemap, whose last run failed; staging's reindex running 3h, past its 1h timeout,\n" +
	"with a push pending behind it for 40m; feature/x's crons paused for 2 days\n" +
	"main backed up at 03:00; staging's custom certificate expires in 12 days\n"

// tellStories configures the crons and lays down their history, relative
// to now.
func tellStories(em *emulator.Server, project string, now time.Time) error {
	em.Configure(project, "main", func(e *emulator.Environment) {
		e.Crons, e.Routes = mainCrons, []string{"https://www.example.com/", "https://example.com/"}
	})
	em.Configure(project, "staging", func(e *emulator.Environment) {
		e.Crons, e.Routes = stagingCrons, []string{"https://staging.example.com/"}
	})
	// What the backup cron made last night, and a custom certificate a
	// person must renew: health shows both.
	night := now.UTC().Truncate(24 * time.Hour).Add(3*time.Hour + time.Minute)
	if night.After(now) {
		night = night.Add(-24 * time.Hour)
	}
	em.AddBackup(project, "main", emulator.Backup{CreatedAt: night})
	em.AddCertificate(project, emulator.Certificate{Domains: []string{"staging.example.com"}, ExpiresAt: now.Add(12 * 24 * time.Hour), Issuer: "Example Corp CA"})
	em.Configure(project, "feature/x", func(e *emulator.Environment) { e.Crons, e.CronsPaused = featureCrons, true })
	if err := em.SeedCronHistory(project, "main", mainCrons, now.Add(-48*time.Hour),
		emulator.SeedOptions{FailLast: []string{"sitemap"}}); err != nil {
		return err
	}
	stuck := now.Add(-3 * time.Hour)
	if err := em.SeedCronHistory(project, "staging", stagingCrons, now.Add(-48*time.Hour),
		emulator.SeedOptions{Until: stuck, Took: 10 * time.Minute}); err != nil {
		return err
	}
	em.AddCronRun(project, "staging", emulator.CronRun{Name: "reindex", Started: stuck, Running: true,
		Log: []string{"$ php bin/console search:reindex", "Reindexing products: 120000 documents", "Batch 1/40 done"}})
	em.AddQueued(project, "staging", "environment.push", now.Add(-40*time.Minute))
	return em.SeedCronHistory(project, "feature/x", featureCrons, now.Add(-5*24*time.Hour),
		emulator.SeedOptions{Until: now.Add(-2 * 24 * time.Hour)})
}
