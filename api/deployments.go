package api

import (
	"context"
	"encoding/json"
	"sort"

	"github.com/pshcron/pshcron/envdetect"
)

// Deployment is the part of an environment's current deployment pshcron
// reads: its resolved routes and its apps' crons.
type Deployment struct {
	// Routes are keyed by resolved URL (what the official route:list
	// shows); GET .../routes holds route definitions, whose id is not a URL.
	Routes  map[string]json.RawMessage `json:"routes"`
	Webapps map[string]struct {
		Crons    map[string]Cron `json:"crons"`
		Timezone *string         `json:"timezone"`
	} `json:"webapps"`
}

// Cron is one cron of an app, as the deployment defines it; App and Name
// are filled from the keys it is listed under.
type Cron struct {
	App  string `json:"-"`
	Name string `json:"-"`
	// Timezone is the app's, in which the spec is read ("" is UTC).
	Timezone string `json:"-"`
	Spec     string `json:"spec"`
	Commands struct {
		Start string  `json:"start"`
		Stop  *string `json:"stop"`
	} `json:"commands"`
	// Timeout is the most the platform lets one run take, in seconds.
	Timeout         int  `json:"timeout"`
	ShutdownTimeout *int `json:"shutdown_timeout"`
}

// CurrentDeployment fetches the environment's current deployment.
func (c *Client) CurrentDeployment(ctx context.Context, t Target) (*Deployment, *Response, error) {
	var dep Deployment
	resp, err := c.get(ctx, []string{"projects", t.Project, "environments", t.Environment, "deployments", "current"}, nil, &dep)
	if err != nil {
		return nil, resp, err
	}
	return &dep, resp, nil
}

// Crons is every app's crons, sorted by app then name.
func (d *Deployment) Crons() []Cron {
	var out []Cron
	for app, w := range d.Webapps {
		tz := ""
		if w.Timezone != nil {
			tz = *w.Timezone
		}
		for name, c := range w.Crons {
			c.App, c.Name, c.Timezone = app, name, tz
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].App != out[j].App {
			return out[i].App < out[j].App
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// RouteDomains are the hosts of the deployment's https routes.
func (d *Deployment) RouteDomains() []string {
	urls := make([]string, 0, len(d.Routes))
	for u := range d.Routes {
		urls = append(urls, u)
	}
	return envdetect.URLHosts(urls, true)
}

// RouteDomains asks the API for an environment's resolved routes and
// returns the hosts of its https ones, as the official route:list reads
// them.
func (c *Client) RouteDomains(ctx context.Context, t Target) ([]string, *Response, error) {
	dep, resp, err := c.CurrentDeployment(ctx, t)
	if err != nil {
		return nil, resp, err
	}
	return dep.RouteDomains(), resp, nil
}
