"""Measure candidate feature blocks for the paraphrase matcher by cross-validation on MSRP train.

    python tools/matcher_ablation.py DATA/paraphrase [--blocks word4,stem1_4,...] [--seeds 4]

Reads only ``msr_paraphrase_train.txt`` (never dev). For each block, the matcher's parsed features
(``similarity.FEATURES + PARSED_FEATURES``) plus that block, standardised logistic regression,
10-fold CV accuracy (mean of ``--seeds`` shuffles) for C in 0.03..1; also the current features
unstandardised with C=3 (the old fit) and the blocks shipped as ``NGRAM_FEATURES`` +
``DEPENDENCY_FEATURES`` together, and that set against the old fit on the same folds. Blocks: word 4-grams, word 4-5-grams, stem 1-4-grams,
character 2-5-grams, number agreement, character length, dependencies, lemma bigrams; each as
shared n-grams over the smaller and over the larger side's count. Prints one JSON line per row.
The figures are in benchmarks/README.md ("claims"). Takes ~8 min on two busy cores.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from newsprism.analyze import similarity as sim  # noqa: E402
from newsprism.analyze.nlp import parse_many  # noqa: E402
from paraphrase import load  # noqa: E402


def _share(a: list[set[Any]], b: list[set[Any]]) -> list[np.ndarray]:
    shared = np.array([len(x & y) for x, y in zip(a, b, strict=True)], float)
    na, nb = np.array([len(x) for x in a], float), np.array([len(y) for y in b], float)
    return [sim._safe(shared, np.minimum(na, nb)), sim._safe(shared, np.maximum(na, nb))]


def blocks(texts: list[str], docs: list[Any], i: np.ndarray, j: np.ndarray) -> dict[str, np.ndarray]:
    syn = sim.synonyms()
    reads = [sim._read(t, syn) for t in texts]
    norm = [" ".join(r.lower) for r in reads]

    def pairs(f: Callable[[int], set[Any]]) -> list[np.ndarray]:
        sets = [f(k) for k in range(len(texts))]
        return _share([sets[k] for k in i], [sets[k] for k in j])

    def deps(k: int, labelled: bool) -> set[Any]:
        toks = [t for t in docs[k] if not t.is_punct and t.dep_ != "ROOT"]
        return {(t.head.lemma_.lower(), t.dep_, t.lemma_.lower()) if labelled else (t.head.lemma_.lower(), t.lemma_.lower())
                for t in toks}

    nums = [r.numbers for r in reads]
    ni, nj = np.array([len(nums[k]) for k in i], float), np.array([len(nums[k]) for k in j], float)
    nsh = np.array([len(nums[a] & nums[b]) for a, b in zip(i, j, strict=True)], float)
    ci, cj = np.array([len(texts[k]) for k in i], float), np.array([len(texts[k]) for k in j], float)
    out = {
        "word4": pairs(lambda k: sim._ngrams(reads[k].lower, 4)),
        "word4_5": pairs(lambda k: sim._ngrams(reads[k].lower, 4)) + pairs(lambda k: sim._ngrams(reads[k].lower, 5)),
        "stem1_4": [c for n in range(1, 5) for c in pairs(lambda k, n=n: sim._ngrams(reads[k].stems, n))],
        "char2_5": [c for n in (2, 3, 4, 5)
                    for c in pairs(lambda k, n=n: {norm[k][m : m + n] for m in range(len(norm[k]) - n + 1)})],
        "numbers": [((ni > 0) != (nj > 0)).astype(float), sim._safe(nsh, np.maximum(ni, nj)),
                    ((ni > 0) & (nj > 0) & (nsh == np.maximum(ni, nj))).astype(float)],
        "charlen": [np.minimum(ci, cj) / np.maximum(ci, cj), np.abs(ci - cj) / 100],
        "deps": pairs(lambda k: deps(k, True)) + pairs(lambda k: deps(k, False)),
        "lemma2": pairs(lambda k: sim._ngrams([t.lemma_.lower() for t in docs[k] if not t.is_punct], 2)),
    }
    return {name: np.column_stack(cols) for name, cols in out.items()}


def cv(x: np.ndarray, y: np.ndarray, c: float, seeds: int, standardise: bool = True) -> float:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    lr = LogisticRegression(C=c, max_iter=5000)
    model = make_pipeline(StandardScaler(), lr) if standardise else lr
    return round(float(np.mean([cross_val_score(model, x, y, cv=StratifiedKFold(10, shuffle=True, random_state=s)).mean()
                                for s in range(seeds)])), 4)


def paired(old: np.ndarray, new: np.ndarray, y: np.ndarray, seeds: int) -> dict[str, float]:
    """The old fit (unstandardised, C=3, current features) against the shipped n-gram set
    (standardised, C=1) on the same folds: mean difference, folds better / worse."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    d = []
    for s in range(seeds):
        for tr, te in StratifiedKFold(10, shuffle=True, random_state=s).split(old, y):
            a = LogisticRegression(C=3.0, max_iter=5000).fit(old[tr], y[tr]).score(old[te], y[te])
            model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=5000))
            d.append(model.fit(new[tr], y[tr]).score(new[te], y[te]) - a)
    diff = np.array(d)
    return {"mean_diff": round(float(diff.mean()), 4), "sd": round(float(diff.std()), 4),
            "folds_better": int((diff > 0).sum()), "folds_worse": int((diff < 0).sum()), "folds": len(diff)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="folder with msr_paraphrase_train.txt")
    ap.add_argument("--blocks", default="", help="comma-separated blocks to measure (default: all)")
    ap.add_argument("--seeds", type=int, default=4, help="CV shuffles to average")
    args = ap.parse_args()
    texts, i, j, y = load(args.data / "msr_paraphrase_train.txt")
    docs = parse_many(texts)
    base = sim.pair_features(sim.prepare(texts, docs), i, j)
    extra = blocks(texts, docs, i, j)
    cs = (0.03, 0.1, 0.3, 1.0)
    print(json.dumps({"row": "current, unstandardised C=3", "cv": cv(base, y, 3.0, args.seeds, False)}), flush=True)
    rows = {"current": base, **{f"+{name}": np.column_stack([base, x]) for name, x in extra.items()},
            "+word4+stem1_4+char2_5+deps": np.column_stack([base, *(extra[k] for k in ("word4", "stem1_4", "char2_5", "deps"))])}
    both = rows["+word4+stem1_4+char2_5+deps"]
    print(json.dumps({"row": "paired: old fit vs +word4+stem1_4+char2_5+deps, C=1", **paired(base, both, y, args.seeds)}),
          flush=True)
    wanted = {f"+{b}" for b in args.blocks.split(",") if b}
    for name, x in rows.items():
        if wanted and name not in wanted and name != "current":
            continue
        print(json.dumps({"row": name, "features": x.shape[1], "cv_by_C": {str(c): cv(x, y, c, args.seeds) for c in cs}}),
              flush=True)


if __name__ == "__main__":
    main()
