package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/pshcron/pshcron/internal/termsafe"
	"github.com/pshcron/pshcron/tasks"
	"github.com/urfave/cli/v2"
)

// stdout carries only results: an activity id, a table, or JSON.

func outputFormat(c *cli.Context) (string, error) {
	switch f := c.String("format"); f {
	case "text", "json":
		return f, nil
	default:
		return "", &usageError{msg: fmt.Sprintf("--format %q is not a format", f), hint: "use text or json"}
	}
}

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
}

// printResult writes the activity id (and a backup's name after a space), or
// nothing for a skip; with json, the whole result. What the platform named
// is escaped in both formats.
func printResult(w io.Writer, format string, r *tasks.Result) error {
	safe := termsafe.String
	out := taskOutput{Action: r.Action, Project: r.Project, Environment: safe(r.Environment), Skipped: r.Skipped, Reason: safe(r.Reason)}
	if a := r.Activity; a != nil {
		out.ActivityID, out.Type, out.State, out.Result, out.BackupName = safe(a.ID), safe(a.Type), safe(a.State), safe(a.Result), safe(a.BackupName())
	}
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

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// envOutput is what `pshcron env` reports. No field holds a secret: the
// token appears as where it came from and a fingerprint, the variables as
// their names.
type envOutput struct {
	Phase           string   `json:"phase"`
	Project         string   `json:"project"`
	Environment     string   `json:"environment"`
	EnvironmentType string   `json:"environment_type"`
	MachineName     string   `json:"machine_name"`
	Application     string   `json:"application"`
	AppDir          string   `json:"app_dir"`
	TreeID          string   `json:"tree_id"`
	Mode            string   `json:"mode,omitempty"`
	Domains         []string `json:"domains"`
	Variables       []string `json:"variables"`
	APIURL          string   `json:"api_url"`
	TokenURL        string   `json:"token_url"`
	Token           string   `json:"token"`
	CacheDir        string   `json:"cache_dir"`
}

func (p *program) envCommand(c *cli.Context) error {
	format, env, err := p.begin(c)
	if err != nil {
		return err
	}
	domains, err := env.Domains()
	if err != nil {
		return err
	}
	vars, err := env.Variables()
	if err != nil {
		return err
	}
	names := make([]string, 0, len(vars))
	for k := range vars {
		names = append(names, k)
	}
	sort.Strings(names)
	out := envOutput{
		Phase: string(env.Phase), Project: env.Project, Environment: env.Branch, EnvironmentType: env.Type,
		MachineName: env.MachineName, Application: env.Application, AppDir: env.AppDir, TreeID: env.TreeID,
		Mode: env.Mode, Domains: domains, Variables: names,
	}
	if c.IsSet("project") {
		out.Project = c.String("project")
	}
	if c.IsSet("environment") {
		out.Environment = c.String("environment")
		if out.Environment != env.Branch {
			out.EnvironmentType = ""
		}
	}
	if platform, err := p.platform(p.getenv("PSHCRON_TOKEN_FILE"), 0); err != nil {
		out.APIURL = "invalid: " + err.Error()
	} else {
		d := platform.Describe()
		out.APIURL, out.TokenURL = d.Endpoints.APIURL, d.Endpoints.TokenURL
		if d.TokenErr == nil {
			out.Token = d.TokenFrom + " (" + d.TokenFingerprint + ")"
		} else {
			out.Token = "none: " + d.TokenErr.Error()
			if e := explainMissingToken(env, d.TokenErr); e != d.TokenErr {
				out.Token += " (" + hintOf(e) + ")"
			}
		}
		if d.CacheErr == nil {
			out.CacheDir = d.CacheDir
		} else {
			out.CacheDir = "none: " + oneLine(d.CacheErr.Error())
		}
	}
	if format == "json" {
		return writeJSON(p.stdout, out)
	}
	tw := tabwriter.NewWriter(p.stdout, 0, 4, 2, ' ', 0)
	row := func(k, v string) {
		if v == "" {
			v = "-"
		}
		fmt.Fprintf(tw, "%s:\t%s\n", k, v)
	}
	row("phase", out.Phase)
	row("project", out.Project)
	row("environment", out.Environment)
	row("environment_type", out.EnvironmentType)
	row("machine_name", out.MachineName)
	row("application", out.Application)
	row("app_dir", out.AppDir)
	row("tree_id", out.TreeID)
	if out.Mode != "" {
		row("mode", out.Mode)
	}
	row("domains", strings.Join(out.Domains, " "))
	row("variables", strings.Join(out.Variables, " "))
	row("api_url", out.APIURL)
	row("token_url", out.TokenURL)
	row("token", out.Token)
	row("cache_dir", out.CacheDir)
	return tw.Flush()
}

func (p *program) versionCommand(c *cli.Context) error {
	format, err := outputFormat(c)
	if err != nil {
		return err
	}
	b := currentBuild()
	if format == "json" {
		return writeJSON(p.stdout, b)
	}
	_, err = fmt.Fprintf(p.stdout, "pshcron %s (commit %s, %s, %s/%s)\n", b.Version, b.Commit, b.Go, b.OS, b.Arch)
	return err
}
