"""Fit the flattened-page line classifier (``newsprism.extract.flat``) and write its weights.

    .venv/bin/python tools/train_flat_lines.py ../shared/bench/data/flattext \
        [--sets aeb,fundus] [--part all|even|odd] [--stages 3] [--c 0.1] [--cv K] \
        [--out src/newsprism/extract/models/flat_lines.json]

DATA/<set>/txt/*.txt are flattened pages, DATA/<set>/gold.json maps page ids to {"file", "text"}
(the article body). Pages are sorted by id; ``--part even`` / ``odd`` reads every other page (the
other half stays unseen for reporting), ``all`` every page. A line is labelled "article" when
its words occur in the gold body (a short line only next to where the previous article line was
found, so a "Share" button does not match a "share" in the text). ``--stages`` logistic regressions
are fitted one after the other (each later one also reads the previous one's probabilities of the
neighbouring lines), and the threshold that maximises the word 4-gram F1 of the kept text (the shared
scorer's metric) on the same pages is stored with them.

``--cv K`` writes nothing: it reports the K-fold cross-validated body P/R/F1 per set of the whole
plain-text path, each fold read by a model fitted (threshold included) on the other folds only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from flattext import page_pr  # noqa: E402  (the shared scorer's per-page measure)
from newsprism.extract import flat  # noqa: E402

SHORT = 8  # lines with fewer words must match close to the previous article line


def raw_pages(data: Path, sets: list[str], part: str) -> list[tuple[str, str, list[str], str]]:
    """(set name, page text, its non-blank lines, gold body) of every page of ``part``."""
    out = []
    for name in sets:
        gold = json.loads((data / name / "gold.json").read_text(encoding="utf-8"))
        for k, (_, g) in enumerate(sorted(gold.items())):
            if part != "all" and k % 2 != (0 if part == "even" else 1):
                continue
            text = (data / name / "txt" / g["file"]).read_text(encoding="utf-8")
            lines = [s for s in (ln.strip() for ln in text.splitlines()) if s]
            out.append((name, text, lines, g["text"]))
    return out


def labels(lines: list[str], gold: str) -> np.ndarray:
    g = flat._norm(gold)
    y = np.zeros(len(lines))
    at = 0
    for i, line in enumerate(lines):
        n = flat._norm(line)
        if not n:
            continue
        if len(n.split()) >= SHORT:
            pos = g.find(n, max(at - 40, 0))
            pos = g.find(n) if pos < 0 else pos
        else:
            pos = g.find(n, max(at - 5, 0), at + len(n) + 80)
        if pos >= 0:
            y[i] = 1
            at = pos + len(n)
    return y


def f1(docs: list[tuple[list[str], str]], probs: list[np.ndarray], threshold: float) -> float:
    ps, rs = [], []
    for (lines, gold), p in zip(docs, probs, strict=True):
        pp, rr = page_pr(gold, "\n".join(s for s, x in zip(lines, p, strict=True)
                                          if x >= threshold and flat.classify_line(s) == flat.BODY))
        ps.append(pp)
        rs.append(rr)
    P, R = float(np.mean(ps)), float(np.mean(rs))
    return 2 * P * R / (P + R) if P + R else 0.0


def fit(xs: list[np.ndarray], ys: list[np.ndarray], ws: list[np.ndarray], c: float) -> dict:
    x, y, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    m = LogisticRegression(C=c, max_iter=2000).fit((x - mean) / scale, y, sample_weight=w)
    return {"mean": [round(float(v), 6) for v in mean], "scale": [round(float(v), 6) for v in scale],
            "coef": [round(float(v), 6) for v in m.coef_[0]], "intercept": round(float(m.intercept_[0]), 6)}


def train(docs: list[tuple[list[str], str]], n_stages: int, folds: int, c: float) -> tuple[list[dict], float, dict]:
    """Fit the stacked regressions on ``docs``; return the stages, the threshold that maximises the
    kept text's word 4-gram F1 on the same pages, and that F1 at every threshold tried."""
    ys = [labels(lines, gold) for lines, gold in docs]
    ws = [np.sqrt(np.maximum(flat._shape(lines).words, 1.0)) for lines, _ in docs]
    stages: list[dict] = []
    probs: list[np.ndarray] | None = None
    for _ in range(n_stages):
        xs = [flat.features(lines, p) for (lines, _), p in zip(docs, probs or [None] * len(docs), strict=True)]
        stages.append(fit(xs, ys, ws, c))
        if folds > 1:  # the next stage learns from probabilities of pages this stage has not seen
            fold = [k % folds for k in range(len(docs))]
            probs = [np.zeros(0)] * len(docs)
            for f in range(folds):
                inner = [k for k in range(len(docs)) if fold[k] != f]
                m = flat._stage(fit([xs[k] for k in inner], [ys[k] for k in inner], [ws[k] for k in inner], c))
                for k in range(len(docs)):
                    if fold[k] == f:
                        probs[k] = m.prob(xs[k])
        else:
            probs = [flat._stage(stages[-1]).prob(x) for x in xs]
    model = flat.model_from_dict({"stages": stages, "threshold": 0.5})
    p2 = [model.probabilities(lines) for lines, _ in docs]
    grid = [round(float(t), 2) for t in np.arange(0.2, 0.81, 0.05)]
    scores = {t: f1(docs, p2, t) for t in grid}
    best = max(grid, key=lambda t: (scores[t], -abs(t - 0.5)))
    return stages, best, scores


def cross_validate(raw: list[tuple[str, str, list[str], str]], k: int, n_stages: int, folds: int, c: float) -> dict:
    """Page k-fold cross-validation of the whole plain-text path (``read_plain``: the flat-page test,
    the classifier, the fallback): page i is in fold i % k; each fold is read by a model fitted, and
    its threshold chosen, on the other folds only. Word 4-gram P/R/F1 macro-averaged per page, per set,
    as the shared scorer computes them."""
    per: dict[str, list[tuple[float, float]]] = {}
    for f in range(k):
        stages, threshold, _ = train([(lines, gold) for i, (_, _, lines, gold) in enumerate(raw) if i % k != f],
                                     n_stages, folds, c)
        model = flat.model_from_dict({"stages": stages, "threshold": threshold})
        for i, (name, text, _, gold) in enumerate(raw):
            if i % k != f:
                continue
            _, body, _ = flat.read_plain(text, model)
            per.setdefault(name, []).append(page_pr(gold, body))
    out = {}
    for name, pr_ in per.items():
        P, R = float(np.mean([p for p, _ in pr_])), float(np.mean([r for _, r in pr_]))
        out[name] = {"pages": len(pr_), "P": round(P, 4), "R": round(R, 4),
                     "F1": round(2 * P * R / (P + R) if P + R else 0.0, 4)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--sets", default="aeb,fundus")
    ap.add_argument("--part", default="even", choices=("even", "odd", "all"))
    ap.add_argument("--stages", type=int, default=3, help="how many stacked regressions")
    ap.add_argument("--folds", type=int, default=1, help="cross-fit each stage's probabilities for the next (1: off)")
    ap.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    ap.add_argument("--cv", type=int, default=0, metavar="K",
                    help="instead of writing weights, report K-fold cross-validated body P/R/F1 per set")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "src/newsprism/extract/models/flat_lines.json")
    a = ap.parse_args()
    raw = raw_pages(a.data, a.sets.split(","), a.part)
    if a.cv:
        print(json.dumps({"folds": a.cv, "pages": len(raw), "sets": cross_validate(raw, a.cv, a.stages, a.folds, a.c)}))
        return
    docs = [(lines, gold) for _, _, lines, gold in raw]
    stages, best, scores = train(docs, a.stages, a.folds, a.c)
    weights = {"about": f"tools/train_flat_lines.py --sets {a.sets} --part {a.part} --stages {a.stages} --folds {a.folds} --c {a.c}; "
                        f"{len(docs)} pages", "threshold": best, "stages": stages}
    a.out.write_text(json.dumps(weights, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"pages": len(docs), "lines": int(sum(len(lines) for lines, _ in docs)), "threshold": best,
                      "train_F1_by_threshold": {str(t): round(s, 4) for t, s in scores.items()}}))


if __name__ == "__main__":
    main()
