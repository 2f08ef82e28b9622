package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/pshcron/pshcron/emulator"
)

// SpecEnv names the variable that can point at one spec instead of both.
const SpecEnv = "PSHCRON_OPENAPI_SPEC"

// specRels are where the specs sit from the repository root: the default
// host's (Upsun) and the Platform.sh one. Requests must fit both.
var specRels = []string{"../shared/openapi/upsun-openapi.json", "../shared/openapi/platformsh-openapi.json"}

// FindSpecs returns the specs' paths: $PSHCRON_OPENAPI_SPEC alone, else
// specRels from the directory holding go.mod, those that exist.
func FindSpecs() []string {
	if p := os.Getenv(SpecEnv); p != "" {
		return []string{p}
	}
	dir, err := os.Getwd()
	if err != nil {
		return nil
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			var found []string
			for _, rel := range specRels {
				p := filepath.Join(dir, rel)
				if _, err := os.Stat(p); err == nil {
					found = append(found, p)
				}
			}
			return found
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil
		}
		dir = parent
	}
}

// Checkers validate an exchange against every spec, naming the spec that a
// breach is of.
type Checkers []*Checker

// LoadAll loads every spec at paths.
func LoadAll(paths []string) (Checkers, error) {
	var cs Checkers
	for _, p := range paths {
		c, err := Load(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Base(p), err)
		}
		cs = append(cs, c)
	}
	return cs, nil
}

// Check validates request and answer against every spec.
func (cs Checkers) Check(x emulator.Exchange) error {
	return cs.each(func(c *Checker) error { return c.Check(x) })
}

// CheckResponse validates the answer against every spec.
func (cs Checkers) CheckResponse(x emulator.Exchange) error {
	return cs.each(func(c *Checker) error { return c.CheckResponse(x) })
}

func (cs Checkers) each(f func(*Checker) error) error {
	var errs []error
	for _, c := range cs {
		if err := f(c); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", c.Name, err))
		}
	}
	return errors.Join(errs...)
}

// Checker validates exchanges against one spec.
type Checker struct {
	Name            string // the spec's file name
	strict, relaxed routers.Router
	errorSchema     *openapi3.Schema
}

// Load reads the spec at path twice: as it is, and with every
// "additionalProperties": false removed for checking responses.
func Load(path string) (*Checker, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	strict, _, err := router(raw)
	if err != nil {
		return nil, err
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	relax(doc)
	acceptConflicts(doc)
	relaxedRaw, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	relaxed, relaxedDoc, err := router(relaxedRaw)
	if err != nil {
		return nil, err
	}
	errRef := relaxedDoc.Components.Schemas["Error"]
	if errRef == nil || errRef.Value == nil {
		return nil, errors.New("the spec has no Error schema")
	}
	return &Checker{Name: filepath.Base(path), strict: strict, relaxed: relaxed, errorSchema: errRef.Value}, nil
}

func router(raw []byte) (routers.Router, *openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(raw)
	if err != nil {
		return nil, nil, err
	}
	// Route on paths alone: the emulator is not the spec's server.
	doc.Servers = openapi3.Servers{{URL: "http://spec.invalid"}}
	// The Upsun spec carries examples that break their own formats (a
	// date-time example that is not one): examples are documentation, not
	// what an exchange is checked against.
	r, err := legacy.NewRouter(doc, openapi3.DisableExamplesValidation())
	return r, doc, err
}

func relax(v any) {
	switch x := v.(type) {
	case map[string]any:
		if ap, ok := x["additionalProperties"].(bool); ok && !ap {
			delete(x, "additionalProperties")
		}
		for _, c := range x {
			relax(c)
		}
	case []any:
		for _, c := range x {
			relax(c)
		}
	}
}

// conflicts are answer fields the two specs type differently, so that no
// answer fits both: an app's stack is an object in the Upsun spec and a
// list in the Platform.sh one. Such a field is checked against the Upsun
// spec (the default host's) alone: a list-typed one accepts any value.
var conflicts = [][]string{
	{"components", "schemas", "Deployment", "properties", "webapps", "additionalProperties", "properties", "stack"},
	{"components", "schemas", "Deployment", "properties", "workers", "additionalProperties", "properties", "stack"},
}

func acceptConflicts(doc any) {
	for _, path := range conflicts {
		parent, ok := doc.(map[string]any)
		for _, k := range path[:len(path)-1] {
			parent, ok = parent[k].(map[string]any)
			if !ok {
				break
			}
		}
		last := path[len(path)-1]
		if field, _ := parent[last].(map[string]any); ok && field["type"] == "array" {
			parent[last] = map[string]any{}
		}
	}
}

// Check validates one exchange with the emulator's API, request and answer
// (the token endpoint is not in the spec and is skipped).
func (c *Checker) Check(x emulator.Exchange) error {
	return errors.Join(c.CheckRequest(x), c.CheckResponse(x))
}

// deviation is where the official clients knowingly send what a spec does
// not allow, and the API takes it: the request is checked as if the field
// were there, and everything else strictly.
type deviation struct {
	method, pathSuffix, field string
	value                     any
}

// deviations are documented in FACTS.md and docs/testing.md.
var deviations = []deviation{
	// The Platform.sh spec requires synchronize_resources; the official
	// clients send it only when asked, as projects without flexible
	// resources refuse it.
	{"POST", "/synchronize", "synchronize_resources", false},
	// The Platform.sh spec requires every restore option and a deploy's
	// strategy; the official clients send only those given (FACTS.md).
	{"POST", "/restore", "environment_name", ""},
	{"POST", "/restore", "branch_from", ""},
	{"POST", "/restore", "restore_code", true},
	{"POST", "/restore", "restore_resources", true},
	{"POST", "/restore", "resources", map[string]any{}},
	{"POST", "/deploy", "strategy", "stopstart"},
}

// withDeviations returns the body to check, the known deviations filled in.
func withDeviations(x emulator.Exchange) []byte {
	var body map[string]any
	if json.Unmarshal(x.ReqBody, &body) != nil {
		return x.ReqBody
	}
	filled := false
	for _, d := range deviations {
		if x.Method != d.method || !strings.HasSuffix(x.Path, d.pathSuffix) {
			continue
		}
		if _, ok := body[d.field]; !ok {
			body[d.field], filled = d.value, true
		}
	}
	if b, err := json.Marshal(body); filled && err == nil {
		return b
	}
	return x.ReqBody
}

// CheckRequest validates the request strictly.
func (c *Checker) CheckRequest(x emulator.Exchange) error {
	x.ReqBody = withDeviations(x)
	in, err := c.input(c.strict, x)
	if in == nil || err != nil {
		return err
	}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		return fmt.Errorf("request %s %s: %w", x.Method, x.Path, err)
	}
	return nil
}

// CheckResponse validates the answer with additionalProperties relaxed. The
// spec declares only "default" answers, the success shape; an error status is
// checked against the spec's Error schema instead.
func (c *Checker) CheckResponse(x emulator.Exchange) error {
	in, err := c.input(c.relaxed, x)
	if in == nil || err != nil {
		return err
	}
	if x.Status >= 400 {
		var body any
		if err := json.Unmarshal(x.RespBody, &body); err != nil {
			return fmt.Errorf("response %d to %s %s: not JSON: %w", x.Status, x.Method, x.Path, err)
		}
		if err := c.errorSchema.VisitJSON(body); err != nil {
			return fmt.Errorf("response %d to %s %s: not the Error schema: %w", x.Status, x.Method, x.Path, err)
		}
		return nil
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: x.Status, Header: x.RespHeader,
		Body: io.NopCloser(bytes.NewReader(x.RespBody)), Options: in.Options,
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return fmt.Errorf("response %d to %s %s: %w", x.Status, x.Method, x.Path, err)
	}
	return nil
}

// input finds the exchange's operation in r; nil without error means the
// exchange is not an API call.
func (c *Checker) input(r routers.Router, x emulator.Exchange) (*openapi3filter.RequestValidationInput, error) {
	path, ok := strings.CutPrefix(x.Path, emulator.APIPath)
	if !ok || undocumented(x.Method, path) {
		return nil, nil
	}
	target := "http://spec.invalid" + path
	if x.Query != "" {
		target += "?" + x.Query
	}
	req, err := http.NewRequest(x.Method, target, bytes.NewReader(x.ReqBody))
	if err != nil {
		return nil, err
	}
	req.Header = x.ReqHeader.Clone()
	route, params, err := r.FindRoute(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: not in the spec: %w", x.Method, path, err)
	}
	return &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}, nil
}

// undocumented reports whether an exchange is with a path neither spec
// documents, though the official clients use it: an activity's log stream,
// which they reach by its _links.log (FACTS.md). Its lines are checked by
// the emulator's tests instead.
func undocumented(method, path string) bool {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	return method == "GET" && len(parts) == 5 && parts[0] == "projects" && parts[2] == "activities" && parts[4] == "log"
}
