package envdetect

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// MaxValueSize bounds a base64 variable. Real ones are kilobytes; anything
// near this is a mistake, and refusing it keeps memory flat.
const MaxValueSize = 4 << 20

// VarError says which variable is malformed and how.
type VarError struct {
	Name    string
	Problem string
	// Expect is what the platform sets the variable to, for a variable
	// that is not base64-encoded JSON.
	Expect string
}

func (e *VarError) Error() string { return e.Name + " " + e.Problem }

// Hint tells the user what to check.
func (e *VarError) Hint() string {
	if e.Expect != "" {
		return "the platform sets " + e.Name + " to " + e.Expect + "; unset it (pshcron then asks the API) or fix its value"
	}
	return "the platform sets " + e.Name + " as base64-encoded JSON; unset it or fix its value"
}

// decodeBase64JSON decodes value into out. It accepts padded and unpadded
// standard base64 (the platform pads; hand-made values often do not) and
// ignores surrounding whitespace.
func decodeBase64JSON(name, value string, out any) error {
	if len(value) > MaxValueSize {
		return &VarError{Name: name, Problem: fmt.Sprintf("is too large (%d bytes, at most %d)", len(value), MaxValueSize)}
	}
	value = strings.TrimSpace(value)
	raw, err := base64.StdEncoding.DecodeString(value)
	if err != nil {
		var err2 error
		raw, err2 = base64.RawStdEncoding.DecodeString(value)
		if err2 != nil {
			return &VarError{Name: name, Problem: "is not valid base64: " + err.Error()}
		}
	}
	if err := json.Unmarshal(raw, out); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return &VarError{Name: name, Problem: fmt.Sprintf("does not hold the expected JSON: %s where %s was expected", typeErr.Value, typeErr.Type)}
		}
		return &VarError{Name: name, Problem: "is not valid JSON once decoded: " + err.Error()}
	}
	return nil
}

// URLHosts returns the sorted, distinct, lower-case hosts of urls, only of
// the https ones if httpsOnly. What is not a URL with a host is skipped,
// placeholders such as {default} included (the platform resolves them before
// runtime).
func URLHosts(urls []string, httpsOnly bool) []string {
	seen := map[string]bool{}
	hosts := []string{}
	for _, raw := range urls {
		u, err := url.Parse(raw)
		if err != nil || u.Hostname() == "" || strings.ContainsAny(u.Hostname(), "{}") ||
			(httpsOnly && !strings.EqualFold(u.Scheme, "https")) {
			continue
		}
		h := strings.ToLower(u.Hostname())
		if !seen[h] {
			seen[h] = true
			hosts = append(hosts, h)
		}
	}
	sort.Strings(hosts)
	return hosts
}
