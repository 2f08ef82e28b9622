package api

import (
	"net/url"
	"strconv"
)

// ActivityFilter is what the official clients filter activity lists by;
// the API honours these query parameters though the specs omit them. Types
// and States are repeated parameters: any of them.
type ActivityFilter struct {
	Types, States []string
	Result        string
	Count         int
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
	return q
}
