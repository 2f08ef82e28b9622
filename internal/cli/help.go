package cli

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

// helpTopic refuses `pshcron help NAME` for a NAME that is no command as
// the main parser refuses it (one error line, a suggestion, exit 2), rather
// than urfave's "No help topic" and exit 3.
func helpTopic(app *cli.App, args []string) error {
	if len(args) < 3 || (args[1] != "help" && args[1] != "h") || app.Command(args[2]) != nil {
		return nil
	}
	hint := "see pshcron list for the commands"
	if s := suggest(args[2], commandNames(app)); s != "" {
		hint = "did you mean " + s + "? " + hint
	}
	return usageErr(fmt.Sprintf("unknown command %q", args[2]), hint)
}
