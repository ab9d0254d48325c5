"""Measure candidate changes to the loaded-wording tagger on the tune halves only (issue 13, framing).

    python tools/framing_ablation.py DATA [--cache DIR] [--only basil,labels,shape,combine]

``DATA`` is the benchmark data root (``framing/ptc.jsonl``, ``framing/basil_spans.jsonl``,
``framing/babe.jsonl``, and ``stories/articles.jsonl`` for the text of the BASIL articles). Every
PTC figure is 5-fold cross-validation over the PTC **tune** half (the folds of
``tools/train_framing.py``, C 0.1), scored with the benchmark's span measure; the report half is
never read. Rows:

- ``basil``: BASIL lexical-bias spans (located by their text in the article) added to each fold's
  training rows, with a ``src=basil`` feature, optionally corpus-specific copies of the word, lemma,
  part-of-speech and lexicon features, and a sample weight; and the BABE tune half scored (nothing
  fitted to it) by the tagger fitted on the PTC tune half with and without BASIL;
- ``labels``: other training labels (PTC Exaggeration/Minimisation spans counted as loaded; only
  spans of three words or fewer as positives, the words of longer ones left out of training);
- ``shape``: tagged spans widened to their modifiers and head, or to the noun chunk, and a larger
  merge gap (the benchmark counts a hit right when it overlaps a gold span);
- ``combine``: lexicon hits kept where the tagger's probability reaches ``t_low``, plus tagger spans
  at or above ``t_tag``, with the intensifier cue, as the finder would run: on PTC (cross-validated
  probabilities) and on the BABE tune half (the shipped weights; BABE is evaluation only, so it is
  scored here and nothing is fitted to it).

BASIL and BABE are never used to fit the shipped model. Prints one JSON line per row; the figures
are in benchmarks/README.md ("framing"). Takes ~10 min on two busy cores.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_framing import MIN_COUNT, _int32, prepare  # noqa: E402

from framing import GOLD_PTC, _half, parse_texts, prf, score_babe, score_ptc  # noqa: E402
from newsprism.analyze import framing as fr  # noqa: E402
from newsprism.analyze import loaded_tagger as lt  # noqa: E402
from newsprism.lexicons import loaded_lexicon, words_with_offsets  # noqa: E402
from newsprism.model import Article, FramingHit  # noqa: E402

FOLDS = 5
C = 0.1
THRESHOLDS = [round(float(x), 3) for x in np.arange(0.1, 0.5, 0.025)]
Row = tuple[list[str], int, float]


def rows_of(arts: Sequence[dict], tag: str = "", weight: float = 1.0, own: bool = False) -> list[Row]:
    """Training rows (features, label, weight) of the candidate words; ``tag`` marks the corpus,
    ``own`` adds corpus-specific copies of the word, lemma, POS and lexicon features."""
    out = []
    for a in arts:
        for w, f, lab in zip(a["words"], a["feats"], a["labels"], strict=True):
            if lt.candidate(w.text):
                extra = [tag] if tag else []
                if tag and own:
                    extra += [tag + "|" + x for x in f if x.startswith(("lex", "pos=", "w=", "lemma="))]
                out.append((list(f) + extra, lab, weight))
    return out


def fit(rows: Sequence[Row], c: float = C) -> tuple[DictVectorizer, LogisticRegression]:
    counts: dict[str, int] = {}
    for f, _, _ in rows:
        for name in f:
            counts[name] = counts.get(name, 0) + 1
    vec = DictVectorizer()
    x = _int32(vec.fit_transform([{n: 1 for n in f if counts[n] >= MIN_COUNT} for f, _, _ in rows]))
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    clf.fit(x, np.array([lab for _, lab, _ in rows]), sample_weight=np.array([w for _, _, w in rows]))
    return vec, clf


def predict(vec: DictVectorizer, clf: LogisticRegression, a: dict) -> np.ndarray:
    probs = clf.predict_proba(_int32(vec.transform([dict.fromkeys(f, 1) for f in a["feats"]])))[:, 1]
    return np.where([lt.candidate(w.text) for w in a["words"]], probs, 0.0)


def cv_probs(train: Sequence[dict], test: Sequence[dict], extra: Sequence[Row] = ()) -> list[np.ndarray]:
    """Out-of-fold probabilities of ``test`` (same articles as ``train``, perhaps other labels)."""
    probs: list[np.ndarray] = [np.zeros(0)] * len(test)
    for k in range(FOLDS):
        vec, clf = fit(rows_of([a for i, a in enumerate(train) if i % FOLDS != k]) + list(extra))
        for i, a in enumerate(test):
            if i % FOLDS == k:
                probs[i] = predict(vec, clf, a)
    return probs


Shaper = Callable[[dict, list[tuple[int, int, float]]], list[tuple[int, int, float]]]


def span_table(arts: Sequence[dict], probs: Sequence[np.ndarray], gap: int = 0,
               shape: Shaper | None = None) -> dict[float, dict[str, float]]:
    out = {}
    for t in THRESHOLDS:
        tot = np.zeros(4, int)
        for a, p in zip(arts, probs, strict=True):
            spans = lt.merge(a["words"], list(p), t, gap, a["text"])
            pred = shape(a, spans) if shape else spans
            gold = a["gold"]
            tot += [sum(any(s < ge and gs < e for gs, ge in gold) for s, e, _ in pred), len(pred),
                    sum(any(s < ge and gs < e for s, e, _ in pred) for gs, ge in gold), len(gold)]
        out[t] = prf(*(int(x) for x in tot))
    return out


def best(table: dict[float, dict[str, float]], min_precision: float = 0.42) -> dict[str, Any]:
    """The threshold of best F1 with precision at the trainer's floor, and of best F1 without it."""
    floor = [t for t, s in table.items() if s["precision"] >= min_precision] or list(table)
    t1 = max(floor, key=lambda t: (table[t]["f1"], table[t]["precision"]))
    t2 = max(table, key=lambda t: (table[t]["f1"], table[t]["precision"]))
    return {"at_floor": {"threshold": t1, **table[t1]}, "free": {"threshold": t2, **table[t2]}}


def basil_articles(data: Path, cache: Path | None) -> list[dict]:
    """BASIL articles with their lexical-bias spans (every place the span's text occurs)."""
    texts = {r["id"]: r["text"] for r in map(json.loads, (data / "stories/articles.jsonl").open(encoding="utf-8"))
             if str(r["id"]).startswith("basil")}
    rows = []
    for r in map(json.loads, (data / "framing/basil_spans.jsonl").open(encoding="utf-8")):
        text = texts.get(r["article"])
        if text is None:
            continue
        gold = []
        for p in r["annotation"]["phrase-level-annotations"]:
            i = text.find(p["txt"]) if p["bias"] == "lex" else -1
            while i >= 0:
                gold.append((i, i + len(p["txt"])))
                i = text.find(p["txt"], i + 1)
        rows.append((r["article"], text, gold))
    rows.sort()
    docs = parse_texts([t for _, t, _ in rows], cache)
    out = []
    for _, text, gold in rows:
        words, feats = lt.features(text, docs[text])
        labels = [int(lt.candidate(w.text) and any(w.start < ge and gs < w.end for gs, ge in gold)) for w in words]
        out.append({"text": text, "words": words, "feats": feats, "labels": labels, "gold": gold})
    return out


def relabel(arts: Sequence[dict], rows: Sequence[dict], techniques: set[str], max_words: int = 0) -> list[dict]:
    """The same articles with positives from ``techniques``; with ``max_words``, only spans that short
    are positives and the words of longer ones are left out."""
    out = []
    for a, r in zip(arts, rows, strict=True):
        spans = [(s["start"], s["end"]) for s in r["spans"] if s["technique"] in techniques]
        short = [(s, e) for s, e in spans if not max_words or len(r["text"][s:e].split()) <= max_words]
        long_ = [sp for sp in spans if sp not in short]
        keep, labels = [], []
        for k, w in enumerate(a["words"]):
            pos = any(w.start < e and s < w.end for s, e in short)
            if not pos and any(w.start < e and s < w.end for s, e in long_):
                continue
            keep.append(k)
            labels.append(int(pos and lt.candidate(w.text)))
        out.append(dict(a, words=[a["words"][k] for k in keep], feats=[a["feats"][k] for k in keep], labels=labels))
    return out


_MODS = ("amod", "advmod", "compound", "npadvmod", "nummod", "poss", "neg")


def widen(docs: dict[str, Any], mode: str) -> Shaper:
    """Tagged spans widened by the parse: ``heads`` adds the word's modifiers and, for a modifier, its
    head; ``chunk`` also the rest of its noun chunk (five words at most, no determiner)."""
    def run(a: dict, spans: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
        doc, text = docs[a["text"]], a["text"]
        out: list[tuple[int, int, float]] = []
        for s, e, p in spans:
            lo, hi = s, e
            span = doc.char_span(s, e, alignment_mode="expand")
            for t in span if span is not None else ():
                near = [c for c in t.lefts if c.dep_ in _MODS and t.i - c.i <= 3]
                if t.dep_ in ("amod", "advmod", "compound", "acomp") and 0 < t.head.i - t.i <= 3:
                    near.append(t.head)
                if mode == "chunk":
                    for nc in doc.noun_chunks:
                        if nc.start <= t.i < nc.end and len(nc) <= 5:
                            near += [x for x in nc if x.dep_ not in ("det", "poss")]
                for x in near:
                    if not x.is_punct and "\n" not in text[min(lo, x.idx):max(hi, x.idx + len(x))]:
                        lo, hi = min(lo, x.idx), max(hi, x.idx + len(x))
            if out and lo <= out[-1][1]:
                out[-1] = (min(lo, out[-1][0]), max(hi, out[-1][1]), max(p, out[-1][2]))
            else:
                out.append((lo, hi, p))
        return out
    return run


def lexicon_spans(text: str) -> list[tuple[int, int]]:
    toks = words_with_offsets(text)
    return [(toks[k][1], toks[k + n - 1][2]) for k, n, _ in loaded_lexicon().matches([t[0] for t in toks])]


def combined(probs_of: Callable[[str], tuple[list[lt.Word], list[float]]], t_tag: float,
             t_low: float) -> Callable[[Article], list[tuple[int, int]]]:
    """The finder with lexicon hits kept at probability ``t_low`` or more, tagger spans at ``t_tag``
    or more (1 = none), and the intensifier cue."""
    def run(a: Article) -> list[tuple[int, int]]:
        words, probs = probs_of(a.text)
        spans = [(s, e) for s, e, _ in lt.merge(words, probs, t_tag, 0, a.text)] if t_tag < 1 else []
        for s, e in lexicon_spans(a.text):
            p = max([q for w, q in zip(words, probs, strict=True) if s <= w.start < e] or [0.0])
            if p >= t_low and not any(s < e2 and s2 < e for s2, e2 in spans):
                spans.append((s, e))
        hits = [FramingHit(a.text[s:e], a.id, s, e, "loaded") for s, e in spans]
        hits += fr._intensified(a, hits)
        return sorted((h.start, h.end) for h in hits)
    return run


def tagged(probs_of: Callable[[str], tuple[list[lt.Word], list[float]]],
           threshold: float) -> Callable[[Article], list[tuple[int, int]]]:
    """The tagger alone (no cue) at ``threshold``."""
    def run(a: Article) -> list[tuple[int, int]]:
        words, probs = probs_of(a.text)
        return [(s, e) for s, e, _ in lt.merge(words, probs, threshold, 0, a.text)]
    return run


def babe_tune(data: Path, cache: Path | None) -> tuple[list[dict], dict[str, tuple[list[lt.Word], list[list[str]]]]]:
    """The BABE tune-half sentences (as the benchmark splits them) and their tagger features."""
    babe = [json.loads(line) for line in (data / "framing/babe.jsonl").open(encoding="utf-8")]
    babe = [r for r in babe if r.get("label") in ("Biased", "Non-biased") and _half(r["text"]) == "tune"]
    docs = parse_texts(sorted({r["text"] for r in babe}), cache)
    return babe, {t: lt.features(t, d) for t, d in docs.items()}


COMBOS = [(1.0, 0.0), (0.225, 9.0), (1.0, 0.1), (1.0, 0.2), (0.5, 0.0), (0.5, 0.1), (0.4, 0.1)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", type=Path, help="the benchmark data root (holds framing/ and stories/)")
    ap.add_argument("--cache", type=Path, default=None, help="a folder (outside the repo) for spaCy parses")
    ap.add_argument("--only", default="basil,labels,shape,combine", help="comma-separated row groups")
    args = ap.parse_args()
    only = set(args.only.split(","))
    rows = [json.loads(line) for line in (args.data / "framing/ptc.jsonl").open(encoding="utf-8")]
    rows = sorted((r for r in rows if _half(str(r["id"])) == "tune"), key=lambda r: str(r["id"]))
    arts = prepare(rows, args.cache)

    def emit(name: str, value: dict) -> None:
        print(json.dumps({"row": name, **value}), flush=True)

    base = cv_probs(arts, arts)
    emit("ptc cv, shipped features", best(span_table(arts, base)))
    if "basil" in only:
        basil = basil_articles(args.data, args.cache)
        for weight, own in ((1.0, False), (1.0, True), (3.0, True)):
            extra = rows_of(basil, "src=basil", weight, own)
            emit(f"ptc cv, + BASIL lexical (weight {weight}, own features {own})",
                 best(span_table(arts, cv_probs(arts, arts, extra))))
        babe, bfeats = babe_tune(args.data, args.cache)
        for name, extra in (("PTC tune", []), ("PTC tune + BASIL lexical (own features)",
                                                rows_of(basil, "src=basil", 1.0, True))):
            vec, clf = fit(rows_of(arts) + extra)

            def fitted(text: str, vec: DictVectorizer = vec, clf: LogisticRegression = clf) -> tuple[list[lt.Word], list[float]]:
                words, feats = bfeats[text]
                return words, list(predict(vec, clf, {"words": words, "feats": feats}))
            emit(f"babe tune half (scored only), tagger fitted on {name}, threshold 0.225",
                 score_babe(babe, tagged(fitted, 0.225)))
    if "labels" in only:
        emit("ptc cv, + Exaggeration spans as positives",
             best(span_table(arts, cv_probs(relabel(arts, rows, GOLD_PTC | {"Exaggeration,Minimisation"}), arts))))
        emit("ptc cv, spans of <= 3 words as positives",
             best(span_table(arts, cv_probs(relabel(arts, rows, GOLD_PTC, 3), arts))))
    if "shape" in only:
        docs = parse_texts([r["text"] for r in rows], args.cache)
        for mode in ("heads", "chunk"):
            emit(f"ptc cv, spans widened ({mode})", best(span_table(arts, base, 0, widen(docs, mode))))
        for gap in (1, 3, 5):
            emit(f"ptc cv, merge gap {gap}", best(span_table(arts, base, gap)))
    if "combine" in only:
        by_text = {a["text"]: (a["words"], list(p)) for a, p in zip(arts, base, strict=True)}
        for t_tag, t_low in COMBOS:
            emit(f"ptc cv, combined t_tag {t_tag} t_low {t_low}",
                 score_ptc(rows, combined(lambda text: by_text[text], t_tag, t_low)))
        babe, bfeats = babe_tune(args.data, args.cache)
        model = lt.shipped_model()
        assert model is not None

        def shipped(text: str) -> tuple[list[lt.Word], list[float]]:
            words, feats = bfeats[text]
            return words, [model.probability(f) if lt.candidate(w.text) else 0.0
                           for w, f in zip(words, feats, strict=True)]
        for t_tag, t_low in COMBOS:
            emit(f"babe tune half (scored only), combined t_tag {t_tag} t_low {t_low}",
                 score_babe(babe, combined(shipped, t_tag, t_low)))


if __name__ == "__main__":
    main()
