// Command pshcron fires Platform.sh and Upsun actions (backups, redeploys,
// source operations) from crons, deploy hooks and SSH: guard first, one
// request, no waiting. See README.md.
package main

import (
	"context"
	"os"
)

func main() {
	ctx, stop := signalContext(context.Background())
	code := run(ctx, os.Args, os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
