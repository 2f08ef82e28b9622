package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/emutest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Text from the network never reaches a terminal raw: an API that answers
// with escape sequences (set a window title, clear the screen, fake a link)
// is shown escaped on the error line, on stdout in both formats and in the
// logs.
const hostile = "\x1b]0;owned\x07\x1b[2J\u009b31m\u202e"

func rawControls(s string) bool {
	return strings.ContainsAny(s, "\x1b\x07\u009b\u202e")
}

func TestTerminalInjectionIsEscaped(t *testing.T) {
	t.Parallel()
	t.Run("error message", func(t *testing.T) {
		em := emutest.Start(t, emulator.Options{})
		em.RequestsMayBreakSpec.Store(true) // the answer breaks the spec on purpose
		em.InjectFault(emulator.Fault{Route: backupRoute, Kind: emulator.FaultStatus, Status: 400,
			Body: `{"message": "` + jsonEscape(hostile) + `gone"}`})
		for _, format := range []string{"json", "console"} {
			r := pshcron(t, container(em, "main", "production"), "backup:create", "--log-format", format)
			assert.Equal(t, 1, r.code, r.stderr)
			assert.False(t, rawControls(r.stderr), "raw controls on stderr: %q", r.stderr)
			assert.Contains(t, r.stderr, `pshcron: error: the platform answered 400 Bad Request to POST /api/projects/proj1/environments/main/backup: \x1b]0;owned\x07\x1b[2J\u009b31m\u202egone`)
		}
	})
	t.Run("activity id and backup name", func(t *testing.T) {
		em := emutest.Start(t, emulator.Options{})
		em.RequestsMayBreakSpec.Store(true)
		body := `{"status":"accepted","code":202,"_embedded":{"activities":[{"id":"a1` + jsonEscape(hostile) +
			`","type":"environment.backup","state":"pending","payload":{"backup_name":"` + jsonEscape(hostile) + `b"}}]}}`
		for _, args := range [][]string{{"--format", "text", "--log-format", "console"}, {"--format", "json"}} {
			em.InjectFault(emulator.Fault{Route: backupRoute, Kind: emulator.FaultBody, Body: body, Times: 1})
			r := pshcron(t, container(em, "main", "production"), append([]string{"backup:create"}, args...)...)
			require.Equal(t, 0, r.code, r.stderr)
			assert.False(t, rawControls(r.stdout), "raw controls on stdout: %q", r.stdout)
			assert.False(t, rawControls(r.stderr), "raw controls on stderr: %q", r.stderr)
			assert.Contains(t, r.stdout, `a1\`)
		}
	})
	t.Run("activity log while waiting", func(t *testing.T) {
		em := emutest.Start(t, emulator.Options{})
		body := `{"_id": "1", "data": {"timestamp": "2026-11-27T03:00:00Z", "message": "` + jsonEscape(hostile) + `built\n"}}` + "\n" + `{"seal": true}` + "\n"
		for _, format := range []string{"json", "console"} {
			em.InjectFault(emulator.Fault{Route: emulator.RouteActivityLog, Kind: emulator.FaultBody, Status: 200, Body: body, Times: 1})
			r := pshcron(t, container(em, "main", "production"), "backup", "--wait", "--log-format", format)
			require.Equal(t, 0, r.code, r.stderr)
			assert.False(t, rawControls(r.stderr), "raw controls on stderr: %q", r.stderr)
			assert.Contains(t, r.stderr, "built")
		}
	})
}

// jsonEscape is s as the inside of a JSON string.
func jsonEscape(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}
