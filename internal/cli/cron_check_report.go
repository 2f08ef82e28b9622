package cli

import (
	"strconv"
	"strings"

	"github.com/pshcron/pshcron/tasks"
)

// cronCheckDoc is cron:check's JSON: one document, an entry an
// environment, whatever their number.
type cronCheckDoc struct {
	Verdict      string         `json:"verdict"` // ok, or fail when a cron needs attention or an environment is unread
	Environments []cronCheckEnv `json:"environments"`
	failure
}

// cronCheckEnv is one environment's crons, or why they were not read.
type cronCheckEnv struct {
	Project     string `json:"project"`
	Environment string `json:"environment"`
	Skipped     string `json:"skipped,omitempty"`
	Error       string `json:"error,omitempty"`
	*tasks.CronReport
}

func cronCheckDocument(reports []surveyed[tasks.CronReport]) *cronCheckDoc {
	doc := &cronCheckDoc{Verdict: "ok", Environments: []cronCheckEnv{}}
	for _, r := range reports {
		e := cronCheckEnv{Project: r.target.Project, Environment: r.target.Environment, Skipped: r.skipped}
		switch {
		case r.err != nil:
			e.Error, doc.Verdict = oneLine(r.err.Error()), "fail"
		case r.skipped == "":
			rep := r.report
			e.CronReport = &rep
			if rep.Verdict != "ok" {
				doc.Verdict = "fail"
			}
		}
		doc.Environments = append(doc.Environments, e)
	}
	return doc
}

// cronCheckError is an environment with crons that need attention.
type cronCheckError struct {
	crons []tasks.CronStatus
}

func newCronCheckError(r tasks.CronReport) error {
	e := &cronCheckError{}
	for _, c := range r.Crons {
		if c.Attention {
			e.crons = append(e.crons, c)
		}
	}
	return e
}

func (e *cronCheckError) needsAttention() {}

func (e *cronCheckError) Error() string {
	names := make([]string, 0, len(e.crons))
	for _, c := range e.crons {
		names = append(names, c.Name+" ("+c.Verdict+")")
	}
	noun := "crons need"
	if len(e.crons) == 1 {
		noun = "cron needs"
	}
	return strings.Join([]string{strconv.Itoa(len(e.crons)), noun, "attention:", strings.Join(names, ", ")}, " ")
}

// Hint is the first cron's: what to read or change.
func (e *cronCheckError) Hint() string {
	if len(e.crons) == 0 {
		return ""
	}
	return e.crons[0].Name + ": " + e.crons[0].Hint
}
