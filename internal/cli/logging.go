package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"

	"github.com/pshcron/pshcron/internal/termsafe"
)

// isTerminal reports whether w is a terminal, where people read the logs
// rather than machines.
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// newLogger builds the operator's channel: zerolog on stderr. Format auto
// is console on a terminal, where a person watches, and plain otherwise: a
// cron's output lands in /var/log/cron.log, which people read. JSON only
// when asked. The level and format were checked with the settings.
func newLogger(w io.Writer, terminal, noColor bool, format, level string, quiet bool) zerolog.Logger {
	lvl, err := zerolog.ParseLevel(level)
	if err != nil {
		lvl = zerolog.InfoLevel
	}
	if quiet && lvl < zerolog.WarnLevel {
		lvl = zerolog.WarnLevel
	}
	if format == "auto" {
		format = "plain"
		if terminal {
			format = "console"
		}
	}
	switch format {
	case "console":
		w = zerolog.ConsoleWriter{Out: w, NoColor: !terminal || noColor, TimeFormat: time.TimeOnly,
			FormatMessage: safeText, FormatFieldValue: safeText, FormatErrFieldValue: safeText}
	case "plain":
		w = plainWriter(w)
	default:
		w = termsafe.JSONWriter(w)
	}
	return zerolog.New(w).Level(lvl).With().Timestamp().Logger()
}

// plainWriter writes one line per event, as a cron log wants it:
//
//	2026-12-04T03:15:02Z INF backup accepted action=backup project=abc
//
// the UTC time to the second, a three-letter level, the message, then the
// fields, sorted, a value with a space or a control character quoted. No
// colour: a log file is not a terminal.
func plainWriter(w io.Writer) io.Writer {
	return zerolog.ConsoleWriter{Out: w, NoColor: true, TimeFormat: "2006-01-02T15:04:05Z", TimeLocation: time.UTC,
		FormatMessage: safeText, FormatFieldValue: safeText, FormatErrFieldValue: safeText}
}

// safeText escapes what log lines carry from the network (messages, ids),
// so it cannot drive the terminal they are read on, nor break a line in
// two: a newline shows as \x0a.
func safeText(i any) string {
	switch v := i.(type) {
	case nil:
		return ""
	case []byte:
		// A list or an object: zerolog hands it over as its JSON, which
		// fmt would print as numbers.
		return termsafe.String(string(v))
	}
	return termsafe.String(fmt.Sprint(i))
}
