package cli

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"
)

// setupNamesKey is where setup leaves the names of the variables it gave
// the script, in order.
type setupNamesKey struct{}

// scriptEnviron is the script's environment listed whole, as Run's environ
// gives it to pshcron (main passes os.Environ): the variables setup gave the
// script, then those its env lines set, each with its value now. testscript
// keeps its own list unexported, so the script's lines name the rest; a
// name they set to nothing (or not yet) is left out.
func scriptEnviron(ts *testscript.TestScript) []string {
	seen := map[string]bool{}
	var env []string
	add := func(name string, keepEmpty bool) {
		if seen[name] {
			return
		}
		seen[name] = true
		if v := ts.Getenv(name); v != "" || keepEmpty {
			env = append(env, name+"="+v)
		}
	}
	for _, name := range ts.Value(setupNamesKey{}).([]string) {
		add(name, true)
	}
	for _, name := range envLineNames(ts) {
		add(name, false)
	}
	return env
}

// envLineNames are the names the script's env lines set, in its own file
// (testdata/NAME.txt, as TestScripts runs them).
func envLineNames(ts *testscript.TestScript) []string {
	data, err := os.ReadFile(filepath.Join("testdata", ts.Name()+".txt"))
	ts.Check(err)
	var names []string
	for _, line := range strings.Split(string(txtar.Parse(data).Comment), "\n") {
		words := strings.Fields(line)
		for len(words) > 0 && (strings.HasPrefix(words[0], "[") || words[0] == "!") {
			words = words[1:] // a condition, a negation
		}
		if len(words) == 0 || words[0] != "env" {
			continue
		}
		for _, w := range words[1:] {
			if name, _, ok := strings.Cut(w, "="); ok {
				names = append(names, name)
			}
		}
	}
	return names
}

// namesOf is the names of a NAME=value list.
func namesOf(vars []string) []string {
	names := make([]string, 0, len(vars))
	for _, kv := range vars {
		name, _, _ := strings.Cut(kv, "=")
		names = append(names, name)
	}
	return names
}
