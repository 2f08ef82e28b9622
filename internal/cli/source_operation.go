package cli

import (
	"context"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/tasks"
)

// operationRunOptions are source-operation:run's: --variable.
type operationRunOptions struct {
	Settings
	operationOptions
}

// sourceOperationRun is source-operation:run OPERATION, with --variable
// TYPE:NAME=value as the official CLI takes it.
func (p *program) sourceOperationRun(ctx context.Context, s *operationRunOptions) error {
	if len(s.Args) != 1 {
		return usageErr("source-operation:run takes one operation name", "for example: pshcron source-operation:run update --no-wait")
	}
	_, err := p.act(ctx, &s.Settings, scopeTargets, work{action: tasks.SourceOperation{Operation: s.Args[0], Variables: s.Variables}})
	return err
}

// sourceOperationList is source-operation:list (source-ops): the
// operations the environment defines. One GET.
func (p *program) sourceOperationList(ctx context.Context, s *Settings) error {
	return p.read(ctx, s, scopeEnvironment, func(ctx context.Context, c *tasks.Client, t api.Target) error {
		ops, _, err := c.ListSourceOperations(ctx, t)
		if err != nil {
			return err
		}
		l := listing{header: []string{"Operation", "App", "Command"}, columns: []string{"operation", "app", "command"}, json: nonNil(ops)}
		for _, o := range ops {
			l.ids = append(l.ids, o.Operation)
			l.rows = append(l.rows, []string{o.Operation, o.App, o.Command})
		}
		return p.printListing(s, l)
	})
}
