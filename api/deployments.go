package api

import (
	"context"
	"encoding/json"

	"github.com/pshcron/pshcron/envdetect"
)

// RouteDomains asks the API for an environment's resolved routes and
// returns the hosts of its https ones: the keys of the current deployment's
// routes map, as the official route:list reads them. (GET .../routes holds
// route definitions, whose id is not a URL.)
func (c *Client) RouteDomains(ctx context.Context, t Target) ([]string, *Response, error) {
	var dep struct {
		Routes map[string]json.RawMessage `json:"routes"`
	}
	resp, err := c.get(ctx, []string{"projects", t.Project, "environments", t.Environment, "deployments", "current"}, nil, &dep)
	if err != nil {
		return nil, resp, err
	}
	urls := make([]string, 0, len(dep.Routes))
	for u := range dep.Routes {
		urls = append(urls, u)
	}
	return envdetect.URLHosts(urls, true), resp, nil
}
