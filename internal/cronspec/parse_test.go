package cronspec

import (
	"errors"
	"fmt"
	"testing"
)

// values lists a schedule's matching values, field by field, as the masks
// hold them (each H at its lowest value).
func values(s *Schedule) string {
	return fmt.Sprint(bitList(s.minute, 0), bitList(s.hour, 0), bitList(s.dom, 1), bitList(s.month, 1), bitList(s.dow, 0))
}

func TestParseValid(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ spec, want string }{
		{"0 3 * * *", "[0] [3] [1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31] [1 2 3 4 5 6 7 8 9 10 11 12] [0 1 2 3 4 5 6]"},
		{"*/15 */6 1,15 1-12/3 1-5", "[0 15 30 45] [0 6 12 18] [1 15] [1 4 7 10] [1 2 3 4 5]"},
		{"0-10/5,30 9-17/4 10-12 jan,JUL,dec mon-wed,fri", "[0 5 10 30] [9 13 17] [10 11 12] [1 7 12] [1 2 3 5]"},
		// Sunday is 0 and 7; a range may end on it by name or number.
		{"0 0 * * 7", "[0] [0] " + allDays + " " + allMonths + " [0]"},
		{"0 0 * * 0,7", "[0] [0] " + allDays + " " + allMonths + " [0]"},
		{"0 0 * * fri-sun", "[0] [0] " + allDays + " " + allMonths + " [0 5 6]"},
		{"0 0 * * 5-7", "[0] [0] " + allDays + " " + allMonths + " [0 5 6]"},
		{"0 0 * * */2", "[0] [0] " + allDays + " " + allMonths + " [0 2 4 6]"},
		// Each H at the lowest value of its range.
		{"H H * * *", "[0] [0] " + allDays + " " + allMonths + " " + allWeek},
		{"H(10-20) H(2-5) H H(3-4) H", "[10] [2] [1] [3] [0]"},
		{"H/15 H(1-23)/6 * * *", "[0 15 30 45] [1 7 13 19] " + allDays + " " + allMonths + " " + allWeek},
		{"H(5-50)/20 H H/10 * *", "[5 25 45] [0] [1 11 21 31] " + allMonths + " " + allWeek},
		{"h * * * *", "error"},                   // Jenkins's H is a capital
		{"H(mon-fri) 1 * * H(mon-fri)", "error"}, // names are the week's and the year's own
		// The shorthands, as Jenkins reads them.
		{"@hourly", "[0] " + allHours + " " + allDays + " " + allMonths + " " + allWeek},
		{"@DAILY", "[0] [0] " + allDays + " " + allMonths + " " + allWeek},
		{"@weekly", "[0] [0] " + allDays + " " + allMonths + " [0]"},
		{"@monthly", "[0] [0] [1] " + allMonths + " " + allWeek},
		{"@annually", "[0] [0] [1] [1] " + allWeek},
		{"  5\t4  * *\tsun ", "[5] [4] " + allDays + " " + allMonths + " [0]"},
	} {
		s, err := Parse(c.spec)
		if c.want == "error" {
			if err == nil {
				t.Errorf("Parse(%q) = %s, want an error", c.spec, values(s))
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", c.spec, err)
			continue
		}
		if got := values(s); got != c.want {
			t.Errorf("Parse(%q) = %s\nwant %s", c.spec, got, c.want)
		}
		if s.String() != c.spec {
			t.Errorf("String() = %q, want the spec as written", s.String())
		}
	}
}

const (
	allHours  = "[0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23]"
	allDays   = "[1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31]"
	allMonths = "[1 2 3 4 5 6 7 8 9 10 11 12]"
	allWeek   = "[0 1 2 3 4 5 6]"
)

func TestParseErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ spec, field, want string }{
		{"", "", `cron spec "": is empty: want 5 fields (minute hour day-of-month month day-of-week)`},
		{"* * * *", "", `cron spec "* * * *": has 4 fields, want 5 (minute hour day-of-month month day-of-week)`},
		{"0 * * * * *", "", `cron spec "0 * * * * *": has 6 fields, want 5 (minute hour day-of-month month day-of-week)`},
		{"61 * * * *", "minute", `cron spec "61 * * * *": minute "61": 61 is outside 0-59`},
		{"* 24 * * *", "hour", `cron spec "* 24 * * *": hour "24": 24 is outside 0-23`},
		{"* * 0 * *", "day of month", `cron spec "* * 0 * *": day of month "0": 0 is outside 1-31`},
		{"* * 32 * *", "day of month", `cron spec "* * 32 * *": day of month "32": 32 is outside 1-31`},
		{"* * * 13 *", "month", `cron spec "* * * 13 *": month "13": 13 is outside 1-12`},
		{"* * * * 8", "day of week", `cron spec "* * * * 8": day of week "8": 8 is outside 0-7`},
		{"*/0 * * * *", "minute", `cron spec "*/0 * * * *": minute "*/0": the step "0" is not a number from 1 to 59`},
		{"*/60 * * * *", "minute", `cron spec "*/60 * * * *": minute "*/60": the step "60" is not a number from 1 to 59`},
		{"H/x * * * *", "minute", `cron spec "H/x * * * *": minute "H/x": the step "x" is not a number from 1 to 59`},
		{"5/15 * * * *", "minute", `cron spec "5/15 * * * *": minute "5/15": a step needs a range: write */15 or 5-59/15`},
		{"1,,2 * * * *", "minute", `cron spec "1,,2 * * * *": minute "1,,2": has an empty list item`},
		{"10-5 * * * *", "minute", `cron spec "10-5 * * * *": minute "10-5": the range 10-5 runs backwards`},
		{"* * * dec-jan *", "month", `cron spec "* * * dec-jan *": month "dec-jan": the range dec-jan runs backwards`},
		{"5- * * * *", "minute", `cron spec "5- * * * *": minute "5-": a range needs a value on each side of the -`},
		{"+5 * * * *", "minute", `cron spec "+5 * * * *": minute "+5": "+5" is not a number from 0 to 59`},
		{"H(5) * * * *", "minute", `cron spec "H(5) * * * *": minute "H(5)": H( ) takes a range a-b, not "5"`},
		{"H(0-5 * * * *", "minute", `cron spec "H(0-5 * * * *": minute "H(0-5": "H(0-5" lacks its closing parenthesis`},
		{"H(50-70) * * * *", "minute", `cron spec "H(50-70) * * * *": minute "H(50-70)": 70 is outside 0-59`},
		{"* * * foo *", "month", `cron spec "* * * foo *": month "foo": "foo" is not a number from 1 to 12 or a name (jan..dec)`},
		{"* * * * funday", "day of week", `cron spec "* * * * funday": day of week "funday": "funday" is not a number from 0 to 7 or a name (sun..sat)`},
		{"@reboot", "", `cron spec "@reboot": @reboot is not a schedule: write 5 fields, or @hourly, @daily, @weekly, @monthly, @yearly`},
		{"0 0 30 2 *", "day of month", `cron spec "0 0 30 2 *": day of month "30": Feb has no such day: the cron never runs`},
		{"0 0 31 4,jun *", "day of month", `cron spec "0 0 31 4,jun *": day of month "31": Apr,Jun have no such day: the cron never runs`},
		{"0 0 \x1b[31m * *", "day of month", `cron spec "0 0 \x1b[31m * *": day of month "\x1b[31m": "\x1b[31m" is not a number from 1 to 31`},
	} {
		_, err := Parse(c.spec)
		if err == nil {
			t.Errorf("Parse(%q): no error, want %s", c.spec, c.want)
			continue
		}
		if err.Error() != c.want {
			t.Errorf("Parse(%q):\n got %s\nwant %s", c.spec, err, c.want)
		}
		var e *Error
		if !errors.As(err, &e) || e.Field != c.field {
			t.Errorf("Parse(%q): %#v, want an *Error for field %q", c.spec, err, c.field)
		}
	}
}

// A spec that can't fire under the "both" rule alone is refused, but
// under "either" a weekday always comes.
func TestParseDayRules(t *testing.T) {
	t.Parallel()
	for spec, ok := range map[string]bool{"0 0 30 2 1": true, "0 0 29 2 *": true, "0 0 */30 2 *": true, "0 0 31 2,4 *": false} {
		if _, err := Parse(spec); (err == nil) != ok {
			t.Errorf("Parse(%q): %v, want ok %v", spec, err, ok)
		}
	}
}
