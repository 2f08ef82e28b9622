package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
)

// Parsers of what users write on the command line: ids, variables, booleans,
// lists, and the reader of flags and the variables that stand in for them.
// Each error names what was written and carries a hint.

// checkID refuses ids that could not be one path segment of the API: the
// empty id (it would send /environments//backup), "." and ".." (a proxy
// would resolve them into another endpoint), and control or space
// characters. A slash is fine: it is escaped.
func checkID(what, v string) error {
	switch {
	case v == "" && (what == "project" || what == "environment"):
		return usageErr("an empty "+idWord(what), "name it, or leave the flag out to use the container's own (PLATFORM_PROJECT, PLATFORM_BRANCH)")
	case v == "":
		return usageErr("an empty "+idWord(what), idHint(what))
	}
	bad := v == "." || v == ".." || strings.IndexFunc(v, func(r rune) bool { return r <= ' ' || r == 0x7f || r >= 0x80 && r <= 0x9f }) >= 0
	if bad {
		shown := fmt.Sprintf("%q", v)
		if len(v) > 80 { // an API's answer may hold any length
			shown = fmt.Sprintf("%q...", v[:80])
		}
		return usageErr(fmt.Sprintf("%s is not a valid %s", shown, idWord(what)), idHint(what))
	}
	return nil
}

// idWord is "project id", but "variable name" as is.
// idHint says where the id of a kind is found.
func idHint(what string) string {
	switch what {
	case "project":
		return "use the project's id, as in PLATFORM_PROJECT"
	case "environment":
		return "use the environment's id, as in PLATFORM_BRANCH (not PLATFORM_ENVIRONMENT)"
	case "backup", "activity", "variable name":
		return "list them with: pshcron " + strings.TrimSuffix(what, " name") + ":list"
	}
	return "use the id the platform gives"
}

func idWord(what string) string {
	if strings.HasSuffix(what, "name") || strings.HasSuffix(what, "id") {
		return what
	}
	return what + " id"
}

// parseVariables reads --variable values in the official CLI's form
// TYPE:NAME=value (env:NAME=value sets an environment variable of the
// operation). The value may hold '=' and ':'.
func parseVariables(specs []string) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	for _, s := range specs {
		name, value, ok := strings.Cut(s, "=")
		typ, name, typed := strings.Cut(name, ":")
		typ, name = strings.TrimSpace(typ), strings.TrimSpace(name)
		if !ok || !typed || !validVarPart(typ, "._-") || !validVarPart(name, "._:-|/") {
			return nil, usageErr(fmt.Sprintf("--variable %s is not TYPE:NAME=value", s), "for example --variable env:COMPOSER_ARGS=--no-dev")
		}
		if out[typ] == nil {
			out[typ] = map[string]string{}
		}
		out[typ][name] = value
	}
	return out, nil
}

// validVarPart is the official CLI's check of a variable's type or name:
// letters, digits and the given punctuation.
func validVarPart(s, punct string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(punct, r))
	}) < 0
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes", "on":
		return true, nil
	case "false", "0", "no", "off":
		return false, nil
	}
	return false, fmt.Errorf("not a boolean")
}

func trimAll(vs []string) []string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// splitAll takes repeated and comma-separated values alike.
func splitAll(vs []string) []string {
	var out []string
	for _, v := range vs {
		out = append(out, trimAll(strings.Split(v, ","))...)
	}
	return out
}

// reader reads flags, falling back to their variables.
type reader struct {
	c      *cli.Context
	getenv func(string) string
	env    map[string]string // flag name -> its variable
}

// value returns a flag's value, or its variable's, and names the source
// the way the user wrote it: "--timeout" or "PSHCRON_TIMEOUT".
func (r reader) value(name string) (v, source string, ok bool) {
	if r.c.IsSet(name) {
		return r.c.String(name), "--" + name, true
	}
	if e := r.env[name]; e != "" {
		if v := strings.TrimSpace(r.getenv(e)); v != "" {
			return v, e, true
		}
	}
	return "", "", false
}

func (r reader) duration(name string) (time.Duration, error) {
	v, source, ok := r.value(name)
	if !ok {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	switch {
	case err != nil:
		hint := "write it like 90s, 5m or 1h30m"
		if _, nerr := strconv.Atoi(v); nerr == nil {
			hint = "a duration needs a unit: " + v + "s or " + v + "m"
		}
		return 0, usageErr(fmt.Sprintf("%s %s is not a duration", source, v), hint)
	case d < 0:
		return 0, usageErr(fmt.Sprintf("%s %s is negative", source, v), "write it like 90s, 5m or 1h30m")
	}
	return d, nil
}

// positiveDuration is a duration that may not be 0: 0 would silently mean
// the default, which was not what was written.
func (r reader) positiveDuration(name, def string) (time.Duration, error) {
	d, err := r.duration(name)
	if v, source, ok := r.value(name); err == nil && ok && d == 0 {
		return 0, usageErr(fmt.Sprintf("%s %s is no time at all", source, v), "give a duration such as 5m, or leave it out for the default ("+def+")")
	}
	return d, err
}

func (r reader) integer(name string, def, lo, hi int) (int, error) {
	v, source, ok := r.value(name)
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, usageErr(fmt.Sprintf("%s %s is not a number from %d to %d", source, v, lo, hi), example(source, strconv.Itoa(def)))
	}
	return n, nil
}

// list reads a repeatable flag, or its comma-separated variable.
func (r reader) list(name string) []string {
	if r.c.IsSet(name) {
		return r.c.StringSlice(name)
	}
	var out []string
	if e := r.env[name]; e != "" {
		for _, v := range strings.Split(r.getenv(e), ",") {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// example writes a value as the user would give it where it came from: a
// flag takes it after a space, a variable after '='.
func example(source, value string) string {
	if strings.HasPrefix(source, "-") {
		return "for example " + source + " " + value
	}
	return "for example " + source + "=" + value
}
