package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/pshcron/pshcron/envdetect"
)

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

// env is `pshcron env`: what pshcron detects, as a table or JSON.
func (p *program) env(_ context.Context, s *Settings) error {
	env := envdetect.Detect(p.getenv)
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
	if s.Project != "" {
		out.Project = s.Project
	}
	if s.Environment != "" {
		out.Environment = s.Environment
		if out.Environment != env.Branch {
			out.EnvironmentType = ""
		}
	}
	p.describeConnection(s, vars, &out)
	if s.Format == "json" {
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

// describeConnection fills in what a connection would use: endpoints, where
// the token comes from, the cache directory. It creates nothing.
func (p *program) describeConnection(s *Settings, vars map[string]any, out *envOutput) {
	platform, err := p.platform(s)
	if err != nil {
		out.APIURL = "invalid: " + err.Error()
		return
	}
	d := platform.Describe()
	out.APIURL, out.TokenURL = d.Endpoints.APIURL, d.Endpoints.TokenURL
	if d.TokenErr == nil {
		out.Token = d.TokenFrom + " (" + d.TokenFingerprint + ")"
	} else {
		out.Token = "none: " + d.TokenErr.Error()
		if e := explainMissingToken(vars, d.TokenErr); e != d.TokenErr {
			out.Token += " (" + hintOf(e) + ")"
		}
	}
	if d.CacheErr == nil {
		out.CacheDir = d.CacheDir
	} else {
		out.CacheDir = "none: " + oneLine(d.CacheErr.Error())
	}
}
