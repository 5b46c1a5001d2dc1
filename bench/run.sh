#!/bin/sh
# run.sh - winnow's benchmark: speed, peak memory and pairwise F1 of `winnow dedup`
# and of its stages, side by side with a Go MinHash-LSH peer, on generated corpora.
#
# usage: bench/run.sh [BUILD_DIR]          (or: cmake --build BUILD_DIR --target bench)
#
# BUILD_DIR (default: build) holds the winnow program; the corpora are cached in
# BUILD_DIR/bench-data/ and the table is written to BUILD_DIR/bench-results.md.
# Environment:
#   BENCH_SIZES     corpus sizes, binary units (default "100M 1G"; the memory
#                   growth figure wants "100M 300M 1G")
#   BENCH_RUNS      runs per measurement, the median is reported (default 3)
#   BENCH_GEN_JOBS  processes for the corpus generator (default: all cores)
#   BENCH_PEER      0 to skip the Go peer
#   WINNOW          the program to measure (default BUILD_DIR/winnow)
#   BENCH_DATA      corpus cache (default BUILD_DIR/bench-data)
#   BENCH_OUT       results file (default BUILD_DIR/bench-results.md)
# The Go peer is built offline from Debian's golang-go and
# golang-github-ekzhu-minhash-lsh-dev; without them it is skipped with a message.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=$(cd "${1:-$src/build}" && pwd)
winnow=${WINNOW:-$build/winnow}
data=${BENCH_DATA:-$build/bench-data}
out=${BENCH_OUT:-$build/bench-results.md}
cores=$(nproc 2>/dev/null || echo 1)

if [ ! -x "$winnow" ]; then
    echo "bench: $winnow not found: build winnow first (cmake --build $build)" >&2
    exit 1
fi
command -v python3 >/dev/null || { echo "bench: python3 is needed" >&2; exit 1; }
# GNU time (peak memory) and the peer's Go packages, from Debian; a machine
# that cannot install them still runs the benchmark, with n/a or a skipped peer.
"$src/scripts/setup.sh" --bench || echo "bench: could not install the benchmark's packages; going on" >&2

# The peer: Debian ships Go libraries as source under /usr/share/gocode, without
# go.mod files, for builds in GOPATH mode. Nothing is fetched (GOPROXY=off).
gocode=/usr/share/gocode
peer=""
skip=""
if [ "${BENCH_PEER:-1}" = 0 ]; then
    skip="BENCH_PEER=0"
elif ! command -v go >/dev/null 2>&1; then
    skip="Go is not installed (Debian package golang-go)"
elif [ ! -f "$gocode/src/github.com/ekzhu/minhash-lsh/lsh.go" ]; then
    skip="the library is not installed (Debian package golang-github-ekzhu-minhash-lsh-dev)"
else
    peer=$build/bench/minhash-lsh-go
    mkdir -p "$build/bench"
    if [ ! -x "$peer" ] || [ -n "$(find "$here/peers" -name '*.go' -newer "$peer")" ]; then
        echo "bench: building the Go peer" >&2
        if ! (cd "$here/peers" && env GO111MODULE=off GOPATH="$gocode" GOFLAGS= GOPROXY=off \
                GOCACHE="$build/bench/go-cache" go build -o "$peer" .) >&2; then
            skip="the Go peer did not build"
            peer=""
        fi
    fi
fi
[ -n "$skip" ] && echo "bench: Go peer skipped: $skip" >&2

exec python3 "$here/bench.py" --winnow "$winnow" --data "$data" --out "$out" --src "$src" \
    --sizes "${BENCH_SIZES:-100M 1G}" --runs "${BENCH_RUNS:-3}" \
    --gen-jobs "${BENCH_GEN_JOBS:-$cores}" \
    ${peer:+--peer "$peer"} ${skip:+--peer-skip-reason "$skip"}
