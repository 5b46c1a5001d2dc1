#!/usr/bin/env python3
"""score_pairs.py - pairwise precision, recall and F1 of a duplicate grouping.

A pair of documents is positive when both are in one group. Gold is JSONL
{"id", "cluster"} (as gen_corpus.py --gold writes it); the prediction is JSONL
with "id" and a group field (--field; by default "dup_cluster", else "cluster").
Counts come from the contingency table of (gold group, predicted group), so the
memory is linear in the number of documents and no pair is listed.

Gold ids missing from the prediction count as singletons (a tool that drops a
document has not grouped it); predicted ids absent from gold are ignored and
counted. With --meta (gen_corpus.py --meta: {"id", "origin", "kind"}) it also
reports, per kind of copy, the share of copies put in their origin's group.

Precision is 1 when the prediction makes no pair, recall 1 when gold has none.
Python 3 standard library only.
"""

import argparse
import json
import sys
from collections import Counter, defaultdict


def read_groups(path, fields):
    """id -> group label (interned as small ints)."""
    labels = {}
    out = {}
    field = None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as e:
                raise SystemExit(f"{path}:{n}: not JSON: {e}")
            if field is None:
                field = next((x for x in fields if x in obj), None)
                if field is None:
                    raise SystemExit(f"{path}:{n}: no field {' or '.join(fields)}")
            doc_id = obj.get("id")
            label = obj.get(field)
            if doc_id is None or label is None:
                raise SystemExit(f"{path}:{n}: missing id or {field}")
            doc_id = str(doc_id)
            if doc_id in out:
                raise SystemExit(f"{path}:{n}: duplicate id {doc_id!r}")
            out[doc_id] = labels.setdefault(str(label), len(labels))
    return out


def pairs(n):
    return n * (n - 1) // 2


def score(gold, pred):
    cells = Counter()
    psize = Counter()
    next_single = 0
    for doc_id, g in gold.items():
        p = pred.get(doc_id)
        if p is None:
            # a fresh singleton: it pairs with nothing
            next_single -= 1
            p = ("missing", next_single)
        cells[g, p] += 1
        psize[p] += 1
    gsize = Counter(gold.values())
    tp = sum(pairs(n) for n in cells.values())
    gp = sum(pairs(n) for n in gsize.values())
    pp = sum(pairs(n) for n in psize.values())
    precision = tp / pp if pp else 1.0
    recall = tp / gp if gp else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "gold_pairs": gp, "pred_pairs": pp, "true_pairs": tp,
            "documents": len(gold), "missing": sum(1 for d in gold if d not in pred),
            "extra": sum(1 for d in pred if d not in gold)}


def per_kind(meta_path, pred):
    found = defaultdict(lambda: [0, 0])
    with open(meta_path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            m = json.loads(line)
            origin = m.get("origin")
            if origin is None or m["id"] not in pred or origin not in pred:
                continue
            cell = found[m.get("kind", "?")]
            cell[1] += 1
            cell[0] += pred[m["id"]] == pred[origin]
    return {k: {"found": v[0], "copies": v[1], "recall": v[0] / v[1] if v[1] else 1.0}
            for k, v in sorted(found.items())}


def main(argv=None):
    ap = argparse.ArgumentParser(description="Pairwise F1 of duplicate groups against gold groups.")
    ap.add_argument("--gold", required=True, help='JSONL {"id", "cluster"}')
    ap.add_argument("--pred", required=True, help='JSONL {"id", "dup_cluster" or "cluster"}')
    ap.add_argument("--field", help="group field of the prediction")
    ap.add_argument("--meta", help='JSONL {"id", "origin", "kind"}: recall per kind of copy')
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    gold = read_groups(args.gold, ["cluster"])
    pred = read_groups(args.pred, [args.field] if args.field else ["dup_cluster", "cluster"])
    result = score(gold, pred)
    if args.meta:
        result["kinds"] = per_kind(args.meta, pred)
    if args.json:
        print(json.dumps(result, sort_keys=True))
        return 0
    print(f"documents {result['documents']}  gold pairs {result['gold_pairs']}  "
          f"predicted pairs {result['pred_pairs']}  true pairs {result['true_pairs']}")
    print(f"pairwise precision {result['precision']:.4f}  recall {result['recall']:.4f}  "
          f"F1 {result['f1']:.4f}")
    if result["missing"] or result["extra"]:
        print(f"warning: {result['missing']} gold ids not predicted (singletons), "
              f"{result['extra']} predicted ids not in gold (ignored)", file=sys.stderr)
    for kind, v in result.get("kinds", {}).items():
        print(f"  {kind:<11} {v['found']}/{v['copies']} copies with their origin ({v['recall']:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
