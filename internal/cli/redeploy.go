package cli

import (
	"context"

	"github.com/pshcron/pshcron/tasks"
)

// environmentRedeploy is environment:redeploy: POST .../redeploy, which also
// renews the environment's certificates.
func (p *program) environmentRedeploy(ctx context.Context, s *Settings) error {
	_, err := p.act(ctx, s, scopeTargets, work{action: tasks.Redeploy{}})
	return err
}
