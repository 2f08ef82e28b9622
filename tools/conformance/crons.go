package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pshcron/pshcron/emulator"
)

// Staging's cron history is longer than one page of the list (the emulator
// answers at most 100), so the official activity:list pages back through
// it with starts_at as its ActivityLoader does: the emulator must honour
// the form the PHP client sends (unescaped, +00:00).

// cronRunsShown is how many runs the step asks for: more than a page.
const cronRunsShown = 120

// seedCronHistory gives staging two days of a cron every 15 minutes.
func seedCronHistory(em *emulator.Server, project string) error {
	crons := []emulator.Cron{{Name: "queue", Spec: "*/15 * * * *", Start: "php queue.php"}}
	em.Configure(project, "staging", func(e *emulator.Environment) { e.Crons = crons })
	return em.SeedCronHistory(project, "staging", crons, time.Now().Add(-48*time.Hour), emulator.SeedOptions{})
}

// cronStep lists staging's newest cron runs, ids only.
var cronStep = step{[]string{"activity:list", "-e", "staging", "--type", "cron", "--limit", fmt.Sprint(cronRunsShown),
	"--format", "csv", "--columns", "id", "--no-header"}, readOnly(pagedCronRuns), false}

// pagedCronRuns: the CLI shows staging's newest runs, more than a page, in
// the emulator's order, each once, after asking with starts_at.
func pagedCronRuns(h *harness, out output) error {
	var want []string
	acts := h.em.Activities(h.project)
	for i := len(acts) - 1; i >= 0 && len(want) < cronRunsShown; i-- {
		if acts[i].Environment == "staging" && acts[i].Type == "environment.cron" {
			want = append(want, acts[i].ID)
		}
	}
	// starts_at is inclusive: the run at the boundary comes again and the
	// loader drops it, so its last page of one may bring nothing new and
	// the list may end one short.
	got := strings.Fields(out.stdout)
	if len(got) <= 100 || len(got) > len(want) || !slices.Equal(got, want[:len(got)]) {
		return fmt.Errorf("the CLI lists %d runs, not the newest %d in order, more than a page: %s", len(got), len(want), lastLines(out.stdout, 3))
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, x := range h.exchanges {
		if strings.Contains(x.Query, "starts_at=") {
			return nil
		}
	}
	return fmt.Errorf("the CLI never paged with starts_at")
}
