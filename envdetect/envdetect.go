package envdetect

import "encoding/json"

// Phase says where pshcron runs: in a build hook, at runtime in a container
// (cron, deploy hook, SSH) or outside the platform.
type Phase string

// The phases Detect tells apart.
const (
	PhaseBuild   Phase = "build"
	PhaseRuntime Phase = "runtime"
	PhaseLocal   Phase = "local"
)

// Env is what the container says about itself. Raw base64 values are kept
// undecoded until a command asks for them.
type Env struct {
	Project     string // PLATFORM_PROJECT
	Branch      string // PLATFORM_BRANCH: the environment id in the API
	MachineName string // PLATFORM_ENVIRONMENT: not the API id
	Type        string // PLATFORM_ENVIRONMENT_TYPE
	Application string // PLATFORM_APPLICATION_NAME
	AppDir      string // PLATFORM_APP_DIR
	TreeID      string // PLATFORM_TREE_ID
	Mode        string // PLATFORM_MODE (Dedicated)
	Phase       Phase

	rawRoutes      string
	rawVariables   string
	rawApplication string
}

// Detect reads the variables. It does no decoding and cannot fail; decoding
// errors surface from Routes, Domains, Variables and AppConfig.
func Detect(getenv func(string) string) *Env {
	e := &Env{
		Project:        getenv("PLATFORM_PROJECT"),
		Branch:         getenv("PLATFORM_BRANCH"),
		MachineName:    getenv("PLATFORM_ENVIRONMENT"),
		Type:           getenv("PLATFORM_ENVIRONMENT_TYPE"),
		Application:    getenv("PLATFORM_APPLICATION_NAME"),
		AppDir:         getenv("PLATFORM_APP_DIR"),
		TreeID:         getenv("PLATFORM_TREE_ID"),
		Mode:           getenv("PLATFORM_MODE"),
		rawRoutes:      getenv("PLATFORM_ROUTES"),
		rawVariables:   getenv("PLATFORM_VARIABLES"),
		rawApplication: getenv("PLATFORM_APPLICATION"),
	}
	switch {
	case e.Project != "" && e.Branch != "":
		e.Phase = PhaseRuntime
	case e.Project != "":
		e.Phase = PhaseBuild
	default:
		e.Phase = PhaseLocal
	}
	return e
}

// Route is one entry of PLATFORM_ROUTES. Only the fields pshcron reads are
// named; the rest are ignored.
type Route struct {
	Type        string `json:"type"`
	Upstream    string `json:"upstream,omitempty"`
	To          string `json:"to,omitempty"`
	OriginalURL string `json:"original_url,omitempty"`
	Primary     bool   `json:"primary,omitempty"`
	ID          string `json:"id,omitempty"`
}

// Routes decodes PLATFORM_ROUTES: a map from URL to route. Unset is an empty
// map, not an error.
func (e *Env) Routes() (map[string]Route, error) {
	return decodeMap[Route]("PLATFORM_ROUTES", e.rawRoutes)
}

// Domains returns the sorted, distinct hosts of the environment's routes.
func (e *Env) Domains() ([]string, error) { return e.routeHosts(false) }

// TLSDomains returns the sorted, distinct hosts of the https routes: the
// domains that need a certificate.
func (e *Env) TLSDomains() ([]string, error) { return e.routeHosts(true) }

func (e *Env) routeHosts(httpsOnly bool) ([]string, error) {
	routes, err := e.Routes()
	if err != nil {
		return nil, err
	}
	urls := make([]string, 0, len(routes))
	for u := range routes {
		urls = append(urls, u)
	}
	return URLHosts(urls, httpsOnly), nil
}

// Variables decodes PLATFORM_VARIABLES. Values may be secrets: callers must
// not print them.
func (e *Env) Variables() (map[string]any, error) {
	return decodeMap[any]("PLATFORM_VARIABLES", e.rawVariables)
}

// AppConfig decodes PLATFORM_APPLICATION, the app's own configuration,
// as JSON (which is YAML too, for the linter); nil when unset.
func (e *Env) AppConfig() (json.RawMessage, error) {
	if e.rawApplication == "" {
		return nil, nil
	}
	var raw json.RawMessage
	if err := decodeBase64JSON("PLATFORM_APPLICATION", e.rawApplication, &raw); err != nil {
		return nil, err
	}
	return raw, nil
}

// decodeMap decodes a base64 JSON object; unset is an empty map.
func decodeMap[T any](name, raw string) (map[string]T, error) {
	out := map[string]T{}
	if raw == "" {
		return out, nil
	}
	if err := decodeBase64JSON(name, raw, &out); err != nil {
		return nil, err
	}
	return out, nil
}
