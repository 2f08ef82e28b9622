package cli

import (
	"context"
	"fmt"

	"github.com/pshcron/pshcron/tasks"
)

// syncOptions are environment:synchronize's: --rebase.
type syncOptions struct {
	Settings
	rebaseOption
}

// environmentSynchronize is environment:synchronize (sync): bring the
// parent's code, data and/or resources, as `pshcron sync code data`. With
// no guard given it runs nowhere (tasks.DefaultTypes): a cron line says
// where with --branch, --env-type or -e.
func (p *program) environmentSynchronize(ctx context.Context, s *syncOptions) error {
	var sync tasks.Synchronize
	for _, what := range s.Args {
		switch what {
		case "code":
			sync.Code = true
		case "data":
			sync.Data = true
		case "both":
			sync.Code, sync.Data = true, true
		case "resources":
			sync.Resources = true
		default:
			return usageErr(fmt.Sprintf("environment:synchronize: %q is not code, data or resources", what),
				"for example: pshcron sync code data --branch updates --yes --no-wait")
		}
	}
	if !sync.Code && !sync.Data && !sync.Resources {
		return usageErr("environment:synchronize needs what to synchronize: code, data and/or resources",
			"for example: pshcron sync code data --branch updates --yes --no-wait")
	}
	if s.Rebase && !sync.Code {
		p.log.Warn().Msg("--rebase applies to code, which is not being synchronized")
	}
	sync.Rebase = s.Rebase
	_, err := p.act(ctx, &s.Settings, scopeTargets, work{action: sync})
	return err
}
