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

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
