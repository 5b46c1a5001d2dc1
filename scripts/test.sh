#!/bin/sh
# test.sh - installs what is missing, builds winnow and runs every test:
#   1. the unit, golden CLI and install tests (release build, ctest);
#   2. the same suite under AddressSanitizer + UndefinedBehaviorSanitizer,
#      built without the run-time AVX-512 paths (WN_NO_DISPATCH), so that the
#      portable code of those loops is tested too on a CPU that has AVX-512
#      (the release build takes the AVX-512 paths there);
#   3. each libFuzzer harness for a short time (WN_FUZZ_SECONDS, default 45).
# Build trees go to build/, build-asan/ and build-fuzz/.
set -eu
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
FUZZ_SECONDS=${WN_FUZZ_SECONDS:-45}

./scripts/setup.sh

echo "== release build and tests"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$JOBS"
ctest --test-dir build --output-on-failure -j "$JOBS"

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build and tests"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DWN_SANITIZE=ON \
	-DCMAKE_C_FLAGS=-DWN_NO_DISPATCH >/dev/null
cmake --build build-asan -j "$JOBS"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	WN_CONSUMER_CFLAGS="-fsanitize=address,undefined" \
	ctest --test-dir build-asan --output-on-failure -j "$JOBS"

echo "== fuzzing, ${FUZZ_SECONDS}s per harness"
CC=clang cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DWN_FUZZ=ON -DWN_TESTS=OFF >/dev/null
cmake --build build-fuzz -j "$JOBS"
fuzzers=$(find build-fuzz/tests/fuzz -maxdepth 1 -type f -name 'fuzz_*' -perm -u+x | sort)
[ -n "$fuzzers" ] || { echo "no fuzz harness was built"; exit 1; }
passed=0
failed=0
for f in $fuzzers; do
	name=$(basename "$f")
	corpus="build-fuzz/corpus-$name"
	mkdir -p "$corpus"
	seeds="tests/fuzz/seeds/$name"
	if "$f" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 -print_final_stats=0 \
		"$corpus" $( [ -d "$seeds" ] && echo "$seeds" ) >"build-fuzz/$name.log" 2>&1; then
		echo "fuzz $name: ok ($(grep -c '' "build-fuzz/$name.log") log lines)"
		passed=$((passed + 1))
	else
		echo "fuzz $name: FAILED, see build-fuzz/$name.log"; tail -n 40 "build-fuzz/$name.log"
		failed=$((failed + 1))
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
