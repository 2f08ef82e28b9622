package cli

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

// Parsers of what users write on the command line: ids, variables, booleans,
// lists. Each error names what was written and carries a hint.

// checkID refuses ids that could not be one path segment of the API: "." and
// ".." (a proxy would resolve them into another endpoint), and control or
// space characters. A slash is fine: it is escaped.
func checkID(what, v string) error {
	bad := v == "." || v == ".." || strings.IndexFunc(v, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0
	if bad {
		return usageErr(fmt.Sprintf("%q is not a valid %s id", v, what), "use the id the platform gives (PLATFORM_PROJECT, PLATFORM_BRANCH)")
	}
	return nil
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

// readVarFlags reads the variable booleans, which take a value as the
// official CLI's do (--sensitive true); unset ones are nil.
func readVarFlags(c *cli.Context) (map[string]*bool, error) {
	out := map[string]*bool{}
	for _, name := range []string{"json", "sensitive", "visible-build", "visible-runtime", "enabled", "inheritable"} {
		if !c.IsSet(name) {
			continue
		}
		v, err := parseBool(c.String(name))
		if err != nil {
			return nil, usageErr(fmt.Sprintf("--%s %s is not true or false", name, c.String(name)), "write --"+name+" true or --"+name+" false")
		}
		out[name] = &v
	}
	return out, nil
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
