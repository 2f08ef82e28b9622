package tasks

import (
	"github.com/rs/zerolog"

	"github.com/pshcron/pshcron/api"
)

// Client is the API client as the pipeline uses it: every read and write
// of api.Client, and the actions sent exactly once after an unknown outcome
// (Fire, CreateVariable), which only this package knows how to look for.
type Client struct {
	*api.Client
	log     zerolog.Logger
	resends int // how often Fire may send an action again after an unknown outcome
}

// newClient wraps c for the pipeline, with one resend as Fire's default.
func newClient(c *api.Client, log zerolog.Logger) *Client {
	return &Client{Client: c, log: log, resends: 1}
}
