// Command pshcron fires Platform.sh and Upsun actions (backups, redeploys,
// source operations) from crons, deploy hooks and SSH: guard first, one
// request, no waiting. The program is internal/cli; this is its entry point,
// with the process's real dependencies. See README.md.
package main

import (
	"os"

	"github.com/pshcron/pshcron/internal/cli"
)

func main() {
	ctx, stop := cli.SignalContext()
	code := cli.Run(ctx, os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
