package tokenauth

import (
	"context"
	base64pkg "encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const apiToken = "APITOKEN-abcdef0123456789"

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// authServer issues numbered access tokens valid for life seconds.
type authServer struct {
	*httptest.Server
	exchanges atomic.Int32
	life      int
	status    int
	body      string
}

func newAuthServer(t *testing.T) *authServer {
	a := &authServer{life: 900}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		assert.True(t, ok)
		assert.Equal(t, "platform-api-user", user)
		assert.Equal(t, "", pass)
		assert.Equal(t, "application/x-www-form-urlencoded", r.Header.Get("Content-Type"))
		require.NoError(t, r.ParseForm())
		assert.Equal(t, "api_token", r.PostForm.Get("grant_type"))
		n := a.exchanges.Add(1)
		if a.status != 0 {
			w.WriteHeader(a.status)
			_, _ = io.WriteString(w, a.body)
			return
		}
		if r.PostForm.Get("api_token") != apiToken {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"error":"invalid_grant","error_description":"Invalid API token."}`)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{
			"access_token": fmt.Sprintf("ACCESS-%d", n), "expires_in": a.life, "token_type": "bearer"})
	}))
	t.Cleanup(a.Close)
	return a
}

func newSource(t *testing.T, a *authServer, dir string, c *clock) *Source {
	return New(apiToken, Config{
		TokenURL: a.URL + "/oauth2/token", ClientID: DefaultClientID,
		HTTP: a.Client(), CacheDir: dir, Now: c.Now, Log: zerolog.Nop(),
	})
}

func TestTokenCachedOnDiskAndReused(t *testing.T) {
	t.Parallel()
	a := newAuthServer(t)
	dir := t.TempDir()
	c := &clock{t: time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)}
	ctx := context.Background()

	tok, err := newSource(t, a, dir, c).Token(ctx)
	require.NoError(t, err)
	assert.Equal(t, "ACCESS-1", tok)

	// A second run (a new Source) reads the file instead of exchanging.
	tok, err = newSource(t, a, dir, c).Token(ctx)
	require.NoError(t, err)
	assert.Equal(t, "ACCESS-1", tok)
	assert.Equal(t, int32(1), a.exchanges.Load())

	files, _ := filepath.Glob(filepath.Join(dir, "token-*.json"))
	require.Len(t, files, 1)
	fi, err := os.Stat(files[0])
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	b, _ := os.ReadFile(files[0])
	assert.NotContains(t, string(b), apiToken, "the API token itself is never written")

	// Shortly before expiry it is exchanged again.
	c.Add(900*time.Second - 30*time.Second)
	tok, err = newSource(t, a, dir, c).Token(ctx)
	require.NoError(t, err)
	assert.Equal(t, "ACCESS-2", tok)
}

func TestCorruptOrForeignCacheIgnored(t *testing.T) {
	t.Parallel()
	a := newAuthServer(t)
	dir := t.TempDir()
	c := &clock{t: time.Now()}
	key := cacheKey(apiToken, a.URL+"/oauth2/token", DefaultClientID)
	for _, content := range []string{"{trunc", `{"v":1,"key":"other","access_token":"X","expires_at":"2999-01-01T00:00:00Z"}`, ""} {
		require.NoError(t, os.WriteFile(cachePath(dir, key), []byte(content), 0o600))
		tok, err := newSource(t, a, dir, c).Token(context.Background())
		require.NoError(t, err)
		assert.NotEqual(t, "X", tok)
	}
	assert.Equal(t, int32(3), a.exchanges.Load())
}

func TestInvalidTokenIsRejected(t *testing.T) {
	t.Parallel()
	a := newAuthServer(t)
	s := New("wrong-token", Config{TokenURL: a.URL, ClientID: DefaultClientID, HTTP: a.Client(), Log: zerolog.Nop(), From: "UPSUN_CLI_TOKEN"})
	_, err := s.Token(context.Background())
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, KindRejected, e.Kind)
	assert.Contains(t, e.Error(), "Invalid API token")
	assert.Equal(t, "UPSUN_CLI_TOKEN", e.From, "the hint can name the variable that was read")
	assert.NotContains(t, e.Error(), "wrong-token")
}

func TestAuthServerFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status int
		body   string
		kind   Kind
	}{
		{500, "oops", KindUnreachable},
		{200, "not json", KindUnreachable},
		{200, `{"token_type":"bearer"}`, KindUnreachable},
		{400, `{"error":"invalid_grant","error_description":"bad ` + apiToken + `"}`, KindRejected},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status, tt.body), func(t *testing.T) {
			a := newAuthServer(t)
			a.status, a.body = tt.status, tt.body
			_, err := newSource(t, a, "", &clock{t: time.Now()}).Token(context.Background())
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.kind, e.Kind)
			assert.NotContains(t, err.Error(), apiToken)
		})
	}
}

func TestBearerRetriesOnceAfter401(t *testing.T) {
	t.Parallel()
	a := newAuthServer(t)
	var calls atomic.Int32
	var refuse atomic.Int32 // how many 401s to give
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		b, _ := io.ReadAll(r.Body)
		assert.Equal(t, `{"safe":true}`, string(b))
		if refuse.Add(-1) >= 0 {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = io.WriteString(w, r.Header.Get("Authorization"))
	}))
	defer api.Close()
	dir := t.TempDir()
	src := newSource(t, a, dir, &clock{t: time.Now()})
	client := &http.Client{Transport: src.Transport(api.Client().Transport, api.URL)}

	post := func() *http.Response {
		req, _ := http.NewRequest("POST", api.URL, strings.NewReader(`{"safe":true}`))
		resp, err := client.Do(req)
		require.NoError(t, err)
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	refuse.Store(1)
	resp := post()
	assert.Equal(t, 200, resp.StatusCode)
	b, _ := io.ReadAll(resp.Body)
	assert.Equal(t, "Bearer ACCESS-2", string(b), "a fresh token after the 401")
	assert.Equal(t, int32(2), calls.Load())

	refuse.Store(2)
	resp = post()
	assert.Equal(t, 401, resp.StatusCode, "a second 401 is the caller's to report")
	assert.Equal(t, int32(3), a.exchanges.Load(), "one exchange per 401")
}

func TestDiscover(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "tok")
	require.NoError(t, os.WriteFile(good, []byte("  filetoken\n"), 0o600))
	empty := filepath.Join(dir, "empty")
	require.NoError(t, os.WriteFile(empty, []byte("\n"), 0o600))
	tests := []struct {
		name      string
		env       map[string]string
		file      string
		want, src string
		err       string
	}{
		{"platformsh first", map[string]string{"PLATFORMSH_CLI_TOKEN": "a\n", "UPSUN_CLI_TOKEN": "b"}, good, "a", "PLATFORMSH_CLI_TOKEN", ""},
		{"upsun next", map[string]string{"UPSUN_CLI_TOKEN": " b "}, good, "b", "UPSUN_CLI_TOKEN", ""},
		{"file last", nil, good, "filetoken", good, ""},
		{"whitespace only", map[string]string{"PLATFORMSH_CLI_TOKEN": " \n"}, "", "", "", "PLATFORMSH_CLI_TOKEN is set but empty"},
		{"none", nil, "", "", "", "no API token"},
		{"empty file", nil, empty, "", "", "does not hold one token"},
		{"missing file", nil, filepath.Join(dir, "nope"), "", "", "cannot read the token file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, src, err := Discover(func(k string) string { return tt.env[k] }, tt.file)
			if tt.err != "" {
				var e *Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, KindNoToken, e.Kind)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, tok)
			assert.Equal(t, tt.src, src)
		})
	}
}

func TestResolveEndpoints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want Endpoints
		err  string
	}{
		{"defaults", nil, Endpoints{"https://api.upsun.com", "https://auth.upsun.com/oauth2/token", "platform-api-user"}, ""},
		{"ours win", map[string]string{"PSHCRON_API_URL": "http://127.0.0.1:9/api/", "PLATFORMSH_CLI_API_URL": "https://x",
			"PSHCRON_AUTH_URL": "http://localhost:8", "PSHCRON_CLIENT_ID": "me"},
			Endpoints{"http://127.0.0.1:9/api", "http://localhost:8/oauth2/token", "me"}, ""},
		{"official overrides", map[string]string{"PLATFORMSH_CLI_API_URL": "https://api.platform.sh",
			"UPSUN_CLI_OAUTH2_TOKEN_URL": "https://auth.api.platform.sh/oauth2/token"},
			Endpoints{"https://api.platform.sh", "https://auth.api.platform.sh/oauth2/token", "platform-api-user"}, ""},
		{"plain http refused", map[string]string{"PSHCRON_API_URL": "http://api.example.com"}, Endpoints{}, "is plain http"},
		{"ipv6 loopback ok", map[string]string{"PSHCRON_AUTH_URL": "http://[::1]:8"}, Endpoints{"https://api.upsun.com", "http://[::1]:8/oauth2/token", "platform-api-user"}, ""},
		{"not a url", map[string]string{"PSHCRON_API_URL": "api.example.com"}, Endpoints{}, "is not an http(s) URL"},
		{"credentials", map[string]string{"PSHCRON_API_URL": "https://u:p@x"}, Endpoints{}, "must not carry credentials"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ResolveEndpoints(func(k string) string { return tt.env[k] })
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				assert.NotContains(t, err.Error(), "u:p")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestCacheDirRefusesUnsafeDirectory(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "c")
	require.NoError(t, os.Mkdir(dir, 0o755))
	require.NoError(t, os.Chmod(dir, 0o755))
	_, err := DefaultCacheDir(func(k string) string { return map[string]string{"PSHCRON_CACHE_DIR": dir}[k] })
	assert.ErrorContains(t, err, "readable by others")

	home := t.TempDir()
	got, err := DefaultCacheDir(func(k string) string { return map[string]string{"HOME": home}[k] })
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(home, ".cache", "pshcron"), got)
	fi, _ := os.Stat(got)
	assert.Equal(t, os.FileMode(0o700), fi.Mode().Perm())
}

func TestExpiry(t *testing.T) {
	t.Parallel()
	assert.Equal(t, 900*time.Second, parseExpiresIn(json.RawMessage(`900`)))
	assert.Equal(t, 60*time.Second, parseExpiresIn(json.RawMessage(`"60"`)))
	assert.Zero(t, parseExpiresIn(json.RawMessage(`-1`)))
	now := time.Unix(1000, 0)
	jwt := "h." + strings.TrimRight(b64url(`{"exp":1600}`), "=") + ".s"
	assert.Equal(t, 600*time.Second, jwtLifetime(jwt, now))
	assert.Zero(t, jwtLifetime("nope", now))
}

func b64url(s string) string {
	return strings.TrimRight(base64URL.EncodeToString([]byte(s)), "=")
}

var base64URL = base64pkg.URLEncoding

func TestRedirectOnExchangeNotFollowed(t *testing.T) {
	t.Parallel()
	var leaked atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Add(1)
	}))
	defer elsewhere.Close()
	auth := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/steal", http.StatusTemporaryRedirect)
	}))
	defer auth.Close()
	s := New(apiToken, Config{TokenURL: auth.URL, ClientID: DefaultClientID, HTTP: http.DefaultClient, Log: zerolog.Nop()})
	_, err := s.Token(context.Background())
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, KindRejected, e.Kind)
	assert.Contains(t, e.Error(), "HTTP 307")
	assert.Zero(t, leaked.Load(), "the token was not sent on to the redirect's target")
}

func TestCacheDirOfAnotherUserRefused(t *testing.T) {
	t.Parallel()
	if os.Getuid() != 0 {
		t.Skip("needs root to hand a directory to another user")
	}
	dir := filepath.Join(t.TempDir(), "c")
	require.NoError(t, os.Mkdir(dir, 0o700))
	require.NoError(t, os.Chown(dir, 12345, 12345))
	_, err := DefaultCacheDir(func(k string) string { return map[string]string{"PSHCRON_CACHE_DIR": dir}[k] })
	assert.ErrorContains(t, err, "belongs to another user")
}

func TestConcurrentRunsNeverCorruptTheCache(t *testing.T) {
	t.Parallel()
	a := newAuthServer(t)
	dir := t.TempDir()
	c := &clock{t: time.Now()}
	key := cacheKey(apiToken, a.URL+"/oauth2/token", DefaultClientID)
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				s := newSource(t, a, dir, c)
				tok, err := s.Token(context.Background())
				assert.NoError(t, err)
				s.Invalidate(tok)
				// Whatever is on disk now is whole, or absent.
				if b, err := os.ReadFile(cachePath(dir, key)); err == nil {
					var e cacheEntry
					assert.NoError(t, json.Unmarshal(b, &e), "a torn cache file: %q", b)
				}
			}
		}()
	}
	wg.Wait()
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".token-*"))
	assert.Empty(t, leftovers, "no temporary files left")
}

// FuzzTokenAnswer feeds the exchange arbitrary answers: an access token or
// an error, never a panic, and never the API token in the error.
func FuzzTokenAnswer(f *testing.F) {
	f.Add(200, `{"access_token":"x","expires_in":900,"token_type":"bearer"}`)
	f.Add(200, `{"access_token":"a.eyJleHAiOjF9.c"}`)
	f.Add(400, `{"error":"invalid_grant","error_description":"`+apiToken+`"}`)
	f.Add(200, `{"access_token":1}`)
	f.Add(500, ``)
	f.Fuzz(func(t *testing.T, status int, body string) {
		if status < 200 || status > 599 {
			return
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
		}))
		defer srv.Close()
		s := New(apiToken, Config{TokenURL: srv.URL, ClientID: "c", HTTP: srv.Client(), Log: zerolog.Nop()})
		tok, err := s.Token(context.Background())
		if err == nil && tok == "" {
			t.Fatal("no token and no error")
		}
		if err != nil && strings.Contains(err.Error(), apiToken) {
			t.Fatal("the API token in an error")
		}
	})
}

func TestBearerGoesToTheAPIOriginOnly(t *testing.T) {
	t.Parallel()
	a := newAuthServer(t)
	var leaked atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			leaked.Add(1)
		}
	}))
	defer other.Close()
	src := newSource(t, a, t.TempDir(), &clock{t: time.Now()})
	client := &http.Client{Transport: src.Transport(http.DefaultTransport, "http://api.invalid")}
	req, _ := http.NewRequest("GET", other.URL, nil)
	_, err := client.Do(req)
	var authErr *Error
	require.ErrorAs(t, err, &authErr)
	assert.Contains(t, authErr.Error(), "refusing to send the access token")
	assert.Zero(t, leaked.Load(), "no request with a token reached another origin")
	assert.Zero(t, a.exchanges.Load(), "refused before the token was even fetched")
}

// A FIFO planted as the cache file must not block the run: it is not a
// cache entry, so the token is exchanged.
func TestCacheFileThatIsAFIFOIsIgnored(t *testing.T) {
	t.Parallel()
	a := newAuthServer(t)
	dir := t.TempDir()
	src := newSource(t, a, dir, &clock{t: time.Now()})
	require.NoError(t, syscall.Mkfifo(cachePath(dir, src.key), 0o600))
	done := make(chan error, 1)
	go func() {
		_, err := src.Token(context.Background())
		done <- err
	}()
	select {
	case err := <-done:
		assert.NoError(t, err)
		assert.Equal(t, int32(1), a.exchanges.Load())
	case <-time.After(5 * time.Second):
		t.Fatal("blocked on the FIFO")
	}
}
