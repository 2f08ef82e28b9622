package cli

import (
	"context"

	"github.com/pshcron/pshcron/tasks"
)

// environmentPause and environmentResume are environment:pause and
// environment:resume: the container's own environment, the environments
// named with -e (repeatable), or a selection with --all, the guard applied
// to each of the project's environments. Each reads first, as the official
// CLI does: an environment already paused (or active) is a skip, with no
// POST. A selection reads only the list, then sends one POST per
// environment it keeps, concurrently over one token exchange, and says why
// it left each other out.
func (p *program) environmentPause(ctx context.Context, s *Settings) error {
	_, err := p.act(ctx, s, scopeSelection, work{action: tasks.Pause{}, decide: tasks.ReadFirst})
	return err
}

func (p *program) environmentResume(ctx context.Context, s *Settings) error {
	_, err := p.act(ctx, s, scopeSelection, work{action: tasks.Resume{}, decide: tasks.ReadFirst})
	return err
}
