package envdetect

import "testing"

// A cron's run starts here: reading the variables must cost next to nothing,
// and decoding happens only for commands that need it.
func BenchmarkDetect(b *testing.B) {
	env := map[string]string{
		"PLATFORM_PROJECT": "abcdefgh1234", "PLATFORM_BRANCH": "main", "PLATFORM_ENVIRONMENT_TYPE": "production",
		"PLATFORM_ROUTES":    b64(`{"https://www.example.com/": {"type": "upstream"}, "https://example.com/": {"type": "redirect"}}`),
		"PLATFORM_VARIABLES": b64(`{"env:A": "1"}`),
	}
	getenv := mapenv(env)
	b.ReportAllocs()
	for b.Loop() {
		if Detect(getenv).Phase != PhaseRuntime {
			b.Fatal("wrong phase")
		}
	}
}

func BenchmarkTLSDomains(b *testing.B) {
	e := Detect(mapenv(map[string]string{"PLATFORM_ROUTES": b64(`{"https://www.example.com/": {"type": "upstream"}, "https://example.com/": {"type": "redirect"}, "http://example.com/": {"type": "redirect"}}`)}))
	b.ReportAllocs()
	for b.Loop() {
		if d, err := e.TLSDomains(); err != nil || len(d) != 2 {
			b.Fatal(d, err)
		}
	}
}
