package cli

import (
	"context"
)

// authInfo is auth:info: the user the token acts as, and where the token
// comes from, as its source and a fingerprint; never the token. One GET.
func (p *program) authInfo(ctx context.Context, s *Settings) error {
	return p.connect(ctx, s, scopeNone, func(ctx context.Context, c conn) error {
		u, _, err := c.client.Me(ctx)
		if err != nil {
			return err
		}
		d := c.platform.Describe()
		out := struct {
			ID       string `json:"id"`
			Username string `json:"username"`
			Email    string `json:"email"`
			Token    string `json:"token"`
			API      string `json:"api_url"`
		}{u.ID, u.Username, u.Email, d.TokenFrom + " (" + d.TokenFingerprint + ")", d.Endpoints.APIURL}
		if s.Format == "json" {
			return writeJSON(p.stdout, out)
		}
		rows := [][]string{{"id", out.ID}, {"username", out.Username}, {"email", out.Email}, {"token", out.Token}, {"api_url", out.API}}
		return printRows(p.stdout, "table", nil, rows, true)
	})
}
