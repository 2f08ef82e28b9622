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

// Check validates one exchange with the emulator's API, request and answer
// (the token endpoint is not in the spec and is skipped).
func (c *Checker) Check(x emulator.Exchange) error {
	return errors.Join(c.CheckRequest(x), c.CheckResponse(x))
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
