package tasks

import (
	"context"
	"net/http"

	"github.com/pshcron/pshcron/api"
)

// CreateVariable creates a variable, exactly once: after an unknown
// outcome, a GET tells whether it exists, and only if not is it sent again.
func (c *Client) CreateVariable(ctx context.Context, t api.Target, level, name string, v api.VariableChange) error {
	err := c.Client.CreateVariable(ctx, t, level, name, v)
	if err == nil || !unknownOutcome(err) || ctx.Err() != nil {
		return err
	}
	c.log.Warn().Err(err).Msg("the platform's answer was lost; looking for the variable")
	if _, _, gerr := c.GetVariable(ctx, t, level, name); gerr == nil {
		c.log.Info().Msg("the variable exists: not sending it again")
		return nil
	} else if !api.IsStatus(gerr, http.StatusNotFound) {
		return err
	}
	return c.Client.CreateVariable(ctx, t, level, name, v)
}
