"""Refit the loaded-wording tagger (``newsprism.analyze.loaded_tagger``) and write its weights.

    python tools/train_framing.py DATA/framing [--out src/newsprism/analyze/models/framing.json] [--cache DIR]

Trains on the **tune** half of PTC only (``ptc.jsonl``, articles split by a hash of the id as in
``benchmarks/framing.py``; Loaded_Language and Name_Calling spans; a word is positive when it
overlaps one). BABE is AGPL and evaluation only: it is not read here. The regularisation strength
and the probability threshold are chosen by 5-fold cross-validation over tune-half articles, on the
benchmark's own PTC measure (span F1, overlap match) with precision held at or above
``--min-precision``; the final model is then fitted on the whole tune half. Only feature names and
weights are written, no text of the data. ``--cache`` keeps the spaCy parses between runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from framing import GOLD_PTC, _half, parse_texts, prf  # noqa: E402
from newsprism.analyze import loaded_tagger as lt  # noqa: E402

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src/newsprism/analyze/models/framing.json"
MIN_COUNT = 2  # a feature seen fewer times in the training words is dropped


def prepare(rows: list[dict], cache: Path | None) -> list[dict]:
    """Per article: words, features, labels, gold spans."""
    docs = parse_texts([r["text"] for r in rows], cache)
    out = []
    for r in rows:
        gold = [(s["start"], s["end"]) for s in r["spans"] if s["technique"] in GOLD_PTC]
        words, feats = lt.features(r["text"], docs[r["text"]])
        labels = [int(lt.candidate(w.text) and any(w.start < ge and gs < w.end for gs, ge in gold)) for w in words]
        out.append({"text": r["text"], "words": words, "feats": feats, "labels": labels, "gold": gold})
    return out


def _counts(pred: list[tuple[int, int, float]], gold: list[tuple[int, int]]) -> tuple[int, int, int, int]:
    tp_p = sum(any(s < ge and gs < e for gs, ge in gold) for s, e, _ in pred)
    tp_g = sum(any(s < ge and gs < e for s, e, _ in pred) for gs, ge in gold)
    return tp_p, len(pred), tp_g, len(gold)


def span_scores(arts: list[dict], probs: list[np.ndarray], thresholds: list[float], gap: int) -> dict[float, dict]:
    out = {}
    for t in thresholds:
        tot = np.zeros(4, int)
        for a, p in zip(arts, probs, strict=True):
            tot += _counts(lt.merge(a["words"], list(p), t, gap, a["text"]), a["gold"])
        out[t] = prf(*(int(x) for x in tot))
    return out


def _fit(arts: list[dict], c: float) -> tuple[DictVectorizer, LogisticRegression]:
    rows = [(f, lab) for a in arts for w, f, lab in zip(a["words"], a["feats"], a["labels"], strict=True)
            if lt.candidate(w.text)]
    counts: dict[str, int] = {}
    for f, _ in rows:
        for name in f:
            counts[name] = counts.get(name, 0) + 1
    keep = {k for k, n in counts.items() if n >= MIN_COUNT}
    vec = DictVectorizer()
    x = _int32(vec.fit_transform([{n: 1 for n in f if n in keep} for f, _ in rows]))
    y = np.array([lab for _, lab in rows])
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    clf.fit(x, y)
    return vec, clf


def _predict(vec: DictVectorizer, clf: LogisticRegression, a: dict) -> np.ndarray:
    probs = clf.predict_proba(_int32(vec.transform([dict.fromkeys(f, 1) for f in a["feats"]])))[:, 1]
    return np.where([lt.candidate(w.text) for w in a["words"]], probs, 0.0)


def _int32(x: Any) -> Any:
    """liblinear takes 32-bit sparse indices only."""
    x = x.tocsr()
    x.indices = x.indices.astype(np.int32)
    x.indptr = x.indptr.astype(np.int32)
    return x


def cross_validate(arts: list[dict], cs: list[float], thresholds: list[float], gaps: list[int],
                   folds: int = 5) -> dict[tuple[float, int, float], dict]:
    table = {}
    for c in cs:
        probs: list[np.ndarray] = [np.zeros(0)] * len(arts)
        for k in range(folds):
            train = [a for i, a in enumerate(arts) if i % folds != k]
            vec, clf = _fit(train, c)
            for i, a in enumerate(arts):
                if i % folds == k:
                    probs[i] = _predict(vec, clf, a)
        for gap in gaps:
            for t, s in span_scores(arts, probs, thresholds, gap).items():
                table[(c, gap, t)] = s
    return table


def choose(table: dict[tuple[float, int, float], dict], min_precision: float) -> tuple[float, int, float]:
    ok = [k for k, s in table.items() if s["precision"] >= min_precision] or list(table)
    return max(ok, key=lambda k: (table[k]["f1"], table[k]["precision"]))


def to_json(vec: DictVectorizer, clf: LogisticRegression, threshold: float, gap: int, c: float,
            n_articles: int) -> dict:
    coef = clf.coef_[0]
    weights = {name: round(float(coef[i]), 4) for name, i in sorted(vec.vocabulary_.items())
               if abs(coef[i]) >= 0.01}
    return {"about": "newsprism loaded-wording tagger: logistic regression over word features "
                     "(newsprism.analyze.loaded_tagger); refit with tools/train_framing.py on the PTC tune half",
            "feature_version": lt.FEATURE_VERSION, "trained_on": f"PTC tune half, {n_articles} articles",
            "C": c, "threshold": threshold, "gap": gap, "bias": round(float(clf.intercept_[0]), 4),
            "weights": weights}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", type=Path)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--min-precision", type=float, default=0.42)
    args = ap.parse_args()
    rows = [json.loads(line) for line in (args.data / "ptc.jsonl").open(encoding="utf-8")]
    rows = sorted((r for r in rows if _half(str(r["id"])) == "tune"), key=lambda r: str(r["id"]))
    arts = prepare(rows, args.cache)
    thresholds = [round(float(x), 3) for x in np.arange(0.15, 0.5, 0.025)]
    table = cross_validate(arts, [0.1, 0.3], thresholds, [0])
    c, gap, threshold = choose(table, args.min_precision)
    vec, clf = _fit(arts, c)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    doc = to_json(vec, clf, threshold, gap, c, len(arts))
    args.out.write_text(json.dumps(doc, indent=0) + "\n", encoding="utf-8")
    json.dump({"C": c, "gap": gap, "threshold": threshold, "cv": table[(c, gap, threshold)],
               "features": len(doc["weights"]), "out": str(args.out)}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
