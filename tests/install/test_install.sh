#!/bin/sh
# test_install.sh SRC BUILD - installs winnow into a scratch prefix and builds a
# small C program against it with pkg-config, then runs it.
set -eu
SRC=$1
BUILD=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$BUILD" --prefix "$prefix" >/dev/null
for f in bin/winnow include/winnow.h; do
	[ -e "$prefix/$f" ] || { echo "missing after install: $f"; exit 1; }
done
pc=$(find "$prefix" -name winnow.pc | head -n 1)
[ -n "$pc" ] || { echo "no winnow.pc installed"; exit 1; }
export PKG_CONFIG_PATH="$(dirname "$pc")"
# The .pc file names the configured prefix; point it at the scratch one.
# Shared library, as a program would link it by default ...
flags=$(pkg-config --define-variable=prefix="$prefix" --cflags --libs winnow)
# shellcheck disable=SC2086
cc -o "$prefix/consumer" "$SRC/tests/install/consumer.c" $flags ${WN_CONSUMER_CFLAGS:-}
LD_LIBRARY_PATH="$(dirname "$(dirname "$pc")")" "$prefix/consumer" "$SRC/tests/install/consumer-input.jsonl"
# ... and the static archive with its private dependencies.
flags=$(pkg-config --define-variable=prefix="$prefix" --cflags --libs --static winnow)
libdir=$(dirname "$(dirname "$pc")")
# shellcheck disable=SC2086
cc -o "$prefix/consumer-static" "$SRC/tests/install/consumer.c" -I"$prefix/include" \
	"$libdir/libwinnow.a" $(echo $flags | sed 's/-lwinnow//') ${WN_CONSUMER_CFLAGS:-}
"$prefix/consumer-static" "$SRC/tests/install/consumer-input.jsonl"
