package api

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pshcron/pshcron/internal/httpretry"
)

// An activity's log is a stream at its _links.log, as the official clients
// read it: JSON lines {"_id", "data": {"timestamp", "message"}}, the text in
// data.message, ended by {"seal": true} once the log is complete. A read
// that ends without the seal (the activity still runs, or the connection was
// cut) is read again from the start, each line shown once by its _id.

// Bounds on what a log may hold: a line of the stream, a message, and the
// lines kept in all (past that, the rest is dropped with one note).
const (
	maxLogLine     = 1 << 20
	maxLogMessage  = 64 << 10
	maxLogLines    = 100_000
	truncatedNote  = "... (the rest of this line was cut)\n"
	logLimitReason = "pshcron stopped showing this log after 100000 lines\n"
)

// LogLine is one line of an activity's log.
type LogLine struct {
	ID        string `json:"id,omitempty"`
	Timestamp string `json:"timestamp"`
	Message   string `json:"message"`
}

// ActivityLinks are the links pshcron follows from an activity.
type ActivityLinks struct {
	Log struct {
		Href string `json:"href"`
	} `json:"log"`
}

// LogReader reads one activity's log stream, remembering which lines it
// has shown.
type LogReader struct {
	c      *Client
	url    *url.URL
	urlErr error // the activity's id cannot enter a path
	emit   func(LogLine)
	seen   map[string]bool
	shown  int
}

// NewLogReader returns a reader of the activity's log that passes each new
// line to emit.
func (c *Client) NewLogReader(project string, a *Activity, emit func(LogLine)) *LogReader {
	u, err := c.logURL(project, a)
	return &LogReader{c: c, url: u, urlErr: err, emit: emit, seen: map[string]bool{}}
}

// logURL is the activity's _links.log resolved against the API's URL. The
// link is followed only to the API's own host (the access token goes with
// it); otherwise, or without a link, the log's usual path is read. Its query
// is dropped, as the official CLI does: the log endpoint refuses the list's
// parameters a link may carry. The activity's id is checked as every id
// entering a path is (an IDError).
func (c *Client) logURL(project string, a *Activity) (*url.URL, error) {
	fallback, err := c.url("GET", []string{"projects", project, "activities", a.ID, "log"})
	if err != nil || a.Links.Log.Href == "" {
		return fallback, err
	}
	u, err := c.base.Parse(a.Links.Log.Href)
	if err != nil || u.Scheme != c.base.Scheme || u.Host != c.base.Host || u.User != nil ||
		!strings.HasPrefix(u.EscapedPath(), strings.TrimRight(c.base.EscapedPath(), "/")+"/") {
		c.log.Debug().Str("activity", a.ID).Msg("the activity's log link is not below the API's URL: reading the log's usual path instead")
		return fallback, nil
	}
	u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = "", false, "", ""
	return u, nil
}

// Read sends one GET of the stream and passes the lines not shown yet to
// emit; sealed reports that the log is complete.
func (r *LogReader) Read(ctx context.Context) (sealed bool, err error) {
	if r.urlErr != nil {
		return false, r.urlErr
	}
	req, err := http.NewRequestWithContext(httpretry.WithIdempotent(ctx), "GET", r.url.String(), nil)
	if err != nil {
		return false, err
	}
	req.Header.Set("User-Agent", r.c.userAgent)
	where := r.url.EscapedPath()
	resp, err := r.c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return false, &NetError{Method: "GET", Path: where, Err: ctx.Err()}
		}
		return false, &NetError{Method: "GET", Path: where, Err: httpretry.Cause(err)}
	}
	defer resp.Body.Close()
	r.c.log.Debug().Str("method", "GET").Str("path", where).Int("status", resp.StatusCode).Msg("api")
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		return false, &APIError{Method: "GET", Path: where, Status: resp.StatusCode, Message: errorMessage(raw)}
	}
	sealed, err = r.scan(resp.Body)
	if err != nil && !sealed {
		return false, &NetError{Method: "GET", Path: where, Err: err}
	}
	return sealed, nil
}

// scan reads the stream's lines until its end or the seal.
func (r *LogReader) scan(body io.Reader) (sealed bool, err error) {
	br := bufio.NewReaderSize(body, 64<<10)
	for pos := 1; ; pos++ {
		line, err := readLine(br)
		if len(bytes.TrimSpace(line)) > 0 {
			if r.take(line, pos) {
				return true, nil
			}
		}
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
	}
}

// take handles one line of the stream at position pos; true for the seal.
// A line that is not the expected JSON is skipped, as the official clients
// skip lines without a message.
func (r *LogReader) take(raw []byte, pos int) (seal bool) {
	var in struct {
		ID   any  `json:"_id"`
		Seal bool `json:"seal"`
		Data *struct {
			Timestamp string `json:"timestamp"`
			Message   string `json:"message"`
		} `json:"data"`
	}
	if json.Unmarshal(raw, &in) != nil {
		return false
	}
	if in.Seal {
		return true
	}
	if in.Data == nil || in.Data.Message == "" {
		return false
	}
	// Lines without an id are known by their place: each read starts over.
	key := "#" + strconv.Itoa(pos)
	if s, ok := in.ID.(string); ok && s != "" {
		key = s
	}
	if r.seen[key] || r.shown > maxLogLines {
		return false
	}
	r.seen[key] = true
	r.shown++
	msg := in.Data.Message
	if len(msg) > maxLogMessage {
		msg = strings.ToValidUTF8(msg[:maxLogMessage], "") + truncatedNote
	}
	if r.shown > maxLogLines {
		msg = logLimitReason
	}
	r.emit(LogLine{ID: strings.TrimPrefix(key, "#"), Timestamp: in.Data.Timestamp, Message: msg})
	return false
}

// readLine reads one line; one longer than maxLogLine is read to its end
// and dropped (returned empty), instead of filling memory.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	over := false
	for {
		chunk, err := br.ReadSlice('\n')
		if over = over || len(line)+len(chunk) > maxLogLine; over {
			line = nil
		} else {
			line = append(line, chunk...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return line, err
	}
}
