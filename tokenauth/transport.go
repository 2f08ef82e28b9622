package tokenauth

import (
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Transport returns a RoundTripper that sends requests through base with a
// bearer access token, to apiURL's origin only: a request for any other
// scheme, host or port (a redirect followed by mistake) is refused before the
// token is read. On a 401 it drops the token, exchanges once more and retries
// the request once; a second 401 is returned to the caller.
func (s *Source) Transport(base http.RoundTripper, apiURL string) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	b := &bearer{src: s, base: base}
	if u, err := url.Parse(apiURL); err == nil {
		b.scheme, b.host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	}
	return b
}

type bearer struct {
	src          *Source
	base         http.RoundTripper
	scheme, host string // the one origin the token goes to
}

func (b *bearer) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.ToLower(req.URL.Scheme) != b.scheme || strings.ToLower(req.URL.Host) != b.host || b.host == "" {
		return nil, &Error{Kind: KindConfig, Msg: "refusing to send the access token to " + redactURL(req.URL.String()) +
			": it is not the API's origin"}
	}
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
