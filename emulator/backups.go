package emulator

import (
	"sort"
	"time"
)

// An environment's backups, as the platform lists them, and their seeding
// for tests of retention and backup:check.

type backup struct {
	id      string
	created time.Time
	safe    bool
	act     *activity
	// As a seeded history sets them: the platform's scheduled backups are
	// automated; a backup being made or deleted is not CREATED.
	automated, unrestorable bool
	status                  string
	env                     string // another environment's, as a seeded history may say
}

// Backup seeds an environment's history, for tests of retention.
type Backup struct {
	ID           string
	CreatedAt    time.Time
	Automated    bool
	Status       string // CREATED by default; DELETING, ...
	Unrestorable bool
	// Environment is the environment it says it was taken of, when not
	// the one whose list holds it.
	Environment string
}

// AddBackup adds a backup to an environment's history.
func (s *Server) AddBackup(projectID, envID string, b Backup) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.projects[projectID].envs[envID]
	if b.ID == "" {
		b.ID = s.nextID("b")
	}
	e.backups = append(e.backups, &backup{id: b.ID, created: b.CreatedAt, safe: true, automated: b.Automated,
		unrestorable: b.Unrestorable, status: b.Status, env: b.Environment})
	sort.SliceStable(e.backups, func(i, j int) bool { return e.backups[i].created.Before(e.backups[j].created) })
}

// Backups lists the ids of an environment's backups.
func (s *Server) Backups(projectID, envID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for _, b := range s.projects[projectID].envs[envID].backups {
		ids = append(ids, b.id)
	}
	return ids
}
