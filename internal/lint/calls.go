package lint

import (
	"path"
	"regexp"
	"strings"
	"sync"
)

// Call is one command line of a CLI (the official one, or pshcron) found in
// a script.
type Call struct {
	Tool string   // platform, upsun or pshcron
	Args []string // what follows the tool's name
	Line int
	// Guarded is a call in a script that tests the environment first.
	Guarded bool
	// MasterGuard is a guard on PLATFORM_BRANCH = master.
	MasterGuard bool
}

// Official reports whether the call is the official CLI's.
func (c Call) Official() bool { return c.Tool != "pshcron" }

// Command is the call's first argument that is not a flag.
func (c Call) Command() string {
	for _, a := range c.Args {
		if !strings.HasPrefix(a, "-") {
			return a
		}
	}
	return ""
}

// Has reports whether one of the flags was given.
func (c Call) Has(flags ...string) bool {
	for _, a := range c.Args {
		name, _, _ := strings.Cut(a, "=")
		for _, f := range flags {
			if name == f || (len(f) == 2 && strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && strings.Contains(a[1:], f[1:])) {
				return true
			}
		}
	}
	return false
}

// The expressions are compiled on first use, not when the program starts:
// every run of pshcron links this package, few lint.
var (
	guardRE  = lazyRE(`\$\{?PLATFORM_(BRANCH|ENVIRONMENT_TYPE)\b`)
	masterRE = lazyRE(`\$\{?PLATFORM_BRANCH\}?"?\s*==?\s*"?master\b`)
	// separators between commands on one line.
	sepRE = lazyRE(`\s*(?:;|&&|\|\||\|)\s*`)
)

// lazyRE is an expression compiled once, when first asked for.
func lazyRE(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// Calls finds the CLI calls in a script, line by line.
func Calls(s Script) []Call {
	guarded, master := guardRE().MatchString(s.Text), masterRE().MatchString(s.Text)
	var out []Call
	for i, line := range strings.Split(s.Text, "\n") {
		n := s.Line + i
		if s.Block {
			n++
		}
		for _, seg := range sepRE().Split(line, -1) {
			words := shellWords(seg)
			for len(words) > 0 && (isKeyword(words[0]) || strings.Contains(words[0], "=") && !strings.HasPrefix(words[0], "-")) {
				words = words[1:]
			}
			if len(words) == 0 {
				continue
			}
			switch tool := path.Base(words[0]); tool {
			case "platform", "upsun", "pshcron":
				out = append(out, Call{Tool: tool, Args: words[1:], Line: n, Guarded: guarded, MasterGuard: master})
			}
		}
	}
	return out
}

func isKeyword(w string) bool {
	switch w {
	case "then", "do", "else", "if", "!", "{", "(", "exec", "command", "time":
		return true
	}
	return false
}

// shellWords splits a command into words, honouring simple quotes; what a
// cron line needs, not a shell.
func shellWords(s string) []string {
	var words []string
	var cur strings.Builder
	in, quote := false, rune(0)
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		case r == '#' && !in:
			return words
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		words = append(words, cur.String())
	}
	return words
}
