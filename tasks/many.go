package tasks

import (
	"github.com/pshcron/pshcron/api"

	"context"
)

// Work on several environments at once: a selection is the guard applied to
// each of the project's environments (one GET of the list), then one job per
// selected environment; the command line runs them as it runs a fleet,
// concurrently over one connection, so one token exchange serves them all.

// Outcome is one job's end in a run over several.
type Outcome struct {
	Target api.Target
	Result *Result
	Err    error
}

// Select lists the project's environments and returns those the guard
// passes and keep accepts (a status, say), with why each other was left out.
func (p *Platform) Select(ctx context.Context, project string, g Guard, keep func(api.Environment) (bool, string)) (chosen []api.Environment, left map[string]string, err error) {
	client, err := p.Connect()
	if err != nil {
		return nil, nil, err
	}
	envs, _, err := client.ListEnvironments(ctx, project)
	if err != nil {
		return nil, nil, err
	}
	left = map[string]string{}
	for _, e := range envs {
		if ok, why := g.Check(e.ID, e.Type); !ok {
			left[e.ID] = why
			continue
		}
		if ok, why := keep(e); !ok {
			left[e.ID] = why
			continue
		}
		chosen = append(chosen, e)
	}
	return chosen, left, nil
}
