package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// An app's configuration as the rules see it: its crons and hooks with
// their line numbers. Three layouts hold apps: .platform.app.yaml (one app,
// in its directory), .platform/applications.yaml (a list of apps) and
// .upsun/*.yaml (an applications map, in any of the files).

// App is one application.
type App struct {
	Name  string
	File  string
	Line  int
	Crons []Cron
	// Hooks are build, deploy and post_deploy, by name.
	Hooks map[string]Script
	// Dependencies is the text of the dependencies section, for the
	// install check.
	Dependencies string
	// Variables are the app's variables: name (with its prefix) to line.
	Variables map[string]int
}

// Cron is one cron job.
type Cron struct {
	Name     string
	Line     int
	Spec     string
	SpecLine int
	Command  Script
	CmdKey   bool // the deprecated cmd key
}

// Script is shell text and where it is: the line of its YAML value, and
// whether it is a block (| or >), whose text starts on the next line.
type Script struct {
	Text  string
	Line  int
	Block bool
}

func script(v *yaml.Node) Script {
	return Script{Text: v.Value, Line: v.Line, Block: v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0}
}

// Find returns the configuration files under root, sorted.
func Find(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "node_modules" || name == "vendor" || (strings.HasPrefix(name, ".") && name != ".platform" && name != ".upsun")) {
				return filepath.SkipDir
			}
			return nil
		}
		dir := filepath.Base(filepath.Dir(path))
		switch {
		case name == ".platform.app.yaml",
			dir == ".platform" && name == "applications.yaml",
			dir == ".upsun" && (strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")):
			out = append(out, path)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// Parse reads one configuration file's apps.
func Parse(file string, data []byte) ([]App, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: not YAML: %w", file, err)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	base, dir := filepath.Base(file), filepath.Base(filepath.Dir(file))
	switch {
	case base == ".platform.app.yaml":
		return []App{parseApp(file, "", root)}, nil
	case dir == ".platform" && root.Kind == yaml.SequenceNode:
		var apps []App
		for _, n := range root.Content {
			apps = append(apps, parseApp(file, "", n))
		}
		return apps, nil
	case dir == ".upsun":
		var apps []App
		if m := get(root, "applications"); m != nil && m.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(m.Content); i += 2 {
				apps = append(apps, parseApp(file, m.Content[i].Value, m.Content[i+1]))
			}
		}
		return apps, nil
	}
	return nil, nil
}

// ParseApp reads one app's configuration (YAML or JSON), as
// PLATFORM_APPLICATION holds it; file names it in findings.
func ParseApp(file string, data []byte) (App, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		return App{}, fmt.Errorf("%s: not an app configuration", file)
	}
	return parseApp(file, "", doc.Content[0]), nil
}

func parseApp(file, name string, n *yaml.Node) App {
	app := App{Name: name, File: file, Line: n.Line, Hooks: map[string]Script{}, Variables: map[string]int{}}
	if v := get(n, "name"); v != nil && name == "" {
		app.Name = v.Value
	}
	if crons := get(n, "crons"); crons != nil && crons.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(crons.Content); i += 2 {
			app.Crons = append(app.Crons, parseCron(crons.Content[i], crons.Content[i+1]))
		}
	}
	if hooks := get(n, "hooks"); hooks != nil {
		for _, h := range []string{"build", "deploy", "post_deploy"} {
			if v := get(hooks, h); v != nil {
				app.Hooks[h] = script(v)
			}
		}
	}
	if deps := get(n, "dependencies"); deps != nil {
		b, _ := yaml.Marshal(deps)
		app.Dependencies = string(b)
	}
	if vars := get(n, "variables"); vars != nil && vars.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(vars.Content); i += 2 {
			prefix, group := vars.Content[i], vars.Content[i+1]
			if group.Kind != yaml.MappingNode {
				app.Variables[prefix.Value] = prefix.Line
				continue
			}
			for j := 0; j+1 < len(group.Content); j += 2 {
				app.Variables[prefix.Value+":"+group.Content[j].Value] = group.Content[j].Line
			}
		}
	}
	return app
}

func parseCron(key, n *yaml.Node) Cron {
	c := Cron{Name: key.Value, Line: key.Line}
	if v := get(n, "spec"); v != nil {
		c.Spec, c.SpecLine = v.Value, v.Line
	}
	if v := get(n, "cmd"); v != nil {
		c.Command, c.CmdKey = script(v), true
	}
	if cmds := get(n, "commands"); cmds != nil {
		if v := get(cmds, "start"); v != nil {
			c.Command = script(v)
		}
	}
	return c
}

// get is a mapping's value for key, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
