#!/bin/sh
# eval.sh [SHARED_DIR] - scores winnow on the development sets with their own
# scorers, when they are present (they are not part of the repository and
# the tests never need them). Default SHARED_DIR: ../shared beside the repo.
# Builds first if needed. Prints one line per measure.
set -eu
cd "$(dirname "$0")/.."
SHARED=${1:-../shared}
if [ ! -d "$SHARED/data" ] || [ ! -d "$SHARED/eval" ]; then
	echo "eval: no development sets at $SHARED; nothing to score"
	exit 0
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build >/dev/null
W=$(pwd)/build/winnow
D=$SHARED/data
E=$SHARED/eval
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

clusters() { # name gold pred field [meta]
	printf '%-44s ' "$1"
	python3 "$E/score_clusters.py" --gold "$2" --pred "$3" --pred-field "$4" ${5:+--meta "$5"} |
		awk '/^pairwise/ {p=$3; r=$5; f=$7} /^BCubed/ {b=$7} /teaser|updated/ {k=k" "$1"="$NF}
		     END {printf "pairwise P %s R %s F1 %s  BCubed F1 %s%s\n", p, r, f, b, k}'
}
text() { # name gold pred [neg]
	printf '%-44s ' "$1"
	python3 "$E/score_text.py" --gold "$2" --pred "$3" ${4:+--neg "$4"} |
		awk '/F1/ {f=$0} /^leakage/ {l=" leakage " $2} END {print f l}' | tr -s ' '
}

echo "== dedup"
$W dedup -q "$D/neardup-bbc/corpus.jsonl" -o "$tmp/nb.jsonl"
clusters "neardup-bbc (defaults)" "$D/neardup-bbc/gold.jsonl" "$tmp/nb.jsonl" dup_cluster "$D/neardup-bbc/meta.jsonl"
$W dedup -q --no-clean "$D/neardup-bbc/corpus.jsonl" -o "$tmp/nb2.jsonl"
clusters "neardup-bbc (--no-clean)" "$D/neardup-bbc/gold.jsonl" "$tmp/nb2.jsonl" dup_cluster "$D/neardup-bbc/meta.jsonl"
$W dedup -q "$D/plagiarism-clough/corpus.jsonl" -o "$tmp/pc.jsonl"
clusters "plagiarism-clough (defaults)" "$D/plagiarism-clough/gold.jsonl" "$tmp/pc.jsonl" dup_cluster
$W dedup -q --ngram 3 --containment 0.5 "$D/plagiarism-clough/corpus.jsonl" -o "$tmp/pc2.jsonl"
clusters "plagiarism-clough (--ngram 3 --containment 0.5)" "$D/plagiarism-clough/gold.jsonl" "$tmp/pc2.jsonl" dup_cluster
if [ -d "$SHARED/seeds" ]; then
	$W dedup -q "$SHARED/seeds" -o "$tmp/seeds-dups.jsonl"
	clusters "seeds (dups)" "$SHARED/seeds/gold-dups.jsonl" "$tmp/seeds-dups.jsonl" dup_cluster
fi

if $W clean --help >/dev/null 2>&1; then
	echo "== clean"
	$W clean -q "$SHARED/seeds/corpus.jsonl" -o "$tmp/seeds-clean.jsonl"
	text "seeds" "$SHARED/seeds/gold-body.jsonl" "$tmp/seeds-clean.jsonl" "$SHARED/seeds/neg.jsonl"
	for set in boilerplate-l3s boilerplate-cleanportal boilerplate-wcxb-dev; do
		$W clean -q "$D/$set/corpus.jsonl" -o "$tmp/$set.jsonl"
		neg=""
		[ -f "$D/$set/neg.jsonl" ] && neg="$D/$set/neg.jsonl"
		text "$set" "$D/$set/gold.jsonl" "$tmp/$set.jsonl" $neg
	done
	$W clean -q "$D/neardup-bbc/corpus.jsonl" -o "$tmp/nb-clean.jsonl"
	text "neardup-bbc (body)" "$D/neardup-bbc/gold-body.jsonl" "$tmp/nb-clean.jsonl" "$D/neardup-bbc/neg.jsonl"
fi

if $W stories --help >/dev/null 2>&1; then
	echo "== stories"
	$W stories -q "$SHARED/seeds/corpus.jsonl" -o "$tmp/seeds-stories.jsonl"
	clusters "seeds (stories)" "$SHARED/seeds/gold-stories.jsonl" "$tmp/seeds-stories.jsonl" story
	for set in stories-duc2004 stories-ecbplus-dev; do
		$W stories -q "$D/$set/corpus.jsonl" -o "$tmp/$set.jsonl"
		clusters "$set" "$D/$set/gold.jsonl" "$tmp/$set.jsonl" story
	done
fi
