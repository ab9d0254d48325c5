"""Score the loaded-wording finder on PTC spans and BABE biased words, beside a plain lexicon baseline.

    python benchmarks/framing.py DATA_DIR        # DATA_DIR holds ptc.jsonl and babe.jsonl

PTC (SemEval-2020 propaganda spans): gold = Loaded_Language and Name_Calling,Labeling spans; a
predicted hit is right when it overlaps a gold span, a gold span is found when a hit overlaps it.
BABE (AGPL-3.0, evaluation only — nothing of it is shipped): gold = the biased words of each
sentence; word-level precision and recall. The baseline flags every word of a plain sentiment
lexicon (our own polarity list). The cue configuration (intensifiers, scare quotes) is chosen on
the "tune" half of each set (by a hash of the id/text) and reported on the other half.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

from newsprism.analyze.framing import find_loaded, polarity_lexicon, words_with_offsets
from newsprism.model import Article

GOLD_PTC = {"Loaded_Language", "Name_Calling,Labeling"}
Finder = Callable[[Article], list[tuple[int, int]]]


def _half(key: str) -> str:
    return "tune" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 0 else "report"


def _article(aid: str, text: str) -> Article:
    return Article(id=aid, source=aid, url=None, outlet=None, title=None, text=text)


def finder(intensifiers: bool, scare: bool) -> Finder:
    def run(a: Article) -> list[tuple[int, int]]:
        return [(h.start, h.end) for h in find_loaded(a, intensifier_cues=intensifiers, scare_quotes=scare)]
    return run


def baseline(a: Article) -> list[tuple[int, int]]:
    lex = polarity_lexicon()
    words = words_with_offsets(a.text)
    seq = [w for w, _, _ in words]
    return [(s, e) for k, (_, s, e) in enumerate(words) if lex.match(seq, k) is not None]


def prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> dict[str, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def score_ptc(rows: list[dict], find: Finder) -> dict[str, float]:
    tp_p = n_p = tp_g = n_g = 0
    for r in rows:
        gold = [(s["start"], s["end"]) for s in r["spans"] if s["technique"] in GOLD_PTC]
        pred = find(_article(r["id"], r["text"]))
        n_p += len(pred)
        n_g += len(gold)
        tp_p += sum(any(s < ge and gs < e for gs, ge in gold) for s, e in pred)
        tp_g += sum(any(s < ge and gs < e for s, e in pred) for gs, ge in gold)
    return prf(tp_p, n_p, tp_g, n_g)


def score_babe(rows: list[dict], find: Finder) -> dict[str, float]:
    tp_p = n_p = tp_g = n_g = 0
    for k, r in enumerate(rows):
        text = r["text"]
        gold = {w.lower() for w in r.get("biased_words") or []}
        pred = {w for s, e in find(_article(str(k), text)) for w, _, _ in words_with_offsets(text[s:e])}
        n_p += len(pred)
        n_g += len(gold)
        tp_p += len(pred & gold)
        tp_g += len(gold & pred)
    return prf(tp_p, n_p, tp_g, n_g)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", type=Path)
    args = ap.parse_args()
    ptc = [json.loads(line) for line in (args.data / "ptc.jsonl").open(encoding="utf-8")]
    babe = [json.loads(line) for line in (args.data / "babe.jsonl").open(encoding="utf-8")]
    babe = [r for r in babe if r.get("label") in ("Biased", "Non-biased")]
    out: dict[str, object] = {}
    configs = {(i, s): finder(i, s) for i in (False, True) for s in (False, True)}
    for name, rows, score, key in (("ptc", ptc, score_ptc, "id"), ("babe", babe, score_babe, "text")):
        tune = [r for r in rows if _half(str(r[key])) == "tune"]
        report = [r for r in rows if _half(str(r[key])) == "report"]
        best = max(configs, key=lambda c: score(tune, configs[c])["f1"])
        out[name] = {"tune_items": len(tune), "report_items": len(report),
                     "chosen": {"intensifiers": best[0], "scare_quotes": best[1]},
                     "finder": score(report, configs[best]),
                     "finder_lexicon_only": score(report, configs[(False, False)]),
                     "baseline_sentiment_lexicon": score(report, baseline)}
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
