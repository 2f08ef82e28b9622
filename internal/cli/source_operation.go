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
