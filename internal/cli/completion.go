package cli

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
)

// completion is `pshcron completion bash|zsh|fish`: a script, generated
// from the command and flag tables, that completes command names and each
// command's flags.
func (p *program) completion(_ context.Context, s *Settings) error {
	if len(s.Args) != 1 {
		return usageErr("completion takes one shell: bash, zsh or fish", "for example: source <(pshcron completion bash)")
	}
	cmds := p.commands()
	namesOf := func(c command) []string {
		var out []string
		for _, f := range flagsOf(c, new(int)) {
			for _, n := range f.Names() {
				out = append(out, dashes(n)+n)
			}
		}
		sort.Strings(out)
		return out
	}
	switch s.Args[0] {
	case "bash":
		return bashCompletion(p.stdout, cmds, namesOf)
	case "zsh":
		return zshCompletion(p.stdout, cmds, namesOf)
	case "fish":
		return fishCompletion(p.stdout, cmds)
	}
	return usageErr(fmt.Sprintf("completion: %q is not a shell pshcron completes", s.Args[0]), "use bash, zsh or fish")
}

func bashCompletion(w io.Writer, cmds []command, flagsOf func(command) []string) error {
	var cases strings.Builder
	for _, c := range cmds {
		fmt.Fprintf(&cases, "\t%s) words=%q ;;\n", strings.Join(append([]string{c.name}, c.aliases...), "|"), strings.Join(flagsOf(c), " "))
	}
	_, err := fmt.Fprintf(w, `# pshcron completion for bash: source <(pshcron completion bash)
_pshcron() {
	local cur=${COMP_WORDS[COMP_CWORD]} words
	# Command names hold colons, which bash splits words on by default.
	COMP_WORDBREAKS=${COMP_WORDBREAKS//:/}
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W %q -- "$cur"))
		return
	fi
	case ${COMP_WORDS[1]} in
%s	*) words= ;;
	esac
	COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _pshcron pshcron
`, strings.Join(sortedNames(cmds), " "), cases.String())
	return err
}

func zshCompletion(w io.Writer, cmds []command, flagsOf func(command) []string) error {
	var names, cases strings.Builder
	for _, c := range cmds {
		for _, n := range append([]string{c.name}, c.aliases...) {
			fmt.Fprintf(&names, "\t\t%q\n", strings.ReplaceAll(n, ":", `\:`)+":"+c.usage)
		}
		fmt.Fprintf(&cases, "\t%s) compadd -- %s ;;\n", strings.Join(append([]string{c.name}, c.aliases...), "|"), strings.Join(flagsOf(c), " "))
	}
	_, err := fmt.Fprintf(w, `#compdef pshcron
# pshcron completion for zsh: source <(pshcron completion zsh)
_pshcron() {
	local -a commands
	commands=(
%s	)
	if (( CURRENT == 2 )); then
		_describe 'command' commands
		return
	fi
	case $words[2] in
%s	esac
}
compdef _pshcron pshcron
`, names.String(), cases.String())
	return err
}

func fishCompletion(w io.Writer, cmds []command) error {
	var b strings.Builder
	b.WriteString("# pshcron completion for fish: pshcron completion fish | source\ncomplete -c pshcron -f\n")
	for _, c := range cmds {
		names := append([]string{c.name}, c.aliases...)
		for _, n := range names {
			fmt.Fprintf(&b, "complete -c pshcron -n __fish_use_subcommand -a %q -d %q\n", n, c.usage)
		}
		for _, f := range flagsOf(c, new(int)) {
			line := fmt.Sprintf("complete -c pshcron -n %q -l %s", "__fish_seen_subcommand_from "+strings.Join(names, " "), f.Names()[0])
			for _, alias := range f.Names()[1:] {
				if len(alias) == 1 {
					line += " -s " + alias
				}
			}
			fmt.Fprintf(&b, "%s -d %q\n", line, firstClause(usageOf(f)))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// firstClause shortens a flag's usage for a completion menu.
func firstClause(s string) string {
	s = strings.ReplaceAll(s, "`", "")
	if i := strings.IndexAny(s, ";("); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	return s
}
