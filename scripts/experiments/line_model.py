#!/usr/bin/env python3
"""line_model.py - how much a learned line classifier adds to winnow clean on
boilerplate-wcxb-dev: an experiment, not part of winnow or of its tests.

A gradient-boosted classifier (scikit-learn's HistGradientBoostingClassifier,
Debian package python3-sklearn) decides for each non-blank line of a page
whether to keep it, from about sixty features: winnow's own decision and
reason for the line and for the two lines either side, the line's length,
capitals, digits, English stopword share, punctuation, its position on the
page and relative to the first and last line winnow kept, and the page's
kept share. A line's label: at least half of its word 4-grams are in the
gold (lines of 1-3 words: they occur in the gold as a phrase). Lines are
weighted so that every page weighs the same, as the scorer averages pages.

It trains on one half of the pages (the md5 of the id, as docs/cleaning.md
splits them) and scores the other half, both ways, with the set's own
scorer, next to winnow alone. docs/cleaning.md ("How far the text goes")
has the figures.

usage: scripts/experiments/line_model.py SHARED_DIR WINNOW
"""
import collections
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

from sklearn.ensemble import HistGradientBoostingClassifier

REASONS = ['nav', 'site-repeat', 'short', 'teaser', 'comment', 'meta', 'appeal', 'share',
           'legal', 'read-more', 'bio', 'links', 'cookie']
STOP = set("the a an and or of to in on for with at by from is are was were be been it its "
           "this that these those as but not have has had he she they we you i his her their "
           "our your will would can could said says which who what when there than then also "
           "more most about after before over into out up no so if do does did".split())
TOKEN = re.compile(r"\w+")
TYPES = ['article', 'service', 'forum', 'listing', 'product', 'collection', 'documentation']


def half(doc_id):
    return 'A' if int(hashlib.md5(doc_id.encode()).hexdigest(), 16) % 2 == 0 else 'B'


def page_features(lines, removed):
    """(line index, feature list) for each non-blank line of a page."""
    idx = [i for i, line in enumerate(lines) if line.strip()]
    kept = {i: (i + 1) not in removed for i in idx}
    toks = {i: TOKEN.findall(lines[i]) for i in idx}
    kept_idx = [i for i in idx if kept[i]]
    first = kept_idx[0] if kept_idx else len(lines)
    last = kept_idx[-1] if kept_idx else -1
    words = sum(len(toks[i]) for i in idx) or 1
    kept_words = sum(len(toks[i]) for i in kept_idx)
    seen = collections.Counter(lines[i].strip() for i in idx)
    n, m = max(len(lines), 1), max(len(idx), 1)
    rows = []
    for a, i in enumerate(idx):
        s, t = lines[i].strip(), toks[i]
        nw = max(len(t), 1)
        why = removed.get(i + 1, '')
        f = [float(kept[i])] + [float(why == r) for r in REASONS]
        f += [len(t), len(s), float(s[-1:] in '.!?"\u201d\''),
              sum(w[:1].isupper() for w in t) / nw, sum(w.isdigit() for w in t) / nw,
              sum(w.lower() in STOP for w in t) / nw, s.count('|'), s.count(':'),
              s.count(','), s.count('.'), float('\u00a9' in s), a / m, (i - first) / n,
              (last - i) / n, float(i < first), float(i > last), kept_words / words,
              len(kept_idx) / m, words, len(idx), seen[s]]
        for d in (-2, -1, 1, 2):
            b = a + d
            if 0 <= b < len(idx):
                j = idx[b]
                rj = removed.get(j + 1, '')
                f += [float(kept[j]), len(toks[j]), REASONS.index(rj) + 1 if rj else 0]
            else:
                f += [-1, -1, -1]
        rows.append((i, f))
    return rows


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    shared, winnow = sys.argv[1], sys.argv[2]
    data = os.path.join(shared, 'data', 'boilerplate-wcxb-dev')
    sys.path.insert(0, os.path.join(shared, 'eval'))
    import score_text as st

    def rows(name):
        with open(os.path.join(data, name), encoding='utf-8') as f:
            return [json.loads(line) for line in f]
    corpus = rows('corpus.jsonl')
    gold = {o['id']: o['body'] for o in rows('gold.jsonl')}
    kind = {o['id']: o['page_type'] for o in rows('meta.jsonl')}
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'clean.jsonl')
        subprocess.run([winnow, 'clean', '-q', os.path.join(data, 'corpus.jsonl'), '-o', out],
                       check=True)
        with open(out, encoding='utf-8') as f:
            cleaned = {o['id']: o for o in map(json.loads, f)}

    X, Y, W, where = (collections.defaultdict(list) for _ in range(4))
    for o in corpus:
        i = o['id']
        lines = o['text'].split('\n')
        removed = {r['line']: r['reason'] for r in cleaned[i]['removed']}
        gtok = TOKEN.findall(gold[i])
        gsh, gstr = st.shingles(gtok), ' ' + ' '.join(gtok) + ' '
        feats = page_features(lines, removed)
        total = sum(max(len(TOKEN.findall(lines[j])), 1) for j, _ in feats) or 1
        h = half(i)
        for j, f in feats:
            t = TOKEN.findall(lines[j])
            if len(t) >= 4:
                sh = st.shingles(t)
                label = int(sum(k in gsh for k in sh) / len(sh) >= 0.5)
            else:
                label = int(bool(t) and (' ' + ' '.join(t) + ' ') in gstr)
            X[h].append(f)
            Y[h].append(label)
            W[h].append(max(len(t), 1) / total)
            where[h].append((i, j))

    def score(pred, h):
        """F1 per page type and over all pages of half H, as score_text.py
        averages: precision over pages with output, recall over pages with
        gold, both empty counting 1."""
        agg = collections.defaultdict(lambda: [0.0, 0, 0.0, 0])
        for i, g in gold.items():
            if half(i) != h:
                continue
            p = pred.get(i, '')
            tp, fp, fn = st.doc_counts(g, p)
            P = tp / (tp + fp) if tp + fp else None
            R = tp / (tp + fn) if tp + fn else None
            if not g and not p:
                P = R = 1.0
            for k in (kind[i], 'all'):
                a = agg[k]
                if (p or not g) and P is not None:
                    a[0] += P
                    a[1] += 1
                if (g or not p) and R is not None:
                    a[2] += R
                    a[3] += 1
        res = {}
        for k, (sp, np_, sr, nr) in agg.items():
            P, R = sp / max(np_, 1), sr / max(nr, 1)
            res[k] = 2 * P * R / (P + R) if P + R else 0.0
        return res

    print('| scored on | method | ' + ' | '.join(TYPES) + ' | all |')
    print('|---|---|' + '---:|' * (len(TYPES) + 1))
    for train, test in (('A', 'B'), ('B', 'A')):
        model = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.08,
                                               max_leaf_nodes=31, min_samples_leaf=40,
                                               random_state=1)
        model.fit(X[train], Y[train], sample_weight=W[train])
        prob = model.predict_proba(X[test])[:, 1]
        keep = collections.defaultdict(set)
        for (i, j), q in zip(where[test], prob):
            if q >= 0.4:
                keep[i].add(j)
        lines_of = {o['id']: o['text'].split('\n') for o in corpus if half(o['id']) == test}
        model_pred = {i: '\n'.join(ls[j] for j in sorted(keep[i])) for i, ls in lines_of.items()}
        winnow_pred = {i: cleaned[i]['text'] for i in lines_of}
        for name, pred in (('winnow clean', winnow_pred),
                           (f'model trained on half {train}', model_pred)):
            s = score(pred, test)
            print(f'| half {test} | {name} | ' +
                  ' | '.join(f'{s.get(k, 0):.3f}' for k in TYPES) + f' | {s["all"]:.4f} |')


if __name__ == '__main__':
    main()
