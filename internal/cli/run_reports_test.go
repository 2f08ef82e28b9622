package cli

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A failing job, watched by Sentry and mailed: the check-in goes
// in_progress then error with one id, the mail carries the job's redacted
// output and its exit, and neither changes the exit code.
func TestRunReportsAFailureToSentryAndByMail(t *testing.T) {
	sink := newSMTPSink(t)
	sink.start()
	sentry, hits := sentrySink(t, http.StatusOK)
	vars := map[string]string{
		"PATH":             os.Getenv("PATH"), // the job's sh is looked up there
		"PLATFORM_PROJECT": "proj1", "PLATFORM_BRANCH": "main", "PLATFORM_ENVIRONMENT_TYPE": "production",
		"PSHCRON_CACHE_DIR": t.TempDir(), "PSHCRON_LOG_FORMAT": "json", "PSHCRON_SMTP_ADDR": sink.ln.Addr().String(),
		"SENTRY_DSN": strings.Replace(sentry.URL, "http://", "http://0123456789abcdef@", 1) + "/42",
	}
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), []string{"pshcron", "run", "--name", "cleanup", "--mail-to", "ops@example.com",
		"--sentry-slug", "nightly-cleanup", "--", "sh", "-c", "echo boom; echo 0123456789abcdef; exit 3"},
		func(k string) string { return vars[k] }, environOf(vars), strings.NewReader(""), &stdout, &stderr)
	require.Equal(t, 3, code, "the job's code, whatever the reports: %s", stderr.String())
	assert.Equal(t, "boom\n0123456789abcdef\n", stdout.String(), "the job's own output passes through untouched")

	sink.wait(t)
	sink.mu.Lock()
	data, rcpts := sink.data, sink.rcpts
	sink.mu.Unlock()
	assert.Equal(t, []string{"RCPT TO:<ops@example.com>"}, rcpts)
	assert.Contains(t, data, "Subject: ")
	assert.Contains(t, data, "cleanup")
	assert.Contains(t, data, "boom")
	assert.NotContains(t, data, "0123456789abcdef", "the DSN's key is redacted in the mail")

	got := hits()
	require.Len(t, got, 2, "in_progress, then the end")
	assert.Contains(t, got[0].body, `"status":"in_progress"`)
	assert.Contains(t, got[1].body, `"status":"error"`)
	assert.Contains(t, got[0].path, "/api/42/envelope/")
}

// A guard skip tells no monitor anything: no check-in, no mail.
func TestRunSkipReportsNothing(t *testing.T) {
	sentry, hits := sentrySink(t, http.StatusOK)
	vars := map[string]string{
		"PLATFORM_PROJECT": "proj1", "PLATFORM_BRANCH": "feature", "PLATFORM_ENVIRONMENT_TYPE": "development",
		"PSHCRON_CACHE_DIR": t.TempDir(), "PSHCRON_SMTP_ADDR": "127.0.0.1:1", "MAILTO": "ops@example.com",
		"SENTRY_DSN": strings.Replace(sentry.URL, "http://", "http://0123456789abcdef@", 1) + "/42",
	}
	var stderr bytes.Buffer
	code := Run(context.Background(), []string{"pshcron", "run", "--sentry-slug", "x", "--", "sh", "-c", "exit 3"},
		func(k string) string { return vars[k] }, environOf(vars), strings.NewReader(""), &bytes.Buffer{}, &stderr)
	assert.Equal(t, 0, code, stderr.String())
	assert.Empty(t, hits())
}

// environOf lists vars as os.Environ lists the process's: Run's environ.
func environOf(vars map[string]string) func() []string {
	return func() []string {
		env := make([]string, 0, len(vars))
		for k, v := range vars {
			env = append(env, k+"="+v)
		}
		return env
	}
}

// Where the app has a SENTRY_DSN, --name is the default monitor slug; a DSN
// that does not read then costs the check-ins and a warning, not the job.
func TestRunNameIsTheDefaultSentrySlug(t *testing.T) {
	sentry, hits := sentrySink(t, http.StatusOK)
	vars := map[string]string{
		"PATH":             os.Getenv("PATH"),
		"PLATFORM_PROJECT": "proj1", "PLATFORM_BRANCH": "main", "PLATFORM_ENVIRONMENT_TYPE": "production",
		"PSHCRON_CACHE_DIR": t.TempDir(), "PSHCRON_LOG_FORMAT": "json",
		"SENTRY_DSN": strings.Replace(sentry.URL, "http://", "http://0123456789abcdef@", 1) + "/42",
	}
	run := func(args ...string) (int, string) {
		var stderr bytes.Buffer
		code := Run(context.Background(), append([]string{"pshcron", "run"}, args...),
			func(k string) string { return vars[k] }, environOf(vars), strings.NewReader(""), &bytes.Buffer{}, &stderr)
		return code, stderr.String()
	}
	code, stderr := run("--name", "Nightly Cleanup!", "--", "true")
	require.Equal(t, 0, code, stderr)
	got := hits()
	require.Len(t, got, 2, "in_progress, then ok")
	assert.Contains(t, got[0].body, `"monitor_slug":"nightly-cleanup"`)

	code, stderr = run("--", "true")
	require.Equal(t, 0, code, stderr)
	assert.Len(t, hits(), 2, "no name, no slug: no check-in")

	vars["SENTRY_DSN"] = "not a dsn"
	code, stderr = run("--name", "cleanup", "--", "true")
	assert.Equal(t, 0, code, "the job runs: %s", stderr)
	assert.Contains(t, stderr, "no Sentry check-ins for --name cleanup")
}

func TestSentrySlug(t *testing.T) {
	for name, want := range map[string]string{
		"cleanup": "cleanup", "Nightly Cleanup!": "nightly-cleanup", "a/b c": "a-b-c", "__x__": "__x__", "!!!": "",
		strings.Repeat("ab", 40): strings.Repeat("ab", 25),
	} {
		assert.Equal(t, want, sentrySlug(name), name)
	}
}
