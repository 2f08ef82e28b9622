package cli

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pshcron/pshcron/internal/termsafe"
)

// Lists print a table on a terminal and tab-separated lines off one (or as
// --format says: table, plain, csv, tsv, json). Every cell is text from the
// network: escaped.

// listFormat is the format a list prints in.
func (p *program) listFormat(s *Settings) string {
	switch s.Format {
	case "", "text":
		if isTerminal(p.stdout) {
			return "table"
		}
		return "plain"
	}
	return s.Format
}

// printRows writes a header and rows in format (not json).
func printRows(w io.Writer, format string, header []string, rows [][]string, noHeader bool) error {
	for _, r := range rows {
		for i := range r {
			r[i] = termsafe.String(r[i])
		}
	}
	if !noHeader {
		rows = append([][]string{header}, rows...)
	}
	switch format {
	case "csv", "tsv":
		// tsv is the official CLI's: CSV's quoting, a tab between cells.
		cw := csv.NewWriter(w)
		if format == "tsv" {
			cw.Comma = '\t'
		}
		if err := cw.WriteAll(rows); err != nil {
			return err
		}
		return cw.Error()
	case "plain":
		for _, r := range rows {
			if _, err := fmt.Fprintln(w, strings.Join(r, "\t")); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

// pick keeps the asked columns of a header and its rows.
func pick(columns []string, header []string, rows [][]string) ([]string, [][]string, error) {
	if len(columns) == 0 {
		return header, rows, nil
	}
	var idx []int
	for _, c := range columns {
		i := indexFold(header, c)
		if i < 0 {
			return nil, nil, usageErr(fmt.Sprintf("--columns: no column %q", c), "the columns are: "+strings.Join(header, ", "))
		}
		idx = append(idx, i)
	}
	pickRow := func(r []string) []string {
		out := make([]string, len(idx))
		for j, i := range idx {
			out[j] = r[i]
		}
		return out
	}
	var out [][]string
	for _, r := range rows {
		out = append(out, pickRow(r))
	}
	return pickRow(header), out, nil
}

func indexFold(xs []string, x string) int {
	for i, v := range xs {
		if strings.EqualFold(strings.ReplaceAll(v, " ", "_"), strings.ReplaceAll(x, " ", "_")) {
			return i
		}
	}
	return -1
}

// utc writes a platform timestamp in UTC ISO 8601, or as it came if it is
// not one.
func utc(ts string) string {
	t, err := time.Parse(time.RFC3339, ts)
	if err != nil {
		return ts
	}
	return t.UTC().Format(time.RFC3339)
}

// What a list prints goes through printListing: the ids for --pipe,
// JSON, or a table.

// listing is what a list prints: the ids for --pipe, the value for JSON, or
// rows under a header, of which columns are shown unless --columns says.
type listing struct {
	ids     []string
	json    any
	header  []string
	rows    [][]string
	columns []string
}

func (p *program) printListing(s *Settings, l listing) error {
	if s.Pipe {
		var ids [][]string
		for _, id := range l.ids {
			ids = append(ids, []string{id})
		}
		return printRows(p.stdout, "plain", nil, ids, true)
	}
	format := p.listFormat(s)
	if format == "json" {
		return writeJSON(p.stdout, l.json)
	}
	columns := s.Columns
	if len(columns) == 0 {
		columns = l.columns
	}
	header, rows, err := pick(columns, l.header, l.rows)
	if err != nil {
		return err
	}
	return printRows(p.stdout, format, header, rows, s.NoHeader)
}

// nonNil keeps an empty list a JSON array, not null.
func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
