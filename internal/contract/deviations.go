package contract

import (
	"encoding/json"
	"strings"

	"github.com/pshcron/pshcron/emulator"
)

// Where the specs and the platform part: answers checked with
// additionalProperties relaxed (real answers carry more than the schemas),
// fields the two specs type so that no answer fits both, and requests the
// official clients knowingly send outside a spec.

// relax drops every "additionalProperties: false" of a schema, for the
// answers' checker.
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
