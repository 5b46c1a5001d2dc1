#!/bin/sh
# run_case.sh WINNOW CASE_DIR - one golden CLI test, in the manner of jq's
# test triples. CASE_DIR holds:
#   cmd              shell commands; $WINNOW is the program under test, $TESTDATA
#                    the shared inputs in tests/cli/data, $EXAMPLES the example
#                    corpus. They run
#                    in a scratch copy of CASE_DIR, so they may write files.
#   expected-stdout  (optional) the exact standard output
#   expected-status  (optional) the exit status, default 0
#   expected-stderr  (optional) lines that must each appear in standard error
# A failing case prints the difference.
set -u
WINNOW=$1
CASE=$2
# Shared inputs of the cases, and the example corpus.
TESTDATA=$(cd "$(dirname "$0")" && pwd)/data
EXAMPLES=$(cd "$(dirname "$0")/../../examples" && pwd)
export TESTDATA EXAMPLES
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$CASE"/. "$work"/
cd "$work" || exit 1
export WINNOW
export WINNOW_SHARED="${WINNOW_SHARED:-}"

sh ./cmd >actual-stdout 2>actual-stderr
status=$?
fail=0

want_status=0
[ -f expected-status ] && want_status=$(cat expected-status)
if [ "$status" != "$want_status" ]; then
	echo "exit status $status, expected $want_status"
	fail=1
fi
if [ -f expected-stdout ] && ! diff -u expected-stdout actual-stdout; then
	fail=1
fi
if [ -f expected-stderr ]; then
	while IFS= read -r line; do
		[ -z "$line" ] && continue
		if ! grep -qF -- "$line" actual-stderr; then
			echo "stderr lacks: $line"
			fail=1
		fi
	done <expected-stderr
fi
if [ $fail -ne 0 ]; then
	echo "--- stderr was:"
	cat actual-stderr
	exit 1
fi
exit 0
