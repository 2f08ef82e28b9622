package tokenauth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/pshcron/pshcron/internal/httpretry"
	"github.com/rs/zerolog"
)

// Config is what a Source needs; every dependency is passed in.
type Config struct {
	TokenURL  string
	ClientID  string
	HTTP      *http.Client // copied, never changed
	CacheDir  string       // "" means no disk cache
	Now       func() time.Time
	Log       zerolog.Logger
	UserAgent string
	// Secret, when set, is told every secret the Source handles, so the
	// program's output can be scrubbed of it.
	Secret func(string)
	// From names where the API token came from, for errors.
	From string
}

// Source hands out access tokens for one API token.
type Source struct {
	cfg      Config
	apiToken string
	key      string
	client   http.Client

	mu      sync.Mutex
	current *cacheEntry
}

// maxBody bounds what is read of a token endpoint answer.
const maxBody = 1 << 20

// New returns a Source. It does no I/O.
func New(apiToken string, cfg Config) *Source {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HTTP == nil {
		cfg.HTTP = http.DefaultClient
	}
	s := &Source{cfg: cfg, apiToken: apiToken, key: cacheKey(apiToken, cfg.TokenURL, cfg.ClientID)}
	s.client = *cfg.HTTP
	// A redirect would send the API token somewhere it was not meant to go.
	s.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if cfg.Secret != nil {
		cfg.Secret(apiToken)
	}
	return s
}

// defaultLifetime is assumed when the answer tells no lifetime at all; it is
// shorter than any the platform has been seen to give.
const defaultLifetime = 5 * time.Minute

// usable says whether an entry may still be sent: it must outlive the request
// by a margin, a minute or a quarter of a short lifetime.
func (s *Source) usable(e *cacheEntry) bool {
	if e == nil {
		return false
	}
	margin := min(time.Minute, e.ExpiresAt.Sub(e.IssuedAt)/4)
	return s.cfg.Now().Add(margin).Before(e.ExpiresAt)
}

// Token returns an access token, from memory, the disk cache or an exchange.
func (s *Source) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.usable(s.current) {
		return s.current.AccessToken, nil
	}
	if s.cfg.CacheDir != "" {
		if e := readCache(s.cfg.CacheDir, s.key); s.usable(e) {
			s.current = e
			s.secret(e.AccessToken)
			s.cfg.Log.Debug().Time("expires_at", e.ExpiresAt).Msg("using cached access token")
			return e.AccessToken, nil
		}
	}
	e, err := s.exchange(ctx)
	if err != nil {
		return "", err
	}
	s.current = e
	if s.cfg.CacheDir != "" {
		if err := writeCache(s.cfg.CacheDir, e); err != nil {
			s.cfg.Log.Warn().Err(err).Msg("cannot cache the access token; the next run exchanges again")
		}
	}
	return e.AccessToken, nil
}

// Invalidate drops token from memory and disk, after the API refused it, so
// the next Token call exchanges afresh.
func (s *Source) Invalidate(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current != nil && s.current.AccessToken == token {
		s.current = nil
	}
	if s.cfg.CacheDir != "" {
		if e := readCache(s.cfg.CacheDir, s.key); e == nil || e.AccessToken == token {
			removeCache(s.cfg.CacheDir, s.key)
		}
	}
}

func (s *Source) secret(v string) {
	if s.cfg.Secret != nil {
		s.cfg.Secret(v)
	}
}

type tokenResponse struct {
	AccessToken      string          `json:"access_token"`
	ExpiresIn        json.RawMessage `json:"expires_in"`
	TokenType        string          `json:"token_type"`
	Error            string          `json:"error"`
	ErrorDescription string          `json:"error_description"`
}

// exchange trades the API token for an access token (OAuth2 grant
// "api_token", client id in Basic auth with an empty secret).
func (s *Source) exchange(ctx context.Context) (*cacheEntry, error) {
	form := url.Values{"grant_type": {"api_token"}, "api_token": {s.apiToken}}.Encode()
	req, err := http.NewRequestWithContext(httpretry.WithIdempotent(ctx), http.MethodPost, s.cfg.TokenURL, strings.NewReader(form))
	if err != nil {
		return nil, &Error{Kind: KindConfig, Msg: "cannot build the token request"}
	}
	req.SetBasicAuth(s.cfg.ClientID, "")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if s.cfg.UserAgent != "" {
		req.Header.Set("User-Agent", s.cfg.UserAgent)
	}
	start := s.cfg.Now()
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, &Error{Kind: KindUnreachable, Msg: "cannot reach the auth server " + redactURL(s.cfg.TokenURL),
			Err: httpretry.Cause(err), hint: "check the network, or PSHCRON_AUTH_URL if you set it"}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, &Error{Kind: KindUnreachable, Msg: "the auth server's answer was cut short", Err: err}
	}
	var tr tokenResponse
	jsonErr := json.Unmarshal(body, &tr)
	switch {
	case resp.StatusCode >= 500:
		return nil, &Error{Kind: KindUnreachable, Msg: fmt.Sprintf("the auth server kept failing (HTTP %d)", resp.StatusCode)}
	case resp.StatusCode >= 300:
		msg := fmt.Sprintf("the auth server refused the API token (HTTP %d)", resp.StatusCode)
		if d := s.scrub(firstNonEmpty(tr.ErrorDescription, tr.Error)); d != "" {
			msg += ": " + d
		}
		return nil, &Error{Kind: KindRejected, From: s.cfg.From, Msg: msg}
	case jsonErr != nil || tr.AccessToken == "":
		return nil, &Error{Kind: KindUnreachable, Msg: "the auth server's answer holds no access token"}
	}
	s.secret(tr.AccessToken)
	life := parseExpiresIn(tr.ExpiresIn)
	if life <= 0 {
		life = jwtLifetime(tr.AccessToken, start)
	}
	if life <= 0 {
		life = defaultLifetime
	}
	s.cfg.Log.Debug().Str("token", Fingerprint(s.apiToken)).Dur("expires_in", life).Msg("exchanged the API token")
	return &cacheEntry{Version: cacheVersion, Key: s.key, AccessToken: tr.AccessToken, IssuedAt: start, ExpiresAt: start.Add(life)}, nil
}

// scrub removes the tokens from text the server sent back, in case it echoes them.
func (s *Source) scrub(text string) string {
	if s.apiToken != "" {
		text = strings.ReplaceAll(text, s.apiToken, "[redacted]")
	}
	return text
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
