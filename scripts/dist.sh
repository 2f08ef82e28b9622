#!/bin/sh
# Builds release archives: static, stripped, reproducible binaries packed as
# pshcron_VERSION_OS_ARCH.tar.gz, and SHA256SUMS over them.
#
# Knobs (environment):
#   VERSION    the version to stamp, without a leading v (required)
#   COMMIT     the commit to stamp (default: git rev-parse HEAD)
#   OUT        the output directory (default: dist)
#   PLATFORMS  space-separated os/arch list (default: the four released ones)
#   GO         the go command (default: go)
#   SIGNING_KEY  an SSH private key file: SHA256SUMS is signed with it
#              (ssh-keygen -Y sign -n pshcron-release) into SHA256SUMS.sig, and
#              the release's install.sh carries its public key. Unset: unsigned
#              archives, for local use.
#
# Reproducible: the same commit gives the same bytes (no build id, no VCS
# stamping, fixed tar metadata and gzip header).
set -eu

: "${VERSION:?VERSION is required, such as VERSION=1.2.3}"
: "${COMMIT:=$(git rev-parse HEAD 2>/dev/null || echo unknown)}"
: "${OUT:=dist}"
: "${PLATFORMS:=linux/amd64 linux/arm64 darwin/amd64 darwin/arm64}"
: "${GO:=go}"

case $VERSION in
v*) echo "dist: VERSION is written without a leading v: ${VERSION#v}" >&2; exit 2 ;;
*[!0-9A-Za-z.+-]*|'') echo "dist: VERSION '$VERSION' has characters a version does not" >&2; exit 2 ;;
esac

# The archives' timestamps: the commit's time, so they too are reproducible.
: "${SOURCE_DATE_EPOCH:=$(git log -1 --format=%ct 2>/dev/null || echo 0)}"

mkdir -p "$OUT"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT INT TERM

archives=
for platform in $PLATFORMS; do
	os=${platform%/*}
	arch=${platform#*/}
	name="pshcron_${VERSION}_${os}_${arch}"
	mkdir -p "$stage/$name"
	CGO_ENABLED=0 GOOS=$os GOARCH=$arch "$GO" build -trimpath -buildvcs=false -tags urfave_cli_no_docs,urfave_cli_no_suggest,nethttpomithttp2 \
		-ldflags "-s -w -buildid= -X github.com/pshcron/pshcron/internal/cli.version=$VERSION -X github.com/pshcron/pshcron/internal/cli.commit=$COMMIT" \
		-o "$stage/$name/pshcron" .
	# The README links into docs/: the archive carries both, so its links work.
	mkdir -p "$stage/$name/docs"
	cp README.md "$stage/$name/README.md"
	cp docs/*.md "$stage/$name/docs/"
	chmod 0755 "$stage/$name/pshcron" "$stage/$name/docs"
	chmod 0644 "$stage/$name/README.md" "$stage/$name"/docs/*.md
	tar -C "$stage/$name" --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
		-cf - pshcron README.md docs | gzip -n -9 >"$OUT/$name.tar.gz"
	archives="$archives $name.tar.gz"
done

# shellcheck disable=SC2086 # the list is our own file names, split on purpose
(cd "$OUT" && sha256sum $archives >SHA256SUMS)

# The release's install.sh carries the public key its SHA256SUMS is signed
# with, so a build hook that fetches it verifies every release.
: "${SIGNING_KEY:=}"
if [ -n "$SIGNING_KEY" ]; then
	rm -f "$OUT/SHA256SUMS.sig"
	ssh-keygen -q -Y sign -f "$SIGNING_KEY" -n pshcron-release "$OUT/SHA256SUMS" >/dev/null
	public=$(ssh-keygen -y -f "$SIGNING_KEY" | cut -d ' ' -f 1,2)
	awk -v key="$public" '/^RELEASE_SIGNING_KEY=/ { print "RELEASE_SIGNING_KEY=\"" key "\""; next } { print }' install.sh >"$OUT/install.sh"
	echo "dist: $(echo "$archives" | wc -w) archives, SHA256SUMS and SHA256SUMS.sig in $OUT for pshcron $VERSION, signed by $public"
else
	cp install.sh "$OUT/install.sh"
	echo "dist: $(echo "$archives" | wc -w) archives and SHA256SUMS in $OUT for pshcron $VERSION, UNSIGNED (set SIGNING_KEY to sign a release)"
fi
