"""Score newsprism's quote finder on PolNeAR-style data (brat ``.ann`` attributions), in process.

    .venv/bin/python benchmarks/quotes.py DATA_DIR [--limit N] [--errors]

DATA_DIR holds ``text/*.txt`` and ``attributions/*.ann``. The metrics are the ones of the shared
scorer (``bench/score/quotes.py``), recomputed here so the library can be measured without the
CLI: a predicted quote matches a gold content span when at least half of the shorter one's words
are shared; precision counts a prediction right if it matches any gold attribution content;
recall and speaker accuracy are over gold contents holding a quotation mark, speaker accuracy
only where the gold source is a name (right when a capitalised word of it is in the speaker).
``speaker_accuracy_best_match`` scores the speaker of the predicted quote that overlaps a gold
quote most instead of the first one in text order; ``speaker_accuracy_oracle`` is the first-match
figure a perfect attributor would get with the same quotes (each given the source of the gold
content it overlaps most): the ceiling the first-match rule leaves. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sys
import time

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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--errors", action="store_true", help="print misses and wrong speakers to stderr")
    a = ap.parse_args()
    texts = sorted(glob.glob(os.path.join(a.data, "text", "*.txt")))
    if a.limit:
        texts = texts[: a.limit]
    nlp = load_nlp()
    tp_p = fp = tp_r = fn = sp_right = sp_total = best_right = oracle_right = 0
    t0 = time.perf_counter()
    for path in texts:
        cands = glob.glob(os.path.join(a.data, "attributions", os.path.basename(path)[:-4] + "*.ann"))
        if not cands:
            continue
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        gold = read_ann(cands[0], text)
        art = Article(id=os.path.basename(path), source=path, url=None, outlet=None, title=None, text=text)
        qs = find_quotes(art, nlp(text))
        oracle = {q.id: _gold_speaker(q.text, gold, q.speaker) for q in qs}
        for q in qs:
            if any(quote_overlap(q.text, g["content"]) >= 0.5 for g in gold):
                tp_p += 1
            else:
                fp += 1
                if a.errors:
                    print(f"FP {art.id} [{q.kind}] {q.text[:100]!r}", file=sys.stderr)
        for g in gold:
            if not any(m in g["content"] for m in QUOTE_MARKS):
                continue
            hit = [q for q in qs if quote_overlap(q.text, g["content"]) >= 0.5]
            if not hit:
                fn += 1
                if a.errors:
                    print(f"FN {art.id} {g['content'][:100]!r}", file=sys.stderr)
                continue
            tp_r += 1
            src = g["source"].strip()
            if src and src.lower() not in PRONOUNS:
                sp_total += 1
                best = max(hit, key=lambda q: (quote_overlap(q.text, g["content"]), len(q.text)))
                if same_speaker(src, best.speaker):
                    best_right += 1
                elif a.errors:
                    print(f"SB {art.id} gold={src!r} pred={best.speaker!r} cue={best.cue!r} "
                          f"{best.text[:70]!r}", file=sys.stderr)
                oracle_right += same_speaker(src, oracle[hit[0].id])
                if same_speaker(src, hit[0].speaker):
                    sp_right += 1
                elif a.errors:
                    print(f"SP {art.id} gold={src!r} pred={hit[0].speaker!r} cue={hit[0].cue!r} "
                          f"{hit[0].text[:60]!r} best={best.speaker!r}", file=sys.stderr)
    wall = time.perf_counter() - t0
    p = tp_p / (tp_p + fp) if tp_p + fp else 0.0
    r = tp_r / (tp_r + fn) if tp_r + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(json.dumps({"articles": len(texts), "gold_direct_quotes": tp_r + fn, "predicted": tp_p + fp,
                      "P": round(p, 4), "R": round(r, 4), "F1": round(f, 4),
                      "speaker_accuracy": round(sp_right / sp_total, 4) if sp_total else 0.0,
                      "speaker_scored": sp_total,
                      "speaker_accuracy_best_match": round(best_right / sp_total, 4) if sp_total else 0.0,
                      "speaker_accuracy_oracle": round(oracle_right / sp_total, 4) if sp_total else 0.0,
                      "articles_per_s": round(len(texts) / wall, 1)}))


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
