package cli

import (
	"context"
	"fmt"

	"github.com/pshcron/pshcron/tasks"
)

// deployOptions are environment:deploy's: --strategy.
type deployOptions struct {
	Settings
	strategyOption
}

// environmentDeploy is environment:deploy: deploy the staged changes of an
// environment with manual deployments, with --strategy rolling or
// stopstart, or the environment's own. It reads first, as the official CLI
// does: nothing staged is a skip, rolling where the environment cannot is
// refused, and neither sends a POST.
func (p *program) environmentDeploy(ctx context.Context, s *deployOptions) error {
	if s.Strategy != "" && s.Strategy != "rolling" && s.Strategy != "stopstart" {
		return usageErr(fmt.Sprintf("--strategy %s is not a strategy", s.Strategy), "use rolling or stopstart")
	}
	_, err := p.act(ctx, &s.Settings, scopeTargets, work{action: tasks.Deploy{Strategy: s.Strategy}, decide: tasks.ReadFirst})
	return err
}
