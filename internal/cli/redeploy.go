package cli

import (
	"context"

	"github.com/pshcron/pshcron/tasks"
)

// environmentRedeploy is environment:redeploy: POST .../redeploy, which also
// renews the environment's certificates.
func (p *program) environmentRedeploy(ctx context.Context, s *Settings) error {
	w, err := p.locate(s)
	if err != nil {
		return err
	}
	return p.runAction(ctx, s, w, tasks.Redeploy{}, nil)
}
