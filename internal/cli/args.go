package cli

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/urfave/cli/v2"
)

// reorder rewrites a command line into the form urfave/cli parses, so that
// every line the official CLI takes works:
//   - flags before the command's name (`pshcron --yes backup:create`) move
//     after it;
//   - a command's flags move ahead of its arguments
//     (`source-operation:run update --no-wait --yes`: urfave stops at the
//     first argument);
//   - every flag is spelt by its long name, so that `-e x --environment y`
//     is one flag given twice (urfave refuses two spellings of one flag);
//   - a value attached to a short flag (`-pPROJECT`, `-eENV`) is split off.
//
// Whether a flag takes a value comes from the command's own definitions.
func reorder(app *cli.App, args []string) []string {
	i := 1
	var valued map[string]bool // every command's flags: only for flags before the name
	for i < len(args) && strings.HasPrefix(args[i], "-") && args[i] != "-" {
		if valued == nil {
			valued = takesAValue(app)
		}
		// -e main before the name: main is the flag's, not the command.
		if name, _, attached := strings.Cut(strings.TrimLeft(args[i], "-"), "="); !attached && valued[name] {
			i++
		}
		i++
	}
	if i >= len(args) {
		return args
	}
	cmd := app.Command(args[i])
	if cmd == nil {
		// An unknown name first, so that it is reported, not the flags
		// before it that only commands take.
		return append([]string{args[0], args[i]}, append(append([]string{}, args[1:i]...), args[i+1:]...)...)
	}
	flags, positional := splitFlags(cmd, append(append([]string{}, args[1:i]...), args[i+1:]...))
	out := []string{args[0], args[i]}
	out = append(out, flags...)
	if len(positional) > 0 {
		// "--" keeps an argument that starts with a dash an argument.
		out = append(out, "--")
	}
	return append(out, positional...)
}

// splitFlags sorts what follows a command's name into its flags, each by
// its long name with its value, and its positional arguments.
func splitFlags(cmd *cli.Command, rest []string) (flags, positional []string) {
	takesValue := map[string]bool{}
	long := map[string]string{}
	for _, f := range cmd.Flags {
		_, isBool := f.(*cli.BoolFlag)
		names := flagNames(f)
		for _, n := range names {
			takesValue[n] = !isBool
			long[n] = names[0]
		}
	}
	for j := 0; j < len(rest); j++ {
		a := rest[j]
		if a == "--" {
			positional = append(positional, rest[j+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			positional = append(positional, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !hasValue && !strings.HasPrefix(a, "--") && len(name) > 1 && takesValue[name[:1]] {
			// -pPROJECT: a short flag that takes a value, with it attached.
			name, value, hasValue = name[:1], name[1:], true
		}
		if canonical, ok := long[name]; ok {
			a = "--" + canonical
			if hasValue {
				a += "=" + value
			}
		}
		flags = append(flags, a)
		if !hasValue && takesValue[name] && j+1 < len(rest) {
			flags = append(flags, rest[j+1])
			j++
		}
	}
	return flags, positional
}

// takesAValue is every flag name, of any command, that takes a value: a
// flag means the same in every command that has it (each is named once,
// in its group: options_groups.go).
func takesAValue(app *cli.App) map[string]bool {
	valued := map[string]bool{}
	for _, c := range app.Commands {
		for _, f := range c.Flags {
			_, isBool := f.(*cli.BoolFlag)
			for _, n := range flagNames(f) {
				valued[n] = !isBool
			}
		}
	}
	return valued
}

// flagNames is a flag's name and aliases. urfave's Names() trims each
// through a regular expression: for every flag of every command, on every
// run, that was most of pshcron's start-up.
func flagNames(f cli.Flag) []string {
	switch f := f.(type) {
	case *cli.StringFlag:
		return append([]string{f.Name}, f.Aliases...)
	case *cli.StringSliceFlag:
		return append([]string{f.Name}, f.Aliases...)
	case *cli.BoolFlag:
		return append([]string{f.Name}, f.Aliases...)
	}
	return f.Names()
}

// variableLike is TYPE:NAME=value, the form of --variable.
var variableLike = regexp.MustCompile(`^[A-Za-z0-9._-]+:[A-Za-z0-9._:|/-]+=`)

// checkArity refuses more arguments than a command takes, before anything
// runs, so lint's dry run of a cron line sees it too. The command's own
// run says what a missing argument is.
func checkArity(cmd command, args []string) error {
	if cmd.args == "" && len(args) > 0 {
		return usageErr(fmt.Sprintf("%s takes no arguments, but was given %q", cmd.name, args[0]),
			"name an environment with -e ENVIRONMENT")
	}
	if strings.Contains(cmd.args, "...") || len(args) <= 1 {
		return nil
	}
	for _, a := range args[1:] {
		if variableLike.MatchString(a) {
			// The README once had it: -v is verbosity, on every official command.
			return usageErr(fmt.Sprintf("%q is a second argument to %s: -v is verbosity, not a variable", a, cmd.name),
				"give a variable as --variable "+a+", as the official CLI takes it")
		}
	}
	return usageErr(fmt.Sprintf("%s takes one %s, but was given %d arguments: %q", cmd.name, strings.Trim(cmd.args, "[]"), len(args), args),
		"quote an argument that holds a space; see pshcron "+cmd.name+" --help")
}
