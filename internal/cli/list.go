package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
)

// list is `pshcron list`, as the official CLI has it: every command with
// its aliases and what it does.
func (p *program) list(_ context.Context, s *Settings) error {
	type entry struct {
		Name    string   `json:"name"`
		Aliases []string `json:"aliases"`
		Usage   string   `json:"usage"`
	}
	var out []entry
	for _, c := range p.commands() {
		out = append(out, entry{Name: c.name, Aliases: append([]string{}, c.aliases...), Usage: c.usage})
	}
	if s.Format == "json" {
		return writeJSON(p.stdout, out)
	}
	tw := tabwriter.NewWriter(p.stdout, 0, 4, 2, ' ', 0)
	for _, e := range out {
		name := e.Name
		if len(e.Aliases) > 0 {
			name += " (" + strings.Join(e.Aliases, ", ") + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\n", name, e.Usage)
	}
	fmt.Fprintf(tw, "help [COMMAND]\tshow a command's flags\n")
	return tw.Flush()
}
