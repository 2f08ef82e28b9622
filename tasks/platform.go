package tasks

import (
	"github.com/pshcron/pshcron/api"

	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/pshcron/pshcron/internal/httpretry"
	"github.com/pshcron/pshcron/tokenauth"
)

// Config is how tasks reach the platform; every dependency is passed in.
type Config struct {
	Getenv    func(string) string
	TokenFile string // --token-file, the last place a token is looked for
	// TokenVar, when set, is the one variable the token is read from (a
	// fleet target's token_env), in place of the usual ones.
	TokenVar string
	// Retries bounds the retry transport's safe retries and how often an
	// action is sent again after an unknown outcome.
	Retries   int
	UserAgent string
	Log       zerolog.Logger
	Now       func() time.Time
	// Secret is told every secret handled, so output can be scrubbed of it.
	Secret func(string)

	// Endpoints, when set, replace those read from Getenv (tests).
	Endpoints tokenauth.Endpoints
	// HTTP, when set, replaces the retrying client (tests); copied, never
	// changed.
	HTTP *http.Client
	// CacheDir holds access tokens and locks between runs; "" picks the
	// default.
	CacheDir string
}

// Platform is the one way every command reaches the platform: endpoints,
// the retrying HTTP client, where the token comes from and where it is
// cached. New reads and sends nothing; the token is looked up on Connect,
// so a run skipped by its guard needs none.
type Platform struct {
	cfg       Config
	endpoints tokenauth.Endpoints
	http      *http.Client

	dirOnce sync.Once
	dir     string

	connectOnce sync.Once
	client      *Client
	connectErr  error
}

// New checks the endpoints and builds the HTTP client.
func New(cfg Config) (*Platform, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	ep := cfg.Endpoints
	if ep.APIURL == "" {
		var err error
		if ep, err = tokenauth.ResolveEndpoints(cfg.Getenv); err != nil {
			return nil, err
		}
	}
	hc := cfg.HTTP
	if hc == nil {
		hc = retryingClient(cfg.Retries, cfg.Log)
	}
	return &Platform{cfg: cfg, endpoints: ep, http: hc}, nil
}

// retryingClient is the one base client: the token exchange and the API
// calls share its connections and its retry policy.
func retryingClient(retries int, log zerolog.Logger) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.ResponseHeaderTimeout = 30 * time.Second
	tr.TLSHandshakeTimeout = 10 * time.Second
	// A selection sends several requests at once: keep their connections
	// (and TLS sessions) for the next ones rather than dial again.
	tr.MaxIdleConnsPerHost = 8
	return &http.Client{Transport: &httpretry.Transport{
		Base: tr, Retries: retries, MinWait: 500 * time.Millisecond, MaxWait: 15 * time.Second, Log: log,
	}}
}

// cacheDir returns the configured or default cache directory, created on
// first use, or "" with a warning when there is no safe one: the run goes
// on without a cache.
func (p *Platform) cacheDir() string {
	p.dirOnce.Do(func() {
		if p.cfg.CacheDir != "" {
			p.dir = p.cfg.CacheDir
			return
		}
		dir, err := tokenauth.DefaultCacheDir(p.cfg.Getenv)
		if err != nil {
			p.cfg.Log.Warn().Err(err).Msg("no safe cache directory: going on without a token cache or overlap lock (set PSHCRON_CACHE_DIR)")
			return
		}
		p.dir = dir
	})
	return p.dir
}

// Connect finds the API token and returns a client that authenticates with
// it. It makes no request: the token is exchanged on the first call, or not
// at all when a cached access token is still good. Every call returns the
// same client, so work on several targets shares one token exchange.
func (p *Platform) Connect() (*Client, error) {
	p.connectOnce.Do(func() { p.client, p.connectErr = p.connect() })
	return p.client, p.connectErr
}

func (p *Platform) connect() (*Client, error) {
	cfg := p.cfg
	apiToken, from, err := p.discover()
	if err != nil {
		return nil, err
	}
	dir := p.cacheDir()
	src := tokenauth.New(apiToken, tokenauth.Config{
		TokenURL: p.endpoints.TokenURL, ClientID: p.endpoints.ClientID,
		HTTP: p.http, CacheDir: dir, Now: cfg.Now, Log: cfg.Log,
		UserAgent: cfg.UserAgent, Secret: cfg.Secret, From: from,
	})
	cfg.Log.Debug().Str("token_from", from).Str("token", tokenauth.Fingerprint(apiToken)).Str("cache_dir", dir).Msg("api token found")
	hc := *p.http
	hc.Transport = src.Transport(p.http.Transport, p.endpoints.APIURL)
	// The API never redirects: a redirect is answered as what it is (an
	// error), never followed, so the access token goes nowhere else.
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c, err := api.NewClient(p.endpoints.APIURL, &hc, cfg.UserAgent, cfg.Log)
	if err != nil {
		return nil, err
	}
	c.Clock = cfg.Now
	tc := newClient(c, cfg.Log)
	tc.resends = cfg.Retries
	return tc, nil
}

// Description is what a platform connection would use, for `pshcron env`:
// never a secret.
type Description struct {
	Endpoints tokenauth.Endpoints
	// TokenFrom names where the token was found, TokenFingerprint tells it
	// apart from others; TokenErr says why none was found.
	TokenFrom, TokenFingerprint string
	TokenErr                    error
	// CacheDir is where tokens would be cached; CacheErr why nowhere.
	CacheDir string
	CacheErr error
}

// discover finds the API token: in TokenVar alone when set, else where
// tokenauth.Discover looks. It returns where the token came from too.
func (p *Platform) discover() (token, from string, err error) {
	v := p.cfg.TokenVar
	if v == "" {
		return tokenauth.Discover(p.cfg.Getenv, p.cfg.TokenFile)
	}
	if t := strings.TrimSpace(p.cfg.Getenv(v)); t != "" {
		return t, v, nil
	}
	return "", v, &tokenauth.Error{Kind: tokenauth.KindNoToken, From: v, Msg: v + " is not set, or empty"}
}

// Describe reports what Connect would use, without creating anything.
func (p *Platform) Describe() Description {
	d := Description{Endpoints: p.endpoints}
	if tok, from, err := p.discover(); err == nil {
		d.TokenFrom, d.TokenFingerprint = from, tokenauth.Fingerprint(tok)
	} else {
		d.TokenErr = err
	}
	if p.cfg.CacheDir != "" {
		d.CacheDir = p.cfg.CacheDir
	} else {
		d.CacheDir, d.CacheErr = tokenauth.LookupCacheDir(p.cfg.Getenv)
	}
	return d
}
