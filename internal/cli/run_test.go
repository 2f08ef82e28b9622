package cli

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pshcron/pshcron/envdetect"
	"github.com/pshcron/pshcron/internal/redact"
	"github.com/pshcron/pshcron/internal/supervise"
)

func TestRunLimitsFromTheCron(t *testing.T) {
	app := base64.StdEncoding.EncodeToString([]byte(`{"name":"app","crons":{
		"cleanup":{"spec":"*/5 * * * *","timeout":300,"shutdown_timeout":4},
		"nolimit":{"spec":"0 * * * *"}}}`))
	env := envdetect.Detect(func(k string) string { return map[string]string{"PLATFORM_APPLICATION": app}[k] })
	for _, c := range []struct {
		name            string
		timeout, kill   time.Duration
		wantT, wantKill time.Duration
	}{
		{"cleanup", 0, 0, 300*time.Second - 3*time.Second - reportMargin, 3 * time.Second},
		{"cleanup", time.Minute, 0, time.Minute, 3 * time.Second},
		{"cleanup", 0, time.Second, 300*time.Second - time.Second - reportMargin, time.Second},
		{"nolimit", 0, 0, cronMaxTimeout - supervise.DefaultKillAfter - reportMargin, supervise.DefaultKillAfter},
		{"unknown", 0, 0, 0, supervise.DefaultKillAfter},
		{"", 0, 0, 0, supervise.DefaultKillAfter},
	} {
		gotT, gotKill := runLimits(env, c.name, c.timeout, c.kill, zerolog.Nop())
		assert.Equal(t, c.wantT, gotT, "timeout of %q", c.name)
		assert.Equal(t, c.wantKill, gotKill, "kill-after of %q", c.name)
	}
}

// A --timeout past the cron's own is the platform's to enforce, with no
// report: a warning says so.
func TestRunTimeoutPastTheCronsIsWarned(t *testing.T) {
	app := base64.StdEncoding.EncodeToString([]byte(`{"name":"app","crons":{"cleanup":{"spec":"*/5 * * * *","timeout":300}}}`))
	env := envdetect.Detect(func(k string) string { return map[string]string{"PLATFORM_APPLICATION": app}[k] })
	var logs strings.Builder
	log := zerolog.New(&logs)
	runLimits(env, "cleanup", time.Hour, 0, log)
	assert.Contains(t, logs.String(), "reach past the cron's own timeout (5m)")
	logs.Reset()
	runLimits(env, "cleanup", time.Minute, 0, log)
	assert.Empty(t, logs.String())
}

func TestRunBodyRedactsAndCuts(t *testing.T) {
	p := &program{secrets: &redact.Set{}, getenv: func(k string) string {
		return map[string]string{"PLATFORMSH_CLI_TOKEN": "tok-0123456789abcdef"}[k]
	}}
	p.addRunSecrets([]string{"APP_SECRET=s3cr3t-value-42", "SENTRY_DSN=https://k3y@o1.example/1", "api_key=lowercase-name-9", "HOME=/home/web-user"})
	c := supervise.NewCapture(8<<10, 56<<10)
	p.addRunSecrets([]string{"SENTRY_DSN=https://0123456789abcdef@o1.example/1"})
	_, _ = c.Write([]byte("tok-0123456789abcdef s3cr3t-value-42 https://k3y@o1.example/1 lowercase-name-9 /home/web-user key=0123456789abcdef\n"))
	g := &pinger{}
	body := string(p.runBody(c, g))
	assert.Equal(t, "[redacted] [redacted] [redacted] [redacted] /home/web-user key=[redacted]\n", body)

	big := strings.Repeat("x", 300<<10)
	assert.Len(t, cutBody(big, 10<<10), 10<<10)
	g.limit.Store(1 << 30)
	c = supervise.NewCapture(8<<10, 56<<10)
	_, _ = c.Write([]byte(big))
	assert.LessOrEqual(t, len(p.runBody(c, g)), maxBodyLimit, "100 kB at most, whatever the monitor says")
}

func TestRunStartDoesNotWaitForAHangingMonitor(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	p := &program{secrets: &redact.Set{}, log: zerolog.Nop()}
	g, err := p.newPinger(context.Background(), srv.URL+"/ping/5bf6c3e1-7d2a-4f0e")
	require.NoError(t, err)
	begin := time.Now()
	g.runStart(context.Background())
	assert.Less(t, time.Since(begin), startBound+time.Second, "the job starts within 5 s")
}
