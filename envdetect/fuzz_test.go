package envdetect

import (
	"testing"
)

// The decoders take outside input; they must return a value or an error for
// anything, never panic.
func FuzzRoutes(f *testing.F) {
	f.Add(b64(`{"https://www.example.com/": {"type": "upstream"}}`))
	f.Add(b64(`{"https://*.example.com/": {"type": "upstream"}, "http://[::1]:x/": {}}`))
	f.Add("%%%")
	f.Add(b64(`[]`))
	f.Add("")
	f.Fuzz(func(t *testing.T, raw string) {
		e := Detect(mapenv(map[string]string{"PLATFORM_ROUTES": raw}))
		hosts, err := e.Domains()
		if err == nil && hosts == nil {
			t.Fatal("no error and no hosts slice")
		}
	})
}

func FuzzVariables(f *testing.F) {
	f.Add(b64(`{"env:A": "b"}`))
	f.Add(b64(`{"a": {"b": [1, 2.5, null]}}`))
	f.Add("e30")
	f.Fuzz(func(t *testing.T, raw string) {
		e := Detect(mapenv(map[string]string{"PLATFORM_VARIABLES": raw}))
		v, err := e.Variables()
		if err == nil && v == nil {
			t.Fatal("no error and no map")
		}
	})
}
