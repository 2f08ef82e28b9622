package tasks

import (
	"context"
	"sync"
)

// Work on several environments at once: a selection is the guard applied to
// each of the project's environments (one GET of the list), then one job per
// selected environment, run concurrently over one connection, so one token
// exchange serves them all.

// Outcome is one job's end in a run over several.
type Outcome struct {
	Target Target
	Result *Result
	Err    error
}

// Select lists the project's environments and returns those the guard
// passes and keep accepts (a status, say), with why each other was left out.
func (p *Platform) Select(ctx context.Context, project string, g Guard, keep func(Environment) (bool, string)) (chosen []Environment, left map[string]string, err error) {
	client, err := p.Connect()
	if err != nil {
		return nil, nil, err
	}
	envs, err := client.ListEnvironments(ctx, project)
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

// RunAll runs the jobs, at most n at once, and returns their outcomes in
// the jobs' order. A failure of one never stops the others.
func (p *Platform) RunAll(ctx context.Context, jobs []Job, n int) []Outcome {
	if n < 1 {
		n = 1
	}
	out := make([]Outcome, len(jobs))
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			res, err := p.Run(ctx, j)
			out[i] = Outcome{Target: j.Target, Result: res, Err: err}
		}()
	}
	wg.Wait()
	return out
}
