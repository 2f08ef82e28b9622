#!/bin/sh
# Shows pshcron against the bundled emulator: no account, no network.
# Usage: sh scripts/demo.sh BINDIR
set -eu
bin=${1:-bin}
work=$(mktemp -d)
emu_pid=
cleanup() {
	if [ -n "$emu_pid" ]; then kill "$emu_pid" 2>/dev/null || true; wait "$emu_pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT HUP INT PIPE TERM

"$bin/pshcron-emulator" --env-file "$work/emulator.env" --pending 300ms --running 3s >"$work/emulator.log" 2>&1 &
emu_pid=$!
i=0
while [ ! -s "$work/emulator.env" ]; do
	i=$((i + 1))
	if [ "$i" -gt 100 ]; then echo "demo: the emulator did not start:" >&2; cat "$work/emulator.log" >&2; exit 1; fi
	sleep 0.05
done
# shellcheck disable=SC1091
. "$work/emulator.env"
export PSHCRON_CACHE_DIR="$work/cache"
url=$PSHCRON_AUTH_URL

bold='' plain=''
if [ -t 1 ]; then bold=$(printf '\033[1m') plain=$(printf '\033[0m'); fi
step() { printf '\n%s== %s%s\n$ %s\n' "$bold" "$1" "$plain" "$2"; }

echo "pshcron demo: the emulator stands in for the platform at $url"

# The emulator's variables are a production container on main, as a cron
# there sees it.

step "what pshcron detects in the container" "pshcron env"
"$bin/pshcron" env

# The redeploy comes before the backup: the platform refuses an action while
# another activity is pending or running on the environment.
step "certificates: a daily cron redeploys only when one needs it; --check shows why" \
	"pshcron cert:renew --check"
"$bin/pshcron" cert:renew --check

step "a redeploy (what renews certificates), this time waiting and showing progress" \
	"pshcron environment:redeploy --wait --log-format console"
act=$("$bin/pshcron" environment:redeploy --wait --log-format console)
echo "$act"

step "what the redeploy printed on the platform, read from the activity's log stream" \
	"pshcron activity:log $act"
"$bin/pshcron" activity:log "$act"

step "variables at both levels, listed as the official variable:list shows them" \
	"pshcron variable:create -l project --name env:GREETING --value hello; pshcron variable:create -l environment --name env:MODE --value live; pshcron variable:list"
"$bin/pshcron" variable:create -l project --name env:GREETING --value hello --log-level warn
"$bin/pshcron" variable:create -l environment --name env:MODE --value live --log-level warn
"$bin/pshcron" variable:list

step "the cron line on production: a backup, accepted, not waited for (stdout: activity id and backup name)" \
	"pshcron backup:create --yes --no-wait --log-format console"
"$bin/pshcron" backup:create --yes --no-wait --log-format console

step "the same cron line in a development environment's container: skipped, no request made" \
	"PLATFORM_BRANCH=feature/x PLATFORM_ENVIRONMENT_TYPE=development pshcron backup:create --yes --no-wait --log-format console"
PLATFORM_BRANCH=feature/x PLATFORM_ENVIRONMENT_TYPE=development \
	"$bin/pshcron" backup:create --yes --no-wait --log-format console

# The emulator's project tells cron stories: main's sitemap failed last
# time, staging's reindex runs past its timeout with a push waiting behind
# it, feature/x's crons are paused. Both checks exit 1 when something needs
# attention, as a CI job or a monitor wants.
step "every cron of every environment, from the platform's own records" "pshcron cron:check --all"
"$bin/pshcron" cron:check --all --log-level warn || echo "(exit $?: some crons need attention)"

step "the environments at a glance: status, backups, certificates, crons, activities" \
	"pshcron health --all; pshcron health --all --format html > $bin/health.html"
"$bin/pshcron" health --all --log-level warn || echo "(exit $?: not every environment is green)"
"$bin/pshcron" health --all --format html --quiet >"$bin/health.html" 2>/dev/null || true
echo "one self-contained page: $bin/health.html (open it in a browser)"

kill "$emu_pid" 2>/dev/null || true
wait "$emu_pid" 2>/dev/null || true
emu_pid=
printf '\n'
tail -n 1 "$work/emulator.log"
echo "demo done: the emulator is stopped. Try your own cron lines with bin/pshcron-emulator."
