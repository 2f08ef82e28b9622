package httpretry

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRetryAfter is the longest Retry-After believed; beyond it the value is
// treated as absurd and ignored in favour of the backoff.
const maxRetryAfter = 24 * time.Hour

// ParseRetryAfter reads a Retry-After value in seconds or HTTP-date form.
// Negative, malformed and absurd values are rejected (ok false); a date in the
// past means no wait.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 || n > int64(maxRetryAfter/time.Second) {
			return 0, false
		}
		return time.Duration(n) * time.Second, true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := at.Sub(now)
	if d < 0 {
		return 0, true
	}
	if d > maxRetryAfter {
		return 0, false
	}
	return d, true
}
