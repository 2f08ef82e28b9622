package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pshcron/pshcron/tasks"
)

// How a run over several targets ends: a summary, and its failures as one
// error whose exit code is theirs when they agree.

// summarize logs how the run went and returns the failures as one error.
func summarize(p *program, what string, outcomes []tasks.Outcome) error {
	done, skipped, failed := 0, 0, 0
	for _, o := range outcomes {
		switch {
		case o.Err != nil:
			failed++
		case o.Result.Skipped:
			skipped++
		default:
			done++
		}
	}
	p.log.Info().Int("accepted", done).Int("skipped", skipped).Int("failed", failed).Msg(what + ": done")
	if p.jsonLines {
		p.holdJSON(&summaryLine{Summary: what, Accepted: done, Skipped: skipped, Failed: failed})
	}
	return manyOf(outcomes)
}

// manyOf is the failures among outcomes as one error naming each failed
// target (project:environment when they span several projects), nil when
// none failed.
func manyOf(outcomes []tasks.Outcome) error {
	projects := map[string]bool{}
	for _, o := range outcomes {
		projects[o.Target.Project] = true
	}
	var failed []string
	var first error
	mixed, verb := false, "need attention"
	for _, o := range outcomes {
		if o.Err == nil {
			continue
		}
		var judged interface{ needsAttention() }
		if !errors.As(o.Err, &judged) {
			verb = "failed"
		}
		name := o.Target.Environment
		if len(projects) > 1 {
			name = o.Target.Project + ":" + name
		}
		failed = append(failed, name)
		if first == nil {
			first = o.Err
		}
		code, _ := classify(o.Err)
		firstCode, _ := classify(first)
		mixed = mixed || code != firstCode
	}
	if first == nil {
		return nil
	}
	noun := "environments"
	if len(projects) > 1 {
		noun = "targets"
	}
	return &manyError{failed: failed, noun: noun, total: len(outcomes), first: first, mixed: mixed, verb: verb}
}

// manyError is a run over several targets in which some failed. Its exit
// code is the failures' when they all agree (6 when each was refused
// permission), else 1; it is never the code of a target that succeeded.
type manyError struct {
	failed []string
	noun   string // what failed: environments, or targets of several projects
	total  int
	first  error
	mixed  bool
	// verb is what happened to them: they failed, or, when every one was
	// read and judged (a check's verdict), they need attention.
	verb string
}

func (e *manyError) Error() string {
	return fmt.Sprintf("%d of %d %s %s: %s (first: %v)", len(e.failed), e.total, e.noun, e.verb, strings.Join(e.failed, ", "), e.first)
}

// Unwrap is the failures' common cause, for the exit code and the hint;
// failures of different kinds have none, and exit 1.
func (e *manyError) Unwrap() error {
	if e.mixed {
		return nil
	}
	return e.first
}
