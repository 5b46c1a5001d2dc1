#!/bin/sh
# setup.sh [--bench] - install the Debian packages winnow needs to build and
# test (with --bench, also what the benchmark needs: GNU time for peak memory,
# Go and the Go MinHash-LSH library for the peer comparison).
# Does nothing when they are all present. Runs apt-get as root, or through sudo.
set -eu

PACKAGES="build-essential pkg-config cmake ninja-build clang libclang-rt-14-dev \
python3 gzip libxxhash-dev libcjson-dev zlib1g-dev libzstd-dev libutf8proc-dev \
libstemmer-dev libcmocka-dev"
if [ "${1:-}" = "--bench" ]; then
	PACKAGES="$PACKAGES time golang-go golang-github-ekzhu-minhash-lsh-dev"
fi

missing=""
for p in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        "install ok installed") ;;
        *) missing="$missing $p" ;;
    esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "setup.sh: these packages are missing and we are not root (no sudo):$missing" >&2
    exit 1
fi

echo "setup.sh: installing$missing" >&2
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
