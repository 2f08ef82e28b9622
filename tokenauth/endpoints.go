package tokenauth

import (
	"net"
	"net/url"
	"strings"
)

// The hosts the official CLI uses today.
const (
	DefaultAPIURL   = "https://api.upsun.com"
	DefaultAuthURL  = "https://auth.upsun.com"
	DefaultClientID = "platform-api-user"
)

// Endpoints says where tokens are exchanged and sent.
type Endpoints struct {
	APIURL   string
	TokenURL string
	ClientID string
}

// first returns the first non-empty value of the named variables.
func first(getenv func(string) string, names ...string) string {
	for _, n := range names {
		if v := strings.TrimSpace(getenv(n)); v != "" {
			return v
		}
	}
	return ""
}

// ResolveEndpoints reads pshcron's overrides, then the official CLIs', then
// the defaults. A plain http:// URL is refused unless its host is loopback:
// the token never crosses a network in clear text.
func ResolveEndpoints(getenv func(string) string) (Endpoints, error) {
	e := Endpoints{
		APIURL: first(getenv, "PSHCRON_API_URL", "PLATFORMSH_CLI_API_URL", "UPSUN_CLI_API_URL"),
		TokenURL: first(getenv, "PSHCRON_TOKEN_URL", "PLATFORMSH_CLI_OAUTH2_TOKEN_URL",
			"UPSUN_CLI_OAUTH2_TOKEN_URL"),
		ClientID: first(getenv, "PSHCRON_CLIENT_ID", "PLATFORMSH_CLI_OAUTH2_CLIENT_ID",
			"UPSUN_CLI_OAUTH2_CLIENT_ID"),
	}
	if e.APIURL == "" {
		e.APIURL = DefaultAPIURL
	}
	if e.TokenURL == "" {
		auth := first(getenv, "PSHCRON_AUTH_URL", "PLATFORMSH_CLI_AUTH_URL", "UPSUN_CLI_AUTH_URL")
		if auth == "" {
			auth = DefaultAuthURL
		}
		e.TokenURL = strings.TrimRight(auth, "/") + "/oauth2/token"
	}
	if e.ClientID == "" {
		e.ClientID = DefaultClientID
	}
	e.APIURL = strings.TrimRight(e.APIURL, "/")
	for _, u := range []struct{ what, v string }{{"API URL", e.APIURL}, {"token URL", e.TokenURL}} {
		if err := checkURL(u.what, u.v); err != nil {
			return Endpoints{}, err
		}
	}
	return e, nil
}

func checkURL(what, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return &Error{Kind: KindConfig, Msg: "the " + what + " " + redactURL(raw) + " is not an http(s) URL",
			hint: "check PSHCRON_API_URL, PSHCRON_AUTH_URL and the PLATFORMSH_CLI_* overrides"}
	}
	if u.User != nil {
		return &Error{Kind: KindConfig, Msg: "the " + what + " must not carry credentials"}
	}
	if u.Scheme == "http" && !IsLoopback(u.Hostname()) {
		return &Error{Kind: KindConfig, Msg: "the " + what + " " + redactURL(raw) + " is plain http",
			hint: "use https; plain http is allowed only on a loopback address, so tokens never cross a network in clear text"}
	}
	return nil
}

// IsLoopback reports whether host is localhost or a loopback address.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// redactURL drops user info and query from a URL before it is shown.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable)"
	}
	u.User = nil
	u.RawQuery = ""
	u.Fragment = ""
	return u.String()
}
