package cli

import (
	"context"

	"github.com/pshcron/pshcron/tasks"
)

// sourceOperationRun is source-operation:run OPERATION, with --variable
// TYPE:NAME=value as the official CLI takes it.
func (p *program) sourceOperationRun(ctx context.Context, s *Settings) error {
	if len(s.Args) != 1 {
		return usageErr("source-operation:run takes one operation name", "for example: pshcron source-operation:run update --no-wait")
	}
	w, err := p.locate(s)
	if err != nil {
		return err
	}
	return p.runAction(ctx, s, w, tasks.SourceOperation{Operation: s.Args[0], Variables: s.Variables}, nil)
}

// sourceOperationList is source-operation:list: the operations the
// environment defines. One GET.
func (p *program) sourceOperationList(ctx context.Context, s *Settings) error {
	client, t, err := p.readTarget(s, true)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	ops, err := client.ListSourceOperations(ctx, t)
	if err != nil {
		return withTimeout(ctx, err, s.timeout())
	}
	format := p.listFormat(s)
	if format == "json" {
		if ops == nil {
			ops = []tasks.SourceOperationInfo{}
		}
		return writeJSON(p.stdout, ops)
	}
	var rows [][]string
	for _, o := range ops {
		rows = append(rows, []string{o.Operation, o.App, o.Command})
	}
	return printRows(p.stdout, format, []string{"Operation", "App", "Command"}, rows, s.NoHeader)
}
