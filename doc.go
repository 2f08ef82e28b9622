// Command pshcron fires Platform.sh and Upsun actions (backups, redeploys,
// source operations) from crons, deploy hooks and SSH: guard first, one
// request, no waiting. This is only the entry point, which hands the
// process's real dependencies to internal/cli, the program. See README.md.
package main
