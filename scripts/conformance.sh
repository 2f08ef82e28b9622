#!/bin/sh
# make conformance: installs the official CLI (pinned) into a cache outside
# the repository, once, and runs it against the emulator (tools/conformance).
# Usage: sh scripts/conformance.sh [LOGFILE]
set -eu
version=5.11.1
package=@upsun/cli-linux-x64
log=${1:-bin/conformance.log}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/pshcron-conformance/$version
cli=$cache/node_modules/$package/bin/upsun

if [ ! -x "$cli" ] || ! "$cli" --version 2>/dev/null | grep -q "CLI $version\$"; then
	command -v npm >/dev/null || { echo 'conformance: npm is needed to install the official CLI' >&2; exit 1; }
	echo "conformance: installing $package@$version into $cache"
	mkdir -p "$cache"
	# --ignore-scripts: the package's own scripts never run; --no-save: no
	# package.json is written.
	npm install --prefix "$cache" --no-save --ignore-scripts --no-audit --no-fund "$package@$version" >"$cache/npm.log" 2>&1 ||
		{ cat "$cache/npm.log" >&2; exit 1; }
fi

mkdir -p "$(dirname "$log")"
status=0
# Its own build: make build's static bin/pshcron stays as it was.
bin=$(dirname "$log")/conformance
go build -o "$bin/pshcron" .
go run ./tools/conformance -cli "$cli" -pshcron "$bin/pshcron" -version "$version" -log "$log" || status=$?
if [ "$status" -ne 0 ]; then
	echo "conformance: the CLI's output and the requests, from $log:" >&2
	tail -n 80 "$log" >&2
fi
exit "$status"
