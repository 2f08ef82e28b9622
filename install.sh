#!/bin/sh
# pshcron installer: downloads a pshcron release for this machine, verifies its
# SHA-256 before touching anything, installs it atomically and, on Platform.sh
# or Upsun, puts it on PATH through $PLATFORM_APP_DIR/.environment.
#
# In a build hook (.platform.app.yaml, hooks.build), pinned:
#   curl -fsSL https://github.com/pshcron/pshcron/releases/download/v0.1.0/install.sh | PSHCRON_VERSION=0.1.0 sh
#
# Knobs, all environment variables:
#   PSHCRON_VERSION       the version to install, such as 0.1.0 (a leading v is
#                         dropped). Unset: the newest release, which the script says.
#                         In a build hook, pin it.
#   PSHCRON_INSTALL_DIR   where the binary goes. Default: $PLATFORM_APP_DIR/.pshcron/bin
#                         on the platform, $HOME/.local/bin elsewhere.
#   PSHCRON_DOWNLOAD_URL  the base the archives and SHA256SUMS are fetched from: an
#                         https:// URL (plain http only on a loopback address), a
#                         file:// URL or a local directory, for mirrors and offline
#                         builds. Default: the project's release page for the version.
#   PSHCRON_SHA256        the expected SHA-256 of the archive. Checked as well as
#                         SHA256SUMS, it does not trust the download server.
#   PSHCRON_SIGNING_KEY   the release signing key, an OpenSSH public key line such
#                         as "ssh-ed25519 AAAA...": SHA256SUMS.sig is verified with it
#                         (ssh-keygen -Y verify, OpenSSH 8.1 or later) before a line
#                         of SHA256SUMS is read. Default: the key this install.sh was
#                         released with. Pin it once, and every release is checked.
#   PSHCRON_REQUIRE_SIGNATURE  1: a missing signature, key or ssh-keygen is an error
#                         rather than a warning. A bad signature always is one.
#   PLATFORM_CACHE_DIR    set by the platform in a build hook: verified archives are
#                         kept there, so a rebuild of the same pinned version
#                         downloads nothing, and still verifies what it installs.
#   PSHCRON_ENVIRONMENT   the .environment file to add the PATH line to. Default:
#                         $PLATFORM_APP_DIR/.environment on the platform; none elsewhere.
#
# Exit status: 0 installed or already there; non-zero with the reason on stderr,
# the previously installed binary untouched.
#
# Nothing runs until the last line calls main, so a download of this script cut
# short runs nothing.
set -eu

: "${PSHCRON_VERSION:=}"
: "${PSHCRON_INSTALL_DIR:=}"
: "${PSHCRON_DOWNLOAD_URL:=}"
: "${PSHCRON_SHA256:=}"
: "${PSHCRON_ENVIRONMENT:=}"
: "${PSHCRON_SIGNING_KEY:=}"
: "${PSHCRON_REQUIRE_SIGNATURE:=}"
: "${PLATFORM_CACHE_DIR:=}"

# The public key releases are signed with; scripts/dist.sh fills it in the
# install.sh it publishes beside each release.
RELEASE_SIGNING_KEY=""

RELEASES=https://github.com/pshcron/pshcron/releases

say() { printf 'pshcron: %s\n' "$*"; }
fail() {
	printf 'pshcron: install failed: %s\n' "$1" >&2
	[ $# -lt 2 ] || printf 'pshcron: hint: %s\n' "$2" >&2
	exit 1
}

# platform prints the release's os_arch for this machine.
platform() {
	os=$(uname -s)
	arch=$(uname -m)
	case $os in
	Linux) os=linux ;;
	Darwin) os=darwin ;;
	*) fail "unsupported operating system: $os" "releases exist for Linux and macOS" ;;
	esac
	case $arch in
	x86_64 | amd64) arch=amd64 ;;
	aarch64 | arm64) arch=arm64 ;;
	*) fail "unsupported architecture: $arch" "releases exist for amd64 and arm64" ;;
	esac
	echo "${os}_${arch}"
}

# sha256 prints the SHA-256 of a file with whichever tool this machine has.
sha256() {
	if command -v sha256sum >/dev/null 2>&1; then
		sha256sum "$1" | cut -d ' ' -f 1
	elif command -v shasum >/dev/null 2>&1; then
		shasum -a 256 "$1" | cut -d ' ' -f 1
	elif command -v openssl >/dev/null 2>&1; then
		openssl dgst -sha256 "$1" | sed 's/^.*= *//'
	else
		fail "no sha256 tool: found none of sha256sum, shasum, openssl" "install coreutils; pshcron is never installed unverified"
	fi
}

# check_base refuses a download base that is not https, plain http to exactly
# 127.0.0.1, localhost or [::1] (with an optional port), or local. A URL with
# user info is refused: it is how "http://127.0.0.1@elsewhere/" hides a host.
check_base() {
	case $1 in
	https://* | http://*)
		authority=${1#*://}
		authority=${authority%%[/?#]*}
		case $authority in
		*@*) fail "PSHCRON_DOWNLOAD_URL must not carry user info: $1" ;;
		esac
		case $1 in http://*) check_loopback "$authority" "$1" ;; esac
		;;
	file://* | /*) ;;
	*) fail "PSHCRON_DOWNLOAD_URL must be https:// (plain http only on a loopback address), file:// or a directory: $1" ;;
	esac
}

# check_loopback accepts HOST[:PORT] only for the exact loopback hosts.
check_loopback() {
	case $1 in
	'[::1]' | '[::1]:'*) host='[::1]' ;;
	*) host=${1%%:*} ;;
	esac
	port=${1#"$host"}
	port=${port#:}
	case $host in
	127.0.0.1 | localhost | '[::1]') ;;
	*) fail "PSHCRON_DOWNLOAD_URL must be https:// (plain http only to 127.0.0.1, localhost or [::1]): $2" ;;
	esac
	case $port in
	*[!0-9]*) fail "PSHCRON_DOWNLOAD_URL must have a numeric port: $2" ;;
	esac
}

# check_version refuses a version with characters a release's never has, so
# that it is safe in a file name and a URL.
check_version() {
	case $1 in
	'' | [!0-9]* | *[!0-9A-Za-z.+-]*) fail "$2 is not a version: $1" "a version looks like 1.2.3 or 1.2.3-rc.1" ;;
	esac
}

# sums_field prints the checksum SHA256SUMS gives NAME, or nothing. awk
# compares fields as strings: no text from the file reaches sed, eval or a
# shell, whatever the file holds.
sums_field() {
	awk -v name="$2" '
		NF == 2 && length($1) == 64 && $1 !~ /[^0-9a-f]/ && ($2 == name || $2 == "*" name) { print $1; exit }
	' "$1"
}

# newest_archive prints the first release archive for TARGET that SHA256SUMS
# names: pshcron_VERSION_TARGET.tar.gz with VERSION in the release charset.
newest_archive() {
	awk -v target="$2" '
		NF == 2 && length($1) == 64 && $1 !~ /[^0-9a-f]/ {
			name = $2
			sub(/^[*]/, "", name)
			suffix = "_" target ".tar.gz"
			if (substr(name, 1, 8) != "pshcron_" || length(name) <= 8 + length(suffix)) next
			if (substr(name, length(name) - length(suffix) + 1) != suffix) next
			version = substr(name, 9, length(name) - 8 - length(suffix))
			if (version !~ /^[0-9][0-9A-Za-z.+-]*$/) next
			print name
			exit
		}
	' "$1"
}

# fetch copies URL to FILE with curl, else wget, else from a local directory,
# or fails saying why in one line.
fetch() {
	if ! fetch_quietly "$1" "$2" 2>"$stage/fetch.err"; then
		why=$(grep -v '^[[:space:]]*$' "$stage/fetch.err" | tail -n 1)
		fail "cannot download $1${why:+ ($why)}" "$3"
	fi
}

fetch_quietly() {
	case $1 in
	file://*) cp "${1#file://}" "$2"; return ;;
	/*) cp "$1" "$2"; return ;;
	esac
	proto='=https'
	case $1 in http://*) proto='=http,https' ;; esac
	if command -v curl >/dev/null 2>&1; then
		curl --proto "$proto" --tlsv1.2 -fsSL --retry 2 --connect-timeout 20 -o "$2" "$1"
	elif command -v wget >/dev/null 2>&1; then
		if [ "$proto" = '=https' ]; then
			wget -nv --https-only -T 20 -t 3 -O "$2" "$1"
		else
			wget -nv -T 20 -t 3 -O "$2" "$1"
		fi
	else
		echo "neither curl nor wget is installed"
		return 1
	fi
}

main() {
	target=$(platform)

	version=${PSHCRON_VERSION#v}
	[ -z "$version" ] || check_version "$version" PSHCRON_VERSION
	base=${PSHCRON_DOWNLOAD_URL%/}
	if [ -z "$base" ]; then
		if [ -n "$version" ]; then base="$RELEASES/download/v$version"; else base="$RELEASES/latest/download"; fi
	fi
	check_base "$base"

	dir=$PSHCRON_INSTALL_DIR
	if [ -z "$dir" ]; then
		if [ -n "${PLATFORM_APP_DIR:-}" ]; then dir="$PLATFORM_APP_DIR/.pshcron/bin"
		elif [ -n "${HOME:-}" ]; then dir="$HOME/.local/bin"
		else fail "no install directory: set PSHCRON_INSTALL_DIR"; fi
	fi
	envfile=$PSHCRON_ENVIRONMENT
	if [ -z "$envfile" ] && [ -n "${PLATFORM_APP_DIR:-}" ]; then envfile="$PLATFORM_APP_DIR/.environment"; fi
	# mv would put the binary inside a directory (or a link to one) and
	# report success; the old pshcron would still be the one that runs.
	if [ -d "$dir/pshcron" ]; then
		fail "$dir/pshcron is a directory, not a pshcron binary" "remove it, or set PSHCRON_INSTALL_DIR to another directory"
	fi

	if [ -n "$version" ] && installed "$dir" "$version"; then
		# A pinned rebuild downloads nothing, so it also works offline.
		say "$version is already installed in $dir"
	else
		mkdir -p "$dir" || fail "cannot create $dir" "set PSHCRON_INSTALL_DIR to a writable directory"
		stage=$(mktemp -d "$dir/.pshcron-install.XXXXXX") || fail "cannot write in $dir"
		signed='' cached=''
		trap 'rm -rf "$stage"' EXIT
		trap 'rm -rf "$stage"; exit 130' INT
		trap 'rm -rf "$stage"; exit 143' TERM
		download "$dir"
	fi

	if [ -n "$envfile" ]; then
		add_to_path "$dir" "$envfile"
	else
		case ":${PATH:-}:" in
		*":$dir:"*) ;;
		*) say "add $dir to PATH to run pshcron" ;;
		esac
	fi
}

# installed reports whether DIR holds pshcron VERSION already.
installed() {
	[ -x "$1/pshcron" ] && "$1/pshcron" version 2>/dev/null | grep -qF "pshcron $2 ("
}

# download fetches SHA256SUMS and the archive into $stage, verifies it, and
# moves the binary into DIR.
download() {
	cache=
	if [ -n "$PLATFORM_CACHE_DIR" ] && [ -n "$version" ]; then cache="$PLATFORM_CACHE_DIR/pshcron/$version"; fi
	get SHA256SUMS "check the network, PSHCRON_VERSION and PSHCRON_DOWNLOAD_URL"
	verify_signature
	if [ -n "$version" ]; then
		archive="pshcron_${version}_${target}.tar.gz"
	else
		archive=$(newest_archive "$stage/SHA256SUMS" "$target")
		[ -n "$archive" ] || fail "no archive for $target in $base/SHA256SUMS"
		version=${archive#pshcron_}
		version=${version%_"$target".tar.gz}
		check_version "$version" "the newest release in SHA256SUMS"
		say "PSHCRON_VERSION is not set: installing the newest release, $version (pin it in a build hook)"
		if installed "$1" "$version"; then
			say "$version is already installed in $1"
			return
		fi
	fi
	want=$(sums_field "$stage/SHA256SUMS" "$archive")
	[ -n "$want" ] ||
		fail "no archive for pshcron $version on $target in $base/SHA256SUMS" "check PSHCRON_VERSION; releases are for linux and darwin, amd64 and arm64"

	get "$archive" "check the network and that the release has an archive for $target"
	got=$(sha256 "$stage/$archive")
	[ "$got" = "$want" ] ||
		fail "checksum mismatch for $archive: SHA256SUMS says $want, the download is $got" "the download is corrupt or was tampered with; nothing was installed"
	if [ -n "$PSHCRON_SHA256" ] && [ "$got" != "$PSHCRON_SHA256" ]; then
		fail "checksum mismatch for $archive: PSHCRON_SHA256 says $PSHCRON_SHA256, the download is $got" "nothing was installed"
	fi
	mkdir "$stage/x"
	tar -xzf "$stage/$archive" -C "$stage/x" pshcron || fail "cannot unpack $archive"
	"$stage/x/pshcron" version >/dev/null 2>&1 || fail "the unpacked pshcron does not run on this machine"
	chmod 0755 "$stage/x/pshcron"
	keep "$archive"
	# A rename in one directory is atomic: a cron starting now runs the old
	# binary or the new one, never half of one.
	mv -f "$stage/x/pshcron" "$1/pshcron" || fail "cannot move pshcron into $1"
	say "installed $version ($target, sha256 verified$signed$cached) in $1"
}

# get puts a release file in $stage: from the build cache when it holds it
# (verified as a download is), else from the download base.
get() {
	if [ -n "$cache" ] && [ -f "$cache/$1" ]; then
		cp "$cache/$1" "$stage/$1" || fail "cannot read $cache/$1"
		if [ -f "$cache/$1.sig" ]; then cp "$cache/$1.sig" "$stage/$1.sig"; fi
		cached=", from the build cache"
		return
	fi
	fetch "$base/$1" "$stage/$1" "$2"
}

# keep stores the verified release files in the build cache; a cache that
# cannot be written only costs a download next time.
keep() {
	[ -n "$cache" ] && [ -z "$cached" ] || return 0
	mkdir -p "$cache" 2>/dev/null || return 0
	for f in SHA256SUMS SHA256SUMS.sig "$1"; do
		if [ -f "$stage/$f" ]; then cp "$stage/$f" "$cache/$f" 2>/dev/null || true; fi
	done
}

# verify_signature checks SHA256SUMS.sig against the release key with
# ssh-keygen, before a line of SHA256SUMS is read. The key goes into a file
# as text: nothing of it reaches a shell.
verify_signature() {
	key=${PSHCRON_SIGNING_KEY:-$RELEASE_SIGNING_KEY}
	if [ -z "$key" ]; then
		need_signature "no release signing key is known, so SHA256SUMS is not verified (set PSHCRON_SIGNING_KEY)"
		return
	fi
	case $key in
	ssh-ed25519\ * | ecdsa-sha2-nistp*\ * | ssh-rsa\ * | sk-*\ *) ;;
	*) fail "PSHCRON_SIGNING_KEY is not an OpenSSH public key line" "it looks like: ssh-ed25519 AAAA..." ;;
	esac
	if ! command -v ssh-keygen >/dev/null 2>&1; then
		need_signature "ssh-keygen is not installed, so SHA256SUMS is not verified against the release key"
		return
	fi
	if [ ! -f "$stage/SHA256SUMS.sig" ] && ! fetch_quietly "$base/SHA256SUMS.sig" "$stage/SHA256SUMS.sig" 2>/dev/null; then
		rm -f "$stage/SHA256SUMS.sig"
		need_signature "the release has no SHA256SUMS.sig"
		return
	fi
	printf 'pshcron-release namespaces="pshcron-release" %s\n' "$key" >"$stage/allowed_signers"
	if ssh-keygen -Y verify -f "$stage/allowed_signers" -I pshcron-release -n pshcron-release \
		-s "$stage/SHA256SUMS.sig" <"$stage/SHA256SUMS" >"$stage/verify.out" 2>&1; then
		signed=", signature verified"
		return
	fi
	if grep -qiE 'unknown option|illegal option|usage:' "$stage/verify.out"; then
		need_signature "this ssh-keygen is older than OpenSSH 8.1 (no -Y), so SHA256SUMS is not verified against the release key"
		return
	fi
	fail "SHA256SUMS.sig does not verify against the release key" "the release was tampered with, or PSHCRON_SIGNING_KEY is not its key; nothing was installed"
}

# need_signature warns, or with PSHCRON_REQUIRE_SIGNATURE=1 fails.
need_signature() {
	if [ "$PSHCRON_REQUIRE_SIGNATURE" = 1 ]; then
		fail "$1" "PSHCRON_REQUIRE_SIGNATURE=1 asks for a verified signature; nothing was installed"
	fi
	say "warning: $1"
}

# add_to_path adds DIR to PATH in ENVFILE once. It copies the file beside
# itself, looks for the line in that copy, adds it there and renames the copy
# over the file: two installers running at once each write one snapshot plus
# one line, so the file never ends up with two.
add_to_path() {
	line="export PATH=\"$1:\$PATH\" # pshcron"
	tmp=$(mktemp "$2.pshcron.XXXXXX") || fail "cannot write beside $2"
	if [ -e "$2" ] && ! cat "$2" >"$tmp"; then
		rm -f "$tmp"
		fail "cannot read $2"
	fi
	if grep -qxF "$line" "$tmp"; then
		rm -f "$tmp"
		return
	fi
	# Start on a line of our own if the file does not end with one.
	if [ -s "$tmp" ] && [ -n "$(tail -c 1 "$tmp")" ]; then echo >>"$tmp"; fi
	if ! { printf '%s\n' "$line" >>"$tmp" && chmod 0644 "$tmp" && mv -f "$tmp" "$2"; }; then
		rm -f "$tmp"
		fail "cannot write $2"
	fi
	say "added $1 to PATH in $2"
}

main "$@"
