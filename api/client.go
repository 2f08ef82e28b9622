package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/pshcron/pshcron/internal/httpretry"
	"github.com/pshcron/pshcron/tokenauth"
)

// maxResponse bounds what is read of a successful API answer; maxErrorBody of
// an error answer.
const (
	maxResponse  = 8 << 20
	maxErrorBody = 64 << 10
)

// Client calls the platform's REST API.
type Client struct {
	// Clock is this machine's clock, read when an answer arrives
	// (Response.Received); a test or the emulator may set another.
	Clock func() time.Time

	base      *url.URL
	http      *http.Client
	userAgent string
	log       zerolog.Logger
}

// Target is one environment of one project.
type Target struct {
	Project, Environment string
}

// NewClient returns a client for the API at apiURL (which may carry a base
// path). httpClient must add authentication; it is used as given.
func NewClient(apiURL string, httpClient *http.Client, userAgent string, log zerolog.Logger) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(apiURL, "/"))
	if err != nil {
		return nil, &ConfigError{Msg: "the API URL is not a URL"}
	}
	return &Client{base: u, http: httpClient, userAgent: userAgent, log: log, Clock: time.Now}, nil
}

// url joins escaped segments below the base, so that an environment id
// such as feature/x travels as feature%2Fx. It is the one place every path
// is built: a segment that escaping cannot make safe (see IDError) is
// refused here, whether it came from the command line or from an answer.
func (c *Client) url(method string, segments []string) (*url.URL, error) {
	u := *c.base
	var raw strings.Builder
	raw.WriteString(u.EscapedPath())
	var plain strings.Builder
	plain.WriteString(u.Path)
	for _, s := range segments {
		if !validSegment(s) {
			return nil, &IDError{Method: method, Path: raw.String(), Value: s}
		}
		raw.WriteString("/" + url.PathEscape(s))
		plain.WriteString("/" + s)
	}
	u.Path, u.RawPath = plain.String(), raw.String()
	return &u, nil
}

// Response is what an answer tells beyond its body: the platform's clock.
type Response struct {
	// Date is the platform's time when it answered (its Date header, to the
	// second); zero when the header was missing or unreadable.
	Date time.Time
	// Received is this machine's clock when the answer arrived: only its
	// monotonic distance to other readings of the same clock is meaningful.
	Received time.Time
}

// do sends one request and decodes a 2xx answer into out.
func (c *Client) do(ctx context.Context, method string, segments []string, in, out any) error {
	_, err := c.send(ctx, method, segments, nil, in, out)
	return err
}

// get is one read: a GET decoded into out, with the answer's clock.
func (c *Client) get(ctx context.Context, segments []string, query url.Values, out any) (*Response, error) {
	return c.send(ctx, "GET", segments, query, nil, out)
}

// send is do with a query, returning what the answer tells of the
// platform's clock (nil when no answer came).
func (c *Client) send(ctx context.Context, method string, segments []string, query url.Values, in, out any) (*Response, error) {
	u, err := c.url(method, segments)
	if err != nil {
		return nil, err
	}
	u.RawQuery = query.Encode()
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	where := u.EscapedPath()
	resp, err := c.http.Do(req)
	if err != nil {
		var authErr *tokenauth.Error
		if errors.As(err, &authErr) {
			return nil, authErr
		}
		if ctx.Err() != nil {
			return nil, &NetError{Method: method, Path: where, Err: ctx.Err()}
		}
		return nil, &NetError{Method: method, Path: where, Err: httpretry.Cause(err)}
	}
	defer resp.Body.Close()
	ans := &Response{Received: c.Clock()}
	if d, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		ans.Date = d
	}
	c.log.Debug().Str("method", method).Str("path", where).Int("status", resp.StatusCode).Msg("api")
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		drain(resp.Body)
		return ans, &RedirectError{Method: method, Path: where, Status: resp.StatusCode, Location: redirectTarget(u, resp.Header.Get("Location"))}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		return ans, &APIError{Method: method, Path: where, Status: resp.StatusCode, Message: errorMessage(raw)}
	}
	return ans, decodeAnswer(resp.Body, method, where, out)
}

// decodeAnswer reads a 2xx answer, within maxResponse, into out (nil: the
// body is read and dropped).
func decodeAnswer(body io.Reader, method, where string, out any) error {
	raw, err := io.ReadAll(io.LimitReader(body, maxResponse+1))
	if err != nil {
		return &NetError{Method: method, Path: where, Err: fmt.Errorf("the answer was cut short: %w", err)}
	}
	if len(raw) > maxResponse {
		return &BadAnswerError{Method: method, Path: where, Problem: "is larger than 8 MiB"}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		problem := "is not JSON"
		if len(bytes.TrimSpace(raw)) == 0 {
			problem = "is empty"
		}
		return &BadAnswerError{Method: method, Path: where, Problem: problem}
	}
	return nil
}

// redirectTarget resolves a Location against the request's URL and drops
// what could hold a secret (user info, query, fragment) before it is shown.
func redirectTarget(from *url.URL, location string) string {
	if location == "" {
		return "(no Location)"
	}
	to, err := from.Parse(location)
	if err != nil {
		return "(an unparsable Location)"
	}
	to.User, to.RawQuery, to.ForceQuery, to.Fragment, to.RawFragment = nil, "", false, "", ""
	return to.String()
}

func drain(body io.Reader) { _, _ = io.Copy(io.Discard, io.LimitReader(body, maxErrorBody)) }

// errorMessage picks the most telling field of an error body, whichever of
// the platform's or OAuth's shapes it has. A refusal's reason is in
// detail.error, as the official CLI reads it, and field errors in
// detail.{field}: those say more than the message beside them.
func errorMessage(raw []byte) string {
	var body map[string]any
	if json.Unmarshal(raw, &body) != nil {
		return ""
	}
	detail, _ := body["detail"].(map[string]any)
	if reason, ok := detail["error"].(string); ok && strings.TrimSpace(reason) != "" {
		return oneLine(reason, 300)
	}
	msg := ""
	for _, k := range []string{"message", "detail", "title", "error_description", "error"} {
		if s, ok := body[k].(string); ok && strings.TrimSpace(s) != "" {
			msg = s
			break
		}
	}
	switch fields := fieldErrors(detail); {
	case fields != "" && strings.TrimSpace(msg) == "":
		msg = fields
	case fields != "":
		msg += " (" + fields + ")"
	}
	return oneLine(msg, 300)
}

// fieldErrors writes detail's field errors ({"safe": ["This field is
// required."]}) as "safe: This field is required.", sorted by field.
func fieldErrors(detail map[string]any) string {
	var parts []string
	for field, v := range detail {
		if field == "error" {
			continue // the reason, read before: blank here
		}
		var msgs []string
		switch v := v.(type) {
		case string:
			msgs = append(msgs, v)
		case []any:
			for _, m := range v {
				if s, ok := m.(string); ok {
					msgs = append(msgs, s)
				}
			}
		}
		if m := strings.TrimSpace(strings.Join(msgs, " ")); m != "" {
			parts = append(parts, field+": "+m)
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}

// oneLine flattens s and cuts it at n runes, so one error stays one line.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "..."
	}
	return s
}

// validSegment reports whether s can be one path segment of a request.
func validSegment(s string) bool {
	if s == "" || s == "." || s == ".." {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f || r >= 0x80 && r <= 0x9f }) < 0
}
