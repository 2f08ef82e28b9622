package main

import (
	"os"

	"github.com/pshcron/pshcron/internal/cli"
)

func main() {
	ctx, stop := cli.SignalContext()
	code := cli.Run(ctx, os.Args, os.Getenv, os.Environ, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
