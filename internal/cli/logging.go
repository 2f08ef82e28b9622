package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/pshcron/pshcron/internal/termsafe"
	"github.com/rs/zerolog"
)

// isTerminal reports whether w is a terminal, where people read the logs
// rather than machines.
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// newLogger builds the operator's channel: zerolog on stderr, JSON unless a
// person is watching (format auto on a terminal) or console is asked for.
// The level and format were checked with the settings.
func newLogger(w io.Writer, terminal, noColor bool, format, level string, quiet bool) zerolog.Logger {
	lvl, err := zerolog.ParseLevel(level)
	if err != nil {
		lvl = zerolog.InfoLevel
	}
	if quiet && lvl < zerolog.WarnLevel {
		lvl = zerolog.WarnLevel
	}
	if format == "auto" && terminal {
		format = "console"
	}
	// Log lines carry text from the network (messages, ids): escaped, so
	// it cannot drive the terminal they are read on.
	if format == "console" {
		safe := func(i any) string {
			if i == nil {
				return ""
			}
			return termsafe.String(fmt.Sprint(i))
		}
		w = zerolog.ConsoleWriter{Out: w, NoColor: !terminal || noColor, TimeFormat: time.TimeOnly,
			FormatMessage: safe, FormatFieldValue: safe, FormatErrFieldValue: safe}
	} else {
		w = termsafe.JSONWriter(w)
	}
	return zerolog.New(w).Level(lvl).With().Timestamp().Logger()
}
