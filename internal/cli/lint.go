package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/rs/zerolog"

	"github.com/pshcron/pshcron/internal/lint"
	"github.com/pshcron/pshcron/internal/redact"
)

// lintCmd is `pshcron lint [PATH...]`: the app configuration read offline
// (for CI or a pre-commit hook), findings as file:line: severity: rule:
// message with a fix, or --format json or github; exit 1 when one is at or
// lintCmdOptions are lint's: --fail-on and --explain.
type lintCmdOptions struct {
	Settings
	lintOptions
}

// above --fail-on. --explain RULE says why a rule matters and the fix.
func (p *program) lintCmd(_ context.Context, s *lintCmdOptions) error {
	if s.Explain != "" {
		return p.explainRule(s.Explain)
	}
	failOn, ok := lint.ParseSeverity(s.FailOn)
	if !ok {
		return usageErr("--fail-on "+s.FailOn+" is not a severity", "use info, warning or error")
	}
	files, err := lintFiles(s.Args)
	if err != nil {
		return err
	}
	var apps []lint.App
	for _, lf := range files {
		f := lf.path
		data, err := lint.ReadConfig(lf.root, f)
		if err != nil {
			return usageErr("cannot lint "+err.Error(), "lint reads regular files inside the tree it is pointed at, up to 1 MiB each")
		}
		a, err := lint.Parse(f, data)
		if err != nil {
			return usageErr(err.Error(), "fix the YAML first")
		}
		apps = append(apps, a...)
	}
	findings := lint.Check(apps, checkPshcronLine)
	if err := p.printFindingsLint(s.Format, findings); err != nil {
		return err
	}
	failing := 0
	for _, f := range findings {
		if f.Severity >= failOn {
			failing++
		}
	}
	p.log.Info().Int("files", len(files)).Int("apps", len(apps)).Int("findings", len(findings)).Msg("lint done")
	if failing > 0 {
		return &lintError{n: failing, failOn: failOn}
	}
	return nil
}

// lintFile is a configuration file and the tree it must lie in: the
// directory lint was pointed at, or a named file's own directory.
type lintFile struct{ root, path string }

// lintFiles is the configuration files named, or found from here down.
func lintFiles(paths []string) ([]lintFile, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var files []lintFile
	for _, path := range paths {
		fi, err := os.Stat(path)
		if err != nil {
			return nil, usageErr("cannot read "+path+": "+err.Error(), "name a project directory or a configuration file")
		}
		if !fi.IsDir() {
			files = append(files, lintFile{root: filepath.Dir(path), path: path})
			continue
		}
		found, err := lint.Find(path)
		if err != nil {
			return nil, usageErr("cannot read "+path+": "+err.Error(), "check the path")
		}
		for _, f := range found {
			files = append(files, lintFile{root: path, path: f})
		}
	}
	if len(files) == 0 {
		return nil, usageErr("no app configuration found (.platform.app.yaml, .platform/applications.yaml, .upsun/*.yaml)",
			"run it at the project's root, or name the files")
	}
	return files, nil
}

// checkPshcronLine parses a pshcron line's arguments as pshcron would, and
// runs nothing.
func checkPshcronLine(args []string) error {
	q := &program{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard,
		secrets: &redact.Set{}, log: zerolog.Nop(), dryRun: true}
	app := q.newApp()
	return app.RunContext(context.Background(), reorder(app, append([]string{"pshcron"}, args...)))
}

// lintReport is lint's JSON: the findings, and the failure.
type lintReport struct {
	Findings []lint.Finding `json:"findings"`
	failure
}

func (p *program) printFindingsLint(format string, findings []lint.Finding) error {
	w := p.stdout
	switch format {
	case "json":
		if findings == nil {
			findings = []lint.Finding{}
		}
		p.holdJSON(&lintReport{Findings: findings})
		return nil
	case "github":
		for _, f := range findings {
			level := map[lint.Severity]string{lint.Info: "notice", lint.Warning: "warning", lint.Error: "error"}[f.Severity]
			fmt.Fprintf(w, "::%s file=%s,line=%d,title=%s::%s (fix: %s)\n", level, f.File, f.Line, f.Rule, ghEscape(f.Message), ghEscape(f.Fix))
		}
		return nil
	}
	for _, f := range findings {
		fmt.Fprintf(w, "%s:%d: %s: %s: %s\n    fix: %s\n", f.File, f.Line, f.Level, f.Rule, f.Message, f.Fix)
	}
	return nil
}

// ghEscape escapes a workflow command's message.
func ghEscape(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func (p *program) explainRule(id string) error {
	r, ok := lint.Explain(id)
	if !ok {
		var ids []string
		for _, r := range lint.Rules() {
			ids = append(ids, r.ID)
		}
		return usageErr("no lint rule "+id, "the rules are: "+strings.Join(ids, ", "))
	}
	_, err := fmt.Fprintf(p.stdout, "%s (%s)\nwhy: %s\nfix: %s\n", r.ID, r.Severity, r.Rationale, r.Fix)
	return err
}

// lintError is a lint with findings at or above --fail-on.
type lintError struct {
	n      int
	failOn lint.Severity
}

func (e *lintError) Error() string {
	return fmt.Sprintf("%d finding(s) at or above %s", e.n, e.failOn)
}

// Hint says how to learn more.
func (e *lintError) Hint() string {
	return "each finding has its fix; pshcron lint --explain RULE says why it matters"
}
