package api

import "context"

// SourceOperation is one source operation an environment defines.
type SourceOperation struct {
	App       string `json:"app"`
	Operation string `json:"operation"`
	Command   string `json:"command"`
}

// ListSourceOperations fetches the environment's source operations.
func (c *Client) ListSourceOperations(ctx context.Context, t Target) ([]SourceOperation, *Response, error) {
	var out []SourceOperation
	resp, err := c.get(ctx, []string{"projects", t.Project, "environments", t.Environment, "source-operations"}, nil, &out)
	return out, resp, err
}
