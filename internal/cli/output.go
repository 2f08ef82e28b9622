package cli

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/pshcron/pshcron/internal/termsafe"
	"github.com/pshcron/pshcron/tasks"
)

// stdout carries only results: an activity id, a table, or JSON.

// taskOutput is the JSON form of a task's result.
type taskOutput struct {
	Action      string `json:"action"`
	Project     string `json:"project"`
	Environment string `json:"environment"`
	Skipped     bool   `json:"skipped"`
	Reason      string `json:"reason,omitempty"`
	ActivityID  string `json:"activity_id,omitempty"`
	Type        string `json:"activity_type,omitempty"`
	State       string `json:"state,omitempty"`
	Result      string `json:"result,omitempty"`
	BackupName  string `json:"backup_name,omitempty"`
	Error       string `json:"error,omitempty"` // in a run over several
}

// printResult writes the activity id (and a backup's name after a space), or
// nothing for a skip; with json, the whole result. What the platform named
// is escaped in both formats.
func printResult(w io.Writer, format string, r *tasks.Result) error {
	out := resultOutput(r)
	if format == "json" {
		return writeJSON(w, out)
	}
	if out.ActivityID == "" {
		return nil
	}
	line := out.ActivityID
	if out.BackupName != "" {
		line += " " + out.BackupName
	}
	_, err := fmt.Fprintln(w, line)
	return err
}

// resultOutput is a result as output shows it, network text escaped.
func resultOutput(r *tasks.Result) taskOutput {
	safe := termsafe.String
	out := taskOutput{Action: r.Action, Project: r.Project, Environment: safe(r.Environment), Skipped: r.Skipped, Reason: safe(r.Reason)}
	if a := r.Activity; a != nil {
		out.ActivityID, out.Type, out.State, out.Result, out.BackupName = safe(a.ID), safe(a.Type), safe(a.State), safe(a.Result), safe(a.BackupName())
	}
	return out
}

// A report printed with --format json (doctor's, backup:check's, cert:renew
// --check's, lint's, a fleet's summary) is held until the run ends, and a
// failure is written into it: stdout carries one document, never the report
// and then an error object, which json.load refuses.

// jsonReport is a held report that can carry the run's failure.
type jsonReport interface{ fail(failure) }

// failure is embedded in a report: why the run failed, its hint and exit
// code, absent on success.
type failure struct {
	Error    string `json:"error,omitempty"`
	Hint     string `json:"hint,omitempty"`
	ExitCode int    `json:"exit_code,omitempty"`
}

func (f *failure) fail(with failure) { *f = with }

func newFailure(err error, hint string, code int) failure {
	return failure{Error: termsafe.String(oneLine(err.Error())), Hint: termsafe.String(oneLine(hint)), ExitCode: code}
}

// holdJSON holds r, to be written when the run ends.
func (p *program) holdJSON(r jsonReport) { p.held = r }

// writeHeld writes the held report: one line among JSON lines (a fleet's
// summary), else indented.
func (p *program) writeHeld() {
	if p.held == nil {
		return
	}
	var err error
	if p.jsonLines {
		err = writeJSONLine(p.stdout, p.held)
	} else {
		err = writeJSON(p.stdout, p.held)
	}
	if err != nil {
		p.log.Warn().Err(err).Msg("cannot write the result to stdout")
	}
}

// summaryLine is the last of a fleet's or a selection's JSON lines.
type summaryLine struct {
	Summary  string `json:"summary"` // the action
	Accepted int    `json:"accepted"`
	Skipped  int    `json:"skipped"`
	Failed   int    `json:"failed"`
	failure
}

func writeJSONLine(w io.Writer, v any) error {
	return json.NewEncoder(w).Encode(v)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
