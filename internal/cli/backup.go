package cli

import (
	"context"

	"github.com/pshcron/pshcron/tasks"
)

// backupCreate is backup:create: POST .../backup with {"safe": true}, or
// false with --live.
func (p *program) backupCreate(ctx context.Context, s *Settings) error {
	w, err := p.locate(s)
	if err != nil {
		return err
	}
	return p.runAction(ctx, s, w, tasks.Backup{Live: s.Live}, nil)
}
