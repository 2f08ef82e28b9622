package cli

import (
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
)

// Options come in typed groups (options_groups.go: output, where, gate,
// connect, list; options_own.go: one command's or one family's own), each
// a struct with a bind method that names each of its flags once, spelt as
// the official CLI does where it has them, with the PSHCRON_* variable that
// stands in for it when the command line leaves it unset. A command's row
// composes the groups it takes; only those are declared and read.
//
// Durations and numbers are string flags, parsed here rather than by
// urfave: urfave's typed flags and EnvVars would parse the values
// themselves, and their errors could neither say whether the flag or the
// variable was wrong nor carry a hint. Flags are built afresh for each run,
// since urfave keeps parse state in them.

// group is a typed group of options: bind declares its flags, or reads
// them into its fields.
type group interface{ bind(b *binder) }

// binder is what a group binds its flags with. Declaring (r nil), it
// collects the flags, each variable named in its usage; reading, it reads
// each flag, or its variable, into its field, the first bad value ending
// the read.
type binder struct {
	flags     []cli.Flag
	r         *reader
	err       error
	formats   []string // the command's --format values beyond text
	verbosity *int     // -v's count, which urfave keeps
}

// declaring reports whether the binder collects flags, and collects f.
func (b *binder) declaring(env string, f cli.Flag) bool {
	if b.r != nil {
		if env != "" {
			b.r.env[flagNames(f)[0]] = env
		}
		return false
	}
	if env != "" {
		setUsage(f, usageOf(f)+" (env "+env+")")
	}
	b.flags = append(b.flags, f)
	return true
}

// skip reports whether the binder does not read f: it declares it, or an
// earlier value was bad.
func (b *binder) skip(env string, f cli.Flag) bool {
	return b.declaring(env, f) || b.err != nil
}

// check keeps the first error of a group's own checks.
func (b *binder) check(err error) {
	if b.r != nil && b.err == nil {
		b.err = err
	}
}

func (b *binder) str(dst *string, f *cli.StringFlag) {
	if !b.skip("", f) {
		*dst = b.r.c.String(f.Name)
	}
}

func (b *binder) boolean(dst *bool, f *cli.BoolFlag) {
	if !b.skip("", f) {
		*dst = b.r.c.Bool(f.Name)
	}
}

// strs reads a repeatable flag as it came through tidy (trimAll, splitAll).
func (b *binder) strs(dst *[]string, tidy func([]string) []string, f *cli.StringSliceFlag) {
	if !b.skip("", f) {
		*dst = tidy(b.r.c.StringSlice(f.Name))
	}
}

// value reads a string flag or its variable.
func (b *binder) value(dst *string, env string, f *cli.StringFlag) {
	if !b.skip(env, f) {
		*dst, _, _ = b.r.value(f.Name)
	}
}

// list reads a repeatable flag, or its comma-separated variable.
func (b *binder) list(dst *[]string, env string, f *cli.StringSliceFlag) {
	if !b.skip(env, f) {
		*dst = b.r.list(f.Name)
	}
}

func (b *binder) duration(dst *time.Duration, env string, f *cli.StringFlag) {
	if !b.skip(env, f) {
		*dst, b.err = b.r.duration(f.Name)
	}
}

// positiveDuration is a duration that may not be 0; the flag's default
// text says what leaving it out means.
func (b *binder) positiveDuration(dst *time.Duration, env string, f *cli.StringFlag) {
	if !b.skip(env, f) {
		*dst, b.err = b.r.positiveDuration(f.Name, f.DefaultText)
	}
}

func (b *binder) integer(dst *int, env string, def, lo, hi int, f *cli.StringFlag) {
	if !b.skip(env, f) {
		*dst, b.err = b.r.integer(f.Name, def, lo, hi)
	}
}

// ids reads a repeatable flag naming ids (-p, -e), each checked before
// any is used: an empty one (-e "$UNSET") must not fall back to the
// container's own.
func (b *binder) ids(dst *[]string, what string, f *cli.StringSliceFlag) {
	if b.skip("", f) {
		return
	}
	for _, v := range b.r.c.StringSlice(f.Name) {
		if b.err = checkID(what, strings.TrimSpace(v)); b.err != nil {
			return
		}
	}
	*dst = trimAll(b.r.c.StringSlice(f.Name))
}

// environmentID reads a flag naming an environment (--target), checked
// when given.
func (b *binder) environmentID(dst *string, f *cli.StringFlag) {
	if b.skip("", f) {
		return
	}
	*dst = b.r.c.String(f.Name)
	if b.r.c.IsSet(f.Name) {
		if err := checkID("environment", *dst); err != nil {
			b.err = usageErr("--"+f.Name+": "+err.Error(), "name an environment by its id, as in PLATFORM_BRANCH")
		}
	}
}

// isSet reports whether f was given on the command line (not by its
// variable).
func (b *binder) isSet(f cli.Flag) bool {
	return b.r != nil && b.r.c.IsSet(flagNames(f)[0])
}

// custom reads f with read, which sees the flag's name.
func (b *binder) custom(env string, f cli.Flag, read func(r reader, name string) error) {
	if !b.skip(env, f) {
		b.err = read(*b.r, f.Names()[0])
	}
}

// flagsOf declares the flags of cmd, in the order its groups give them.
func flagsOf(cmd command, verbosity *int) []cli.Flag {
	b := &binder{verbosity: verbosity}
	for _, g := range cmd.run().groups {
		g.bind(b)
	}
	for i, f := range b.flags {
		b.flags[i] = commandFlag(cmd, f)
	}
	return b.flags
}

func usageOf(f cli.Flag) string {
	if d, ok := f.(cli.DocGenerationFlag); ok {
		return d.GetUsage()
	}
	return ""
}

func setUsage(f cli.Flag, usage string) {
	switch f := f.(type) {
	case *cli.StringFlag:
		f.Usage = usage
	case *cli.StringSliceFlag:
		f.Usage = usage
	case *cli.BoolFlag:
		f.Usage = usage
	}
}

// commandFlag is the flag as cmd shows it: --yes says it is required where
// it is.
func commandFlag(cmd command, f cli.Flag) cli.Flag {
	if b, ok := f.(*cli.BoolFlag); ok && b.Name == "yes" && cmd.yes != "" {
		own := *b
		own.Usage = cmd.yes
		return &own
	}
	if s, ok := f.(*cli.StringFlag); ok && s.Name == "format" && len(cmd.formats) > 0 && !slices.Equal(cmd.formats, listFormats) && !slices.Equal(cmd.formats, []string{"json"}) {
		// A command with formats of its own names them, not the lists'.
		own := *s
		own.Usage = "stdout `FORMAT`: text, " + strings.Join(cmd.formats, ", ") + " (errors too, as one JSON object with json)"
		own.DefaultText = "text"
		return &own
	}
	return f
}
