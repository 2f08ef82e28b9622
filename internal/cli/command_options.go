package cli

import "context"

// A command's options are a struct: Settings (what the runner reads: where,
// the gate, the connection, a fleet's, output) or a struct embedding it with
// the command's own groups, named after the command in its file, as
// restic's ForgetOptions. Its row says, with cmd, which groups its flags
// come from, and its work gets the struct, never the flag library: a test
// builds one directly.

// options is a pointer to a command's options struct.
type options[O any] interface {
	*O
	base() *Settings
	givenIDs() []string
}

func (s *Settings) base() *Settings { return s }

// built is a command's options, ready to be read into, and its work.
type built struct {
	settings *Settings
	opts     any     // the options struct, for a test
	groups   []group // in the order its help lists their flags
	work     func(p *program, ctx context.Context) error
	// given is every id the command line gave (-p, -e, arguments, --name).
	given func() []string
}

// shape is the shared groups a command takes around its own.
type shape func(s *Settings, own []group) []group

// cmd is a row's options and work: a fresh options struct for each run,
// read through the shared groups sh puts around own's.
func cmd[O any, P options[O]](sh shape, own func(P) []group, work func(*program, context.Context, P) error) func() built {
	return func() built {
		o := P(new(O))
		s := o.base()
		var groups []group
		if own != nil {
			groups = own(o)
		}
		return built{settings: s, opts: o, groups: sh(s, groups), given: o.givenIDs,
			work: func(p *program, ctx context.Context) error { return work(p, ctx, o) }}
	}
}

// acts is the groups of a command that acts: where, the gate, the
// connection, the ping, a fleet's, its own, and output.
func acts(s *Settings, own []group) []group {
	return join([]group{&s.whereOptions, &s.gateOptions, &s.connectOptions, &s.pingOption, &s.fleetOptions}, own, []group{&s.outputOptions})
}

// reads is the groups of a command that reads an environment: where, the
// connection's, the list's, its own, and output.
func reads(s *Settings, own []group) []group {
	return join([]group{&s.whereOptions, &s.connectOptions, &s.listOptions}, own, []group{&s.outputOptions})
}

// readsProject is reads, of a project (-p alone).
func readsProject(s *Settings, own []group) []group {
	return join([]group{&s.projectOption, &s.connectOptions, &s.listOptions}, own, []group{&s.outputOptions})
}

// checks is the groups of a check over environments (cron:check, health):
// where, the guard, --all, the connection, the ping, a fleet's, its own,
// and output.
func checks(s *Settings, own []group) []group {
	return join([]group{&s.whereOptions, &s.guardOptions, &s.allOption, &s.connectOptions, &s.pingOption, &s.fleetOptions}, own, []group{&s.outputOptions})
}

// only is a command's own groups alone.
func only(_ *Settings, own []group) []group { return own }

// givenIDs is every id the command line gave, for idOrigin.
func (s *Settings) givenIDs() []string {
	return append(append(append([]string{s.Project, s.Environment}, s.Args...), s.Projects...), s.Environments...)
}
