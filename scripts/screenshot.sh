#!/bin/sh
# A headless Chromium screenshot of a local HTML page, with no network: the
# docs' picture of `pshcron health --format html`, and the browser test's.
# Usage: sh scripts/screenshot.sh HTML PNG [WIDTH] [HEIGHT]
#   WIDTH and HEIGHT are the window's, in CSS pixels (default 1200 and 800);
#   the picture is that window, not the whole page.
# Knobs:
#   CHROMIUM            the browser (default: chromium or chromium-browser on PATH)
#   SCREENSHOT_TIMEOUT  seconds before the browser is killed (default 30)
set -eu

usage() {
	echo 'screenshot: error: usage: sh scripts/screenshot.sh HTML PNG [WIDTH] [HEIGHT]' >&2
	echo 'screenshot: hint: WIDTH and HEIGHT are whole numbers of pixels' >&2
	exit 2
}

fail() {
	echo "screenshot: error: $1" >&2
	echo "screenshot: hint: $2" >&2
	exit 1
}

# abs prints the absolute path of $1, whose directory must exist.
abs() {
	dir=$(dirname -- "$1") && dir=$(cd -- "$dir" && pwd -P) || return 1
	printf '%s/%s\n' "${dir%/}" "$(basename -- "$1")"
}

# fileurl prints the file:// URL of an absolute path, with the characters a
# URL reserves escaped ('%' first, so the others' escapes stay as they are).
fileurl() {
	printf 'file://%s\n' "$(printf '%s' "$1" | sed -e 's/%/%25/g' -e 's/ /%20/g' -e 's/#/%23/g' -e 's/?/%3F/g')"
}

# limited runs a command under GNU timeout when there is one, which signals
# the whole process group: Chromium's renderer and helpers too.
limited() {
	if command -v timeout >/dev/null 2>&1; then
		timeout -k 5 "$SCREENSHOT_TIMEOUT" "$@"
	else
		"$@"
	fi
}

main() {
	if [ $# -lt 2 ] || [ $# -gt 4 ]; then usage; fi
	width=${3:-1200} height=${4:-800}
	case "$width,$height" in *[!0-9,]* | ,* | *, | 0* | *,0*) usage ;; esac
	[ -f "$1" ] || fail "$1: no such file" 'give the HTML page first, then the PNG to write'
	html=$(abs "$1") || fail "$1: cannot resolve its directory" 'give a path to a readable file'
	png=$(abs "$2") || fail "$2: no such directory" 'create the directory the PNG goes in'
	: "${CHROMIUM:=$(command -v chromium || command -v chromium-browser || true)}"
	: "${SCREENSHOT_TIMEOUT:=30}"
	[ -n "$CHROMIUM" ] || fail 'no Chromium found' "install Debian's chromium package, or set CHROMIUM"

	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	rm -f "$png"
	# No network: every name resolves to nothing, and every connection,
	# loopback included, goes to a proxy where nothing listens.
	if ! limited "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
		--user-data-dir="$work/profile" --no-first-run --no-default-browser-check \
		--disable-extensions --disable-background-networking --disable-component-update \
		--disable-sync --disable-default-apps --mute-audio --hide-scrollbars \
		--host-resolver-rules='MAP * ~NOTFOUND' --proxy-server='http://127.0.0.1:9' \
		--proxy-bypass-list='<-loopback>' --force-device-scale-factor=1 \
		--window-size="$width,$height" --screenshot="$png" "$(fileurl "$html")" \
		>"$work/log" 2>&1 || [ ! -s "$png" ]; then
		tail -n 20 "$work/log" >&2
		fail "Chromium made no screenshot of $1" "see its messages above; it is given ${SCREENSHOT_TIMEOUT}s"
	fi
	echo "screenshot: $2 (${width}x${height})"
}

main "$@"
