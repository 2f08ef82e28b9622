package tokenauth

import (
	"io"
	"net/http"
)

// Transport returns a RoundTripper that sends requests through base with a
// bearer access token. On a 401 it drops the token, exchanges once more and
// retries the request once; a second 401 is returned to the caller.
func (s *Source) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &bearer{src: s, base: base}
}

type bearer struct {
	src  *Source
	base http.RoundTripper
}

func (b *bearer) RoundTrip(req *http.Request) (*http.Response, error) {
	tok, err := b.src.Token(req.Context())
	if err != nil {
		return nil, err
	}
	resp, err := b.base.RoundTrip(withBearer(req, tok, nil))
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	var body io.ReadCloser
	if req.Body != nil && req.Body != http.NoBody {
		if req.GetBody == nil {
			return resp, nil
		}
		if body, err = req.GetBody(); err != nil {
			return resp, nil
		}
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody))
	resp.Body.Close()
	b.src.cfg.Log.Debug().Msg("access token refused (401); exchanging again")
	b.src.Invalidate(tok)
	if tok, err = b.src.Token(req.Context()); err != nil {
		return nil, err
	}
	return b.base.RoundTrip(withBearer(req, tok, body))
}

// withBearer clones req (a RoundTripper must not change the caller's request)
// and sets its Authorization header.
func withBearer(req *http.Request, tok string, body io.ReadCloser) *http.Request {
	r := req.Clone(req.Context())
	if body != nil {
		r.Body = body
	}
	r.Header.Set("Authorization", "Bearer "+tok)
	return r
}
