package cli

import ()

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
