"""Measure newsprism on labelled data of your own: story grouping, quote attribution, claim matching.

``newsprism eval stories|quotes|claims FILE.jsonl`` call these. The metrics are the ones the
project's benchmarks report (``benchmarks/``), so figures on your data and on the public test
sets can be compared:

- stories: B-cubed precision, recall and F1 of the predicted stories against a ``story`` label
  per article (each article's predicted story is compared with its labelled one);
- quotes: a predicted quote matches a labelled one when at least half of the shorter one's
  words are shared; precision over predicted quotes, recall over labelled ones, and speaker
  accuracy over matched quotes whose labelled speaker is given: right when the two names share
  a capitalised word ("Ana Ruiz" / "Ruiz");
- claims: sentence pairs labelled ``same`` (true/false) scored as claim alignment scores them
  (with parses, against the claim threshold): accuracy, precision and recall of "same".
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from newsprism.errors import InputError
from newsprism.model import Article
from newsprism.settings import Options

__all__ = ["bcubed", "eval_claims", "eval_quotes", "eval_stories", "quote_overlap", "same_speaker"]


def bcubed(gold: Mapping[str, str], pred: Mapping[str, str], items: Iterable[str] | None = None) -> dict[str, float]:
    """B-cubed P/R/F1 over ``items`` (default: every labelled id); an id with no predicted story
    counts as a story of its own."""
    g: dict[str, set[str]] = defaultdict(set)
    p: dict[str, set[str]] = defaultdict(set)

    def pred_of(i: str) -> str:
        return pred.get(i, "alone:" + i)

    for i, c in gold.items():
        g[c].add(i)
        p[pred_of(i)].add(i)
    ids = list(items if items is not None else gold)
    if not ids:
        return {"P": 0.0, "R": 0.0, "F1": 0.0, "articles": 0}
    prec = sum(len(g[gold[i]] & p[pred_of(i)]) / len(p[pred_of(i)]) for i in ids) / len(ids)
    rec = sum(len(g[gold[i]] & p[pred_of(i)]) / len(g[gold[i]]) for i in ids) / len(ids)
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"P": round(prec, 4), "R": round(rec, 4), "F1": round(f1, 4), "articles": len(ids)}


def _words(s: str) -> set[str]:
    return set(re.findall(r"\w+", s.lower()))


def quote_overlap(a: str, b: str) -> float:
    """Share of the shorter text's distinct words that the other holds."""
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0


def same_speaker(gold: str, predicted: str | None) -> bool:
    """Do two names share a capitalised word of the labelled one ("Sen. Ana Ruiz" / "Ruiz")?"""
    caps = {w.lower() for w in re.findall(r"\b[A-Z][\w'’-]+", gold)}
    return bool(caps & {w.lower() for w in re.findall(r"\w[\w'’-]*", predicted or "")})


def _rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read labelled data: {exc}") from exc
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}: not a JSON object: {exc.msg}") from exc
        if not isinstance(row, dict):
            raise InputError(f"{path}:{n}: not a JSON object")
        yield n, row


def _article(path: Path, n: int, row: dict[str, Any]) -> Article:
    text = row.get("text")
    if not isinstance(text, str):
        raise InputError(f"{path}:{n}: needs a \"text\" string")
    aid = str(row.get("id") or f"{path.name}:{n}")
    return Article(id=aid, source=aid, url=row.get("url"), outlet=row.get("outlet"), title=row.get("title"),
                   published=row.get("published"), text=text)


def eval_stories(path: Path, options: Options) -> dict[str, Any]:
    """Cluster the articles of a JSONL file (``id``, ``text``, optional ``title``, ``published``,
    ``outlet``, ``url``) and score the stories against each row's ``story`` label."""
    from newsprism.pipeline import stories_of

    articles, gold = [], {}
    for n, row in _rows(path):
        if not row.get("story"):
            raise InputError(f"{path}:{n}: needs a \"story\" label")
        a = _article(path, n, row)
        if a.id in gold:
            raise InputError(f"{path}:{n}: id {a.id!r} appears twice")
        articles.append(a)
        gold[a.id] = str(row["story"])
    if not articles:
        raise InputError(f"{path}: no labelled articles")
    t0 = time.perf_counter()
    stories = stories_of(articles, options)
    seconds = time.perf_counter() - t0
    pred = {a: s.id for s in stories for a in s.article_ids}
    return {"stage": "stories", **bcubed(gold, pred), "stories_labelled": len(set(gold.values())),
            "stories_found": len(stories), "seconds": round(seconds, 3)}


def eval_quotes(path: Path) -> dict[str, Any]:
    """Find the quotes of each article of a JSONL file (``text`` and ``quotes``: a list of
    ``{"text", "speaker"}``, speaker optional) and score them against the labelled ones."""
    from newsprism.analyze.nlp import parse_many
    from newsprism.analyze.quotes import find_quotes

    rows = []
    for n, row in _rows(path):
        labelled = row.get("quotes")
        if not isinstance(labelled, list) or not all(isinstance(q, dict) and isinstance(q.get("text"), str)
                                                     for q in labelled):
            raise InputError(f"{path}:{n}: needs \"quotes\": a list of {{\"text\", \"speaker\"}}")
        rows.append((_article(path, n, row), labelled))
    if not rows:
        raise InputError(f"{path}: no labelled articles")
    t0 = time.perf_counter()
    docs = parse_many([a.text for a, _ in rows])
    right = wrong = found = missed = sp_right = sp_total = 0
    for (article, labelled), doc in zip(rows, docs, strict=True):
        predicted = find_quotes(article, doc)
        for q in predicted:
            if any(quote_overlap(q.text, g["text"]) >= 0.5 for g in labelled):
                right += 1
            else:
                wrong += 1
        for g in labelled:
            hits = [q for q in predicted if quote_overlap(q.text, g["text"]) >= 0.5]
            if not hits:
                missed += 1
                continue
            found += 1
            if g.get("speaker"):
                best = max(hits, key=lambda q: quote_overlap(q.text, g["text"]))
                sp_total += 1
                sp_right += same_speaker(str(g["speaker"]), best.speaker)
    p = right / (right + wrong) if right + wrong else 0.0
    r = found / (found + missed) if found + missed else 0.0
    return {"stage": "quotes", "articles": len(rows), "labelled": found + missed, "predicted": right + wrong,
            "P": round(p, 4), "R": round(r, 4), "F1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "speaker_accuracy": round(sp_right / sp_total, 4) if sp_total else None, "speaker_scored": sp_total,
            "seconds": round(time.perf_counter() - t0, 3)}


def eval_claims(path: Path, options: Options) -> dict[str, Any]:
    """Score sentence pairs (``{"a", "b", "same": true|false}`` per line) with the claim matcher."""
    import numpy as np

    from newsprism.analyze.claims import restatement_scores
    from newsprism.analyze.nlp import parse_many

    pairs = []
    for n, row in _rows(path):
        if not (isinstance(row.get("a"), str) and isinstance(row.get("b"), str) and isinstance(row.get("same"), bool)):
            raise InputError(f"{path}:{n}: needs \"a\" and \"b\" sentences and \"same\": true or false")
        pairs.append((row["a"], row["b"], row["same"]))
    if not pairs:
        raise InputError(f"{path}: no labelled pairs")
    t0 = time.perf_counter()
    texts = [t for a, b, _ in pairs for t in (a, b)]
    docs = parse_many(texts)
    idx = np.arange(0, len(texts), 2)
    scores = restatement_scores(texts, [d[:] for d in docs], idx, idx + 1)
    said = scores >= options.claim_threshold
    gold = np.array([same for _, _, same in pairs])
    tp = int((said & gold).sum())
    p = tp / int(said.sum()) if said.any() else 0.0
    r = tp / int(gold.sum()) if gold.any() else 0.0
    return {"stage": "claims", "pairs": len(pairs), "accuracy": round(float((said == gold).mean()), 4),
            "P": round(p, 4), "R": round(r, 4), "F1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "threshold": options.claim_threshold, "seconds": round(time.perf_counter() - t0, 3)}
