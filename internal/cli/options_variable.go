package cli

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

// The variables' groups, as the official CLI takes them: booleans as
// values (--sensitive true), so a copied line works.

// levelOption is -l/--level.
type levelOption struct{ Level string }

func (o *levelOption) bind(b *binder) {
	b.str(&o.Level, &cli.StringFlag{Name: "level", Aliases: []string{"l"}, Usage: "the variable's `LEVEL`: project (p) or environment (e)"})
}

// variableSelect names one variable: its level, name and prefix.
type variableSelect struct {
	levelOption
	Name, Prefix string
}

func (o *variableSelect) bind(b *binder) {
	o.levelOption.bind(b)
	b.str(&o.Name, &cli.StringFlag{Name: "name", Usage: "the variable's `NAME` (or give it as the argument)"})
	o.bindPrefix(b)
}

func (o *variableSelect) bindPrefix(b *binder) {
	b.str(&o.Prefix, &cli.StringFlag{Name: "prefix", Usage: "`PREFIX` of the name when it has none: env (an environment variable) or none", DefaultText: "none"})
}

// variableValue is what variable:create and variable:update set: the
// value, and the flags given (unset ones nil).
type variableValue struct {
	variableSelect
	Value, ValueFile string
	ValueSet         bool // --value was given, even empty
	VarFlags         map[string]*bool
	Update           bool
}

// varFlags are the variables' booleans, each with its usage.
var varFlags = []struct{ name, usage string }{
	{"json", "whether the value is JSON"}, {"sensitive", "whether the value is sensitive: never returned, never printed"},
	{"visible-build", "whether it is visible at build time"}, {"visible-runtime", "whether it is visible at runtime"},
	{"enabled", "(environment level) whether it is enabled"}, {"inheritable", "(environment level) whether child environments inherit it"},
}

func (o *variableValue) bind(b *binder) {
	o.levelOption.bind(b)
	b.str(&o.Name, &cli.StringFlag{Name: "name", Usage: "the variable's `NAME` (or give it as the argument)"})
	b.custom("", &cli.StringFlag{Name: "value", Usage: "the variable's `VALUE`; for a sensitive one prefer --value-file, which keeps it out of the process list"},
		func(r reader, name string) error {
			o.Value, o.ValueSet = r.c.String(name), r.c.IsSet(name)
			return nil
		})
	b.str(&o.ValueFile, &cli.StringFlag{Name: "value-file", Usage: "read the value from `FILE` (- for stdin); a trailing newline is dropped"})
	o.bindPrefix(b)
	o.VarFlags = map[string]*bool{}
	for _, f := range varFlags {
		b.custom("", &cli.StringFlag{Name: f.name, Usage: f.usage + ": `true` or false"}, func(r reader, name string) error {
			if !r.c.IsSet(name) {
				return nil
			}
			v, err := parseBool(r.c.String(name))
			if err != nil {
				return usageErr(fmt.Sprintf("--%s %s is not true or false", name, r.c.String(name)), "write --"+name+" true or --"+name+" false")
			}
			o.VarFlags[name] = &v
			return nil
		})
	}
	b.boolean(&o.Update, &cli.BoolFlag{Name: "update", Aliases: []string{"u"}, Usage: "update the variable if it exists already"})
}

// propertyOption is variable:get's -P.
type propertyOption struct{ Property string }

func (o *propertyOption) bind(b *binder) {
	b.str(&o.Property, &cli.StringFlag{Name: "property", Aliases: []string{"P"}, Usage: "print only this `PROPERTY` (value, name, is_sensitive, ...)"})
}
