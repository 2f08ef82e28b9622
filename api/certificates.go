package api

import "context"

// Certificate is the part of the platform's certificate object pshcron reads.
type Certificate struct {
	ID          string   `json:"id"`
	Domains     []string `json:"domains"`
	ExpiresAt   string   `json:"expires_at"`
	Provisioned bool     `json:"is_provisioned"`
	Invalid     bool     `json:"is_invalid"`
	Issuer      []struct {
		Alias string `json:"alias"`
		Value string `json:"value"`
	} `json:"issuer"`
}

// IssuerName is the issuer's common or organisation name.
func (c *Certificate) IssuerName() string {
	for _, want := range []string{"commonName", "organizationName"} {
		for _, i := range c.Issuer {
			if i.Alias == want {
				return i.Value
			}
		}
	}
	return ""
}

// ListCertificates fetches the project's certificates.
func (c *Client) ListCertificates(ctx context.Context, project string) ([]Certificate, *Response, error) {
	var certs []Certificate
	resp, err := c.get(ctx, []string{"projects", project, "certificates"}, nil, &certs)
	return certs, resp, err
}
