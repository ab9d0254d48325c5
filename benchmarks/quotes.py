"""Score newsprism's quote finder on PolNeAR-style data (brat ``.ann`` attributions), in process.

    .venv/bin/python benchmarks/quotes.py DATA_DIR [--limit N] [--third K] [--cache DIR]
                                                   [--scorer PATH] [--errors]

DATA_DIR holds ``text/*.txt`` and ``attributions/*.ann``. The metrics are the ones of the shared
scorer (``bench/score/quotes.py``), recomputed here so the library can be measured without the
CLI: a predicted quote matches a gold content span when at least half of the shorter one's words
are shared; precision counts a prediction right if it matches any gold attribution content;
recall and speaker accuracy are over gold contents holding a quotation mark, speaker accuracy
only where the gold source is a name (right when a capitalised word of it is in the speaker).
``speaker_accuracy_best_match`` scores the speaker of the predicted quote that overlaps a gold
quote most instead of the first one in text order; ``speaker_accuracy_oracle`` is the first-match
figure a perfect attributor would get with the same quotes (each given the source of the gold
content it overlaps most): the ceiling the first-match rule leaves.

``--scorer PATH`` (the shared scorer's file) adds ``shared_speaker_accuracy``: the figure the
shared scorer gives, computed with its own ``best_match`` and ``speaker_right`` (best-overlapping
prediction, a description accepted for the name it refers to). ``--third K`` keeps the articles
whose index in name order is K modulo 3 (PolNeAR ``train`` is tuned on one third and checked on
another). ``--cache DIR`` keeps the spaCy parses (``DocBin`` files) so a rerun only finds quotes.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import importlib.util
import json
import os
import re
import sys
import time
from types import ModuleType
from typing import Any

from newsprism.analyze.nlp import load_nlp
from newsprism.analyze.quotes import find_quotes
from newsprism.evaluate import quote_overlap, same_speaker
from newsprism.model import Article

PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "him", "them", "who", "which", "that"}
QUOTE_MARKS = "\"“”"


def read_ann(path: str, text: str) -> list[dict[str, str]]:
    spans: dict[str, str] = {}
    rels: list[dict[str, str]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if parts[0].startswith("T") and len(parts) >= 2:
                _, *offs = parts[1].split(" ", 1)
                segs = []
                for seg in offs[0].split(";") if offs else []:
                    s, e = seg.split()
                    segs.append(text[int(s):int(e)])
                spans[parts[0]] = " ".join(segs)
            elif parts[0].startswith("E") and len(parts) >= 2:
                rels.append(dict(x.split(":") for x in parts[1].split() if ":" in x))
    return [{"content": spans.get(r.get("Content", ""), ""), "source": spans.get(r.get("Source", ""), "")}
            for r in rels if spans.get(r.get("Content", ""), "")]


def _scorer(path: str | None) -> ModuleType | None:
    if not path:
        return None
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    spec = importlib.util.spec_from_file_location("shared_quote_scorer", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _parse(text: str, cache: str | None) -> Any:
    """The spaCy parse of ``text``, from ``cache`` when it holds it."""
    nlp = load_nlp()
    if not cache:
        return nlp(text)
    from spacy.tokens import DocBin

    key = os.path.join(cache, hashlib.sha1(text.encode("utf-8")).hexdigest() + ".spacy")
    if os.path.exists(key):
        return next(iter(DocBin().from_disk(key).get_docs(nlp.vocab)))
    doc = nlp(text)
    os.makedirs(cache, exist_ok=True)
    DocBin(docs=[doc]).to_disk(key)
    return doc


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--third", type=int, choices=(0, 1, 2), default=None,
                    help="only articles whose index (name order) is this modulo 3")
    ap.add_argument("--cache", default=None, help="folder keeping the spaCy parses between runs")
    ap.add_argument("--scorer", default=None, help="the shared scorer's quotes.py: adds its speaker accuracy")
    ap.add_argument("--errors", action="store_true", help="print misses and wrong speakers to stderr")
    a = ap.parse_args()
    texts = sorted(glob.glob(os.path.join(a.data, "text", "*.txt")))
    if a.third is not None:
        texts = texts[a.third::3]
    if a.limit:
        texts = texts[: a.limit]
    shared = _scorer(a.scorer)
    n = {k: 0 for k in ("tp_p", "fp", "tp_r", "fn", "sp_right", "sp_total", "best_right", "oracle_right",
                        "shared_right", "shared_total")}
    t0 = time.perf_counter()
    find_s = 0.0
    for path in texts:
        cands = glob.glob(os.path.join(a.data, "attributions", os.path.basename(path)[:-4] + "*.ann"))
        if not cands:
            continue
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        gold = read_ann(cands[0], text)
        art = Article(id=os.path.basename(path), source=path, url=None, outlet=None, title=None, text=text)
        doc = _parse(text, a.cache)
        t1 = time.perf_counter()
        qs = find_quotes(art, doc)
        find_s += time.perf_counter() - t1
        _score(art, text, gold, qs, n, a.errors, shared)
    wall = time.perf_counter() - t0
    p = n["tp_p"] / (n["tp_p"] + n["fp"]) if n["tp_p"] + n["fp"] else 0.0
    r = n["tp_r"] / (n["tp_r"] + n["fn"]) if n["tp_r"] + n["fn"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    total = n["sp_total"]
    out = {"articles": len(texts), "gold_direct_quotes": n["tp_r"] + n["fn"], "predicted": n["tp_p"] + n["fp"],
           "P": round(p, 4), "R": round(r, 4), "F1": round(f, 4),
           "speaker_accuracy": round(n["sp_right"] / total, 4) if total else 0.0,
           "speaker_scored": total,
           "speaker_accuracy_best_match": round(n["best_right"] / total, 4) if total else 0.0,
           "speaker_accuracy_oracle": round(n["oracle_right"] / total, 4) if total else 0.0}
    if shared is not None:
        st = n["shared_total"]
        out |= {"shared_speaker_accuracy": round(n["shared_right"] / st, 4) if st else 0.0, "shared_scored": st}
    out |= {"articles_per_s": round(len(texts) / wall, 1),
            "find_ms_per_article": round(1000 * find_s / max(1, len(texts)), 1)}
    print(json.dumps(out))


def _score(art: Article, text: str, gold: list[dict[str, str]], qs: list[Any], n: dict[str, int],
           errors: bool, shared: ModuleType | None) -> None:
    """Add one article's counts to ``n``."""
    oracle = {q.id: _gold_speaker(q.text, gold, q.speaker) for q in qs}
    for q in qs:
        if any(quote_overlap(q.text, g["content"]) >= 0.5 for g in gold):
            n["tp_p"] += 1
        else:
            n["fp"] += 1
            if errors:
                print(f"FP {art.id} [{q.kind}] {q.text[:100]!r}", file=sys.stderr)
    for g in gold:
        if not any(m in g["content"] for m in QUOTE_MARKS):
            continue
        hit = [q for q in qs if quote_overlap(q.text, g["content"]) >= 0.5]
        if not hit:
            n["fn"] += 1
            if errors:
                print(f"FN {art.id} {g['content'][:100]!r}", file=sys.stderr)
            continue
        n["tp_r"] += 1
        src = g["source"].strip()
        if not src or src.lower() in PRONOUNS:
            continue
        n["sp_total"] += 1
        best = max(hit, key=lambda q: (quote_overlap(q.text, g["content"]), len(q.text)))
        if shared is not None:
            preds = [{"text": q.text, "speaker": q.speaker} for q in qs]
            m = shared.best_match(g["content"], preds)
            n["shared_total"] += 1
            ok = m is not None and shared.speaker_right(m.get("speaker") or "", src, text)
            n["shared_right"] += ok
            if errors and not ok and m is not None:
                print(f"SS {art.id} gold={src!r} pred={m.get('speaker')!r} {m['text'][:70]!r}", file=sys.stderr)
        if same_speaker(src, best.speaker):
            n["best_right"] += 1
        elif errors and shared is None:
            print(f"SB {art.id} gold={src!r} pred={best.speaker!r} cue={best.cue!r} "
                  f"{best.text[:70]!r}", file=sys.stderr)
        n["oracle_right"] += same_speaker(src, oracle[hit[0].id])
        if same_speaker(src, hit[0].speaker):
            n["sp_right"] += 1
        elif errors and shared is None:
            print(f"SP {art.id} gold={src!r} pred={hit[0].speaker!r} cue={hit[0].cue!r} "
                  f"{hit[0].text[:60]!r} best={best.speaker!r}", file=sys.stderr)


def _gold_speaker(text: str, gold: list[dict[str, str]], ours: str | None) -> str | None:
    """The speaker a perfect attributor would give this quote: the source of the gold content it
    overlaps most (ours where that source is a pronoun or has no name). Scoring these with the
    first-match rule shows the ceiling that rule leaves for the quotes as we cut them."""
    best = max(gold, key=lambda g: quote_overlap(text, g["content"]), default=None)
    if best is None or quote_overlap(text, best["content"]) < 0.5 or not re.search(r"\b[A-Z]", best["source"]):
        return ours
    return best["source"]


if __name__ == "__main__":
    main()
