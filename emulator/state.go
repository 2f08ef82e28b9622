package emulator

import (
	"fmt"
	"sort"
	"time"
)

// Environment configures one environment of a project.
type Environment struct {
	ID     string // the API id, such as "main" or "feature/x"
	Type   string // production, staging or development
	Status string // active (default), inactive, ...
	// SourceOperations names the operations the app defines.
	SourceOperations []string
	// FailActivities makes this environment's activities end in failure.
	FailActivities bool
	// ManualDeploy is an environment with manual deployments: its source
	// operations end staged, waiting for a deploy, instead of complete.
	ManualDeploy bool
	// Routes are the environment's resolved route URLs, such as
	// https://www.example.com/ (upstream routes to app:http).
	Routes []string
	// Parent is the environment it was branched from; "" means the
	// project's production environment, for any other type.
	Parent string
	// RollingDeploy is an environment that can deploy without downtime
	// (can_rolling_deploy).
	RollingDeploy bool
	// Crons are the crons of the current deployment's apps
	// (webapps.{app}.crons); none still serves the web app "app".
	Crons []Cron
	// CronsPaused is an environment whose crons the platform paused (a
	// preview environment with no deploy in 14 days):
	// deployment_state.crons says so, and SeedCronHistory lays no run on
	// it past its Until.
	CronsPaused bool
	// Timezone is the apps' timezone, in which cron specs are read ("" is
	// none: UTC).
	Timezone string
}

// Certificate configures one of a project's TLS certificates.
type Certificate struct {
	ID          string
	Domains     []string
	ExpiresAt   time.Time
	Provisioned bool // Let's Encrypt, managed by the platform
	Invalid     bool
	Issuer      string // the issuer's common name
}

type project struct {
	vars         map[string]*variable
	id           string
	created      time.Time
	envs         map[string]*environment
	activities   []*activity
	certificates []Certificate
}

type environment struct {
	vars map[string]*variable
	Environment
	created time.Time
	backups []*backup
}

type activity struct {
	id, typ, env string
	created      time.Time
	payload      map[string]any
	fail         bool
	staged       bool // waits for a deploy once it has run
	cancelled    bool
	held         bool // stays pending (a queued cron, say), for tests
	cancelledAt  time.Time
	// A cron run keeps its own times (timed): it started at started and
	// ran for took, or runs until cancelled (running); its log lines and
	// parameters are its own.
	timed, running bool
	started        time.Time
	took           time.Duration
	params         map[string]any
	lines          []string
	// behind is the running cron a queued activity waits for: it stays
	// pending until that one ends, then runs as a new one does.
	behind *activity
}

// AddProject creates a project with its environments.
func (s *Server) AddProject(id string, envs ...Environment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := &project{id: id, created: s.opts.Now().Add(-24 * time.Hour), envs: map[string]*environment{}}
	for _, e := range envs {
		if e.Status == "" {
			e.Status = "active"
		}
		if e.Type == "" {
			e.Type = "development"
		}
		p.envs[e.ID] = &environment{Environment: e, created: p.created}
	}
	s.projects[id] = p
}

// AddCertificate adds a certificate to a project.
func (s *Server) AddCertificate(projectID string, c Certificate) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.projects[projectID]
	if c.ID == "" {
		c.ID = fmt.Sprintf("cert%d", len(p.certificates)+1)
	}
	p.certificates = append(p.certificates, c)
}

// Activity is a snapshot of an activity, for tests.
type Activity struct {
	ID, Type, Environment, State, Result string
	Payload                              map[string]any
}

// Activities lists a project's activities, oldest first.
func (s *Server) Activities(projectID string) []Activity {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Activity
	for _, a := range s.projects[projectID].activities {
		st, res, _ := s.progress(a)
		out = append(out, Activity{a.id, a.typ, a.env, st, res, a.payload})
	}
	return out
}

// AddActivities records n completed activities of type typ on an
// environment, as a busy project's crons do, for tests of filtered lists.
func (s *Server) AddActivities(projectID, envID, typ string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.projects[projectID]
	for range n {
		s.newActivity(p, p.envs[envID], typ, map[string]any{})
	}
}

// AddActivity records an activity of type typ on an environment in state
// pending (it stays so: a busy environment), staged (it waits for a
// deploy) or complete.
func (s *Server) AddActivity(projectID, envID, typ, state string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.projects[projectID]
	a := s.newActivity(p, p.envs[envID], typ, map[string]any{})
	a.held, a.staged = state == "pending", state == "staged"
	if !a.held {
		a.created = a.created.Add(-s.opts.PendingFor - s.opts.RunningFor) // it has run
		// Still in order of creation, as the list's starts_at needs.
		sort.SliceStable(p.activities, func(i, j int) bool { return p.activities[i].created.Before(p.activities[j].created) })
	}
}

// Configure changes an environment's configuration (its status,
// RollingDeploy, ...) in place.
func (s *Server) Configure(projectID, envID string, f func(*Environment)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(&s.projects[projectID].envs[envID].Environment)
}

// Status returns an environment's status (active, paused, ...), or "" for
// none.
func (s *Server) Status(projectID, envID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.projects[projectID]
	if p == nil || p.envs[envID] == nil {
		return ""
	}
	return p.envs[envID].Status
}

// nextID returns a fresh id with a prefix; callers hold s.mu.
func (s *Server) nextID(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s%07x", prefix, s.seq*0x9e37%0xfffffff)
}

// newActivity records an activity; callers hold s.mu.
func (s *Server) newActivity(p *project, e *environment, typ string, payload map[string]any) *activity {
	a := &activity{id: s.nextID("a"), typ: typ, env: e.ID, created: s.opts.Now(), payload: payload, fail: e.FailActivities,
		staged: e.ManualDeploy && typ == "environment.source-operation"}
	insertActivity(p, a)
	return a
}

// insertActivity keeps a project's activities in order of creation (a
// seeded run may be older than the newest), after any created at the same
// time; callers hold s.mu.
func insertActivity(p *project, a *activity) {
	i := sort.Search(len(p.activities), func(i int) bool { return p.activities[i].created.After(a.created) })
	p.activities = append(p.activities, nil)
	copy(p.activities[i+1:], p.activities[i:])
	p.activities[i] = a
}

// clock is when an activity's own clock starts: its creation, or, for one
// queued behind a cron, the moment that cron ended; false while it still
// waits. Callers hold s.mu.
func (s *Server) clock(a *activity) (time.Time, bool) {
	if a.behind == nil {
		return a.created, true
	}
	b := a.behind
	switch st, _, _ := s.progress(b); {
	case st == "cancelled":
		return b.cancelledAt, true
	case st == "pending" || st == "in_progress":
		return time.Time{}, false
	case b.timed:
		return b.started.Add(b.took), true
	}
	return a.created, true
}

// progress tells an activity's state from its age; callers hold s.mu.
func (s *Server) progress(a *activity) (state, result string, percent int) {
	if a.timed && !a.cancelled {
		return s.timedProgress(a)
	}
	base, ok := s.clock(a)
	age := s.opts.Now().Sub(base)
	switch {
	case a.cancelled:
		return "cancelled", "", 0
	case !ok || a.held || age < s.opts.PendingFor:
		return "pending", "", 0
	case age < s.opts.PendingFor+s.opts.RunningFor:
		done := age - s.opts.PendingFor
		return "in_progress", "", int(100 * done / s.opts.RunningFor)
	case a.staged:
		return "staged", "", 100
	case a.fail:
		return "complete", "failure", 100
	default:
		return "complete", "success", 100
	}
}

func sortedEnvs(p *project) []*environment {
	envs := make([]*environment, 0, len(p.envs))
	for _, e := range p.envs {
		envs = append(envs, e)
	}
	sort.Slice(envs, func(i, j int) bool { return envs[i].ID < envs[j].ID })
	return envs
}
