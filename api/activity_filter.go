package api

import (
	"net/url"
	"strconv"
	"time"
)

// ActivityFilter is what the official clients filter activity lists by;
// the API honours these query parameters though the specs omit them. Types
// and States are repeated parameters: any of them.
type ActivityFilter struct {
	Types, States []string
	Result        string
	Count         int
	// StartsAt, when set, is an upper bound: activities created at or
	// before it (how the official clients page back through a list).
	StartsAt time.Time
}

func (f ActivityFilter) query() url.Values {
	q := url.Values{}
	for _, t := range f.Types {
		q.Add("type", t)
	}
	for _, s := range f.States {
		q.Add("state", s)
	}
	if f.Result != "" {
		q.Set("result", f.Result)
	}
	if f.Count > 0 {
		q.Set("count", strconv.Itoa(f.Count))
	}
	if !f.StartsAt.IsZero() {
		q.Set("starts_at", f.StartsAt.UTC().Format(time.RFC3339))
	}
	return q
}
