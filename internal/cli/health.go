package cli

import (
	"context"
	"sync"
	"time"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/tasks"
)

// healthOptions are health's: the backups' --max-age, the crons'
// --window, the certificates' --within and --ignore-domain.
type healthOptions struct {
	Settings
	maxAgeOption
	windowOption
	certPolicyOptions
}

// health is health: one view per environment of what a person checks by
// hand (status, backups, certificates, crons, activities), for one
// environment, a selection or a fleet, read concurrently; as a table, one
// JSON document or one self-contained HTML page. Exit 1 unless every
// environment is green.
func (p *program) health(ctx context.Context, s *healthOptions) error {
	certs := &projectCerts{lists: map[string]*certList{}}
	reports, err := survey(ctx, p, &s.Settings, func(ctx context.Context, c *tasks.Client, at surveyTarget) (healthReport, error) {
		return readHealth(ctx, c, at, s, certs)
	})
	made := time.Now().UTC().Truncate(time.Second)
	if err != nil {
		return p.healthUnread(s, made, err)
	}
	switch {
	case s.Format == "json":
		p.holdJSON(healthDocument(reports, made))
	case s.Format == "html":
		if err := renderHealthPage(p.stdout, reports, made); err != nil {
			return err
		}
	case len(reports) == 1 && reports[0].skipped != "":
		return nil // the guard's skip: logged, no table
	default:
		if err := p.printHealthTable(reports); err != nil {
			return err
		}
	}
	return surveyErr(reports, func(r healthReport) error {
		if r.Verdict == verdictOK {
			return nil
		}
		return &unhealthyError{report: r, where: r.where}
	})
}

// healthUnread is health when no environment could be read (a rejected
// token, a project that cannot be listed): the document and the page still
// come, saying so, for the CI job that keeps them.
func (p *program) healthUnread(s *healthOptions, made time.Time, err error) error {
	switch s.Format {
	case "json":
		p.holdJSON(healthDocument(nil, made)) // the error goes inside it
	case "html":
		t, _ := p.projectOf(&s.Settings)
		unread := []surveyed[healthReport]{{target: api.Target{Project: t.Project, Environment: "-"}, err: err}}
		if rerr := renderHealthPage(p.stdout, unread, made); rerr != nil {
			p.log.Warn().Err(rerr).Msg("cannot write the page")
		}
	}
	return err
}

// readHealth reads one environment's facts, backups and certificates (the
// backups beside the facts; the project's certificates once a project) and
// judges them.
func readHealth(ctx context.Context, c *tasks.Client, at surveyTarget, s *healthOptions, certs *projectCerts) (healthReport, error) {
	t := at.Target
	var backups []api.Backup
	var backupsErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		backups, _, backupsErr = c.ListBackups(ctx, t)
	}()
	facts, err := c.ReadFacts(ctx, t, at.env, s.Window)
	var list []api.Certificate
	if err == nil {
		list, err = certs.get(ctx, c, t.Project)
	}
	wg.Wait()
	if err == nil {
		err = backupsErr
	}
	if err != nil {
		return healthReport{}, err
	}
	return judgeHealth(facts, backups, list, s, at.where), nil
}

// projectCerts lists each project's certificates once in a run: every
// environment of a project shares them.
type projectCerts struct {
	mu    sync.Mutex
	lists map[string]*certList
}

type certList struct {
	once  sync.Once
	certs []api.Certificate
	err   error
}

func (pc *projectCerts) get(ctx context.Context, c *tasks.Client, project string) ([]api.Certificate, error) {
	pc.mu.Lock()
	l, ok := pc.lists[project]
	if !ok {
		l = &certList{}
		pc.lists[project] = l
	}
	pc.mu.Unlock()
	l.once.Do(func() { l.certs, _, l.err = c.ListCertificates(ctx, project) })
	return l.certs, l.err
}
