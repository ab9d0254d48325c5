"""Score the loaded-wording finder on PTC spans and BABE biased words, beside a plain lexicon baseline.

    python benchmarks/framing.py DATA_DIR [--half tune|report] [--cache DIR]   # DATA_DIR holds ptc.jsonl, babe.jsonl

PTC (SemEval-2020 propaganda spans): gold = Loaded_Language and Name_Calling,Labeling spans; a
predicted hit is right when it overlaps a gold span, a gold span is found when a hit overlaps it.
BABE (AGPL-3.0, evaluation only — nothing of it is shipped): gold = the biased words of each
sentence; word-level precision and recall. The baseline flags every word of a plain sentiment
lexicon (our own polarity list). The finder scored is the learned tagger (``find_loaded(learned=True)``):
the fine-tuned MiniLM tagger when the ``neural`` extra is installed (``tools/train_loaded_neural.py``;
``NEWSPRISM_NEURAL=0`` turns it off), else the logistic regression (``tools/train_framing.py``), both
fitted on the PTC tune half; the logistic regression is scored beside it. The cue configuration (intensifiers, scare quotes) is chosen on
the "tune" half of each set (by a hash of the id/text) and reported on the other half. The lexicon
finder (the default of ``find_loaded``) is scored beside it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsprism.analyze.framing import find_loaded, polarity_lexicon, words_with_offsets
from newsprism.model import Article

GOLD_PTC = {"Loaded_Language", "Name_Calling,Labeling"}
Finder = Callable[[Article], list[tuple[int, int]]]


def _half(key: str) -> str:
    return "tune" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 0 else "report"


def parse_texts(texts: list[str], cache: Path | None = None) -> dict[str, Any]:
    """spaCy parses of ``texts`` (by text), kept in ``cache`` (a folder outside the repo) when given."""
    from spacy.tokens import DocBin

    from newsprism.analyze.nlp import load_nlp, parse_many
    from newsprism.settings import default

    key = hashlib.sha1("\x00".join(texts).encode()).hexdigest()[:16]
    path = cache / f"framing-{key}.spacy" if cache else None
    if path is not None and path.is_file():
        docs = list(DocBin().from_disk(path).get_docs(load_nlp().vocab))
    else:
        docs = parse_many(texts, default("parse_chunk_chars"))
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            DocBin(store_user_data=False, docs=docs).to_disk(path)
    return {t: d for t, d in zip(texts, docs, strict=True)}


def _article(aid: str, text: str) -> Article:
    return Article(id=aid, source=aid, url=None, outlet=None, title=None, text=text)


def finder(intensifiers: bool, scare: bool, learned: bool = True, docs: dict[str, Any] | None = None,
           neural: bool | None = None) -> Finder:
    def run(a: Article) -> list[tuple[int, int]]:
        doc = (docs or {}).get(a.text)
        return [(h.start, h.end) for h in find_loaded(a, doc=doc, learned=learned, neural=neural,
                                                      intensifier_cues=intensifiers, scare_quotes=scare)]
    return run


def _memoise_neural() -> bool:
    """Keep the MiniLM probabilities of each text (the configurations score the same texts again);
    whether the neural tagger is in use."""
    import functools

    from newsprism.analyze import neural_tagger

    if not neural_tagger.available():
        return False
    import torch

    torch.set_num_threads(1)  # the machine's two cores are shared
    neural_tagger.word_probabilities = functools.cache(neural_tagger.word_probabilities)  # type: ignore[assignment, unused-ignore]
    return True


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
    ap.add_argument("--half", choices=("tune", "report"), default="report",
                    help="the half to score (the configuration is always chosen on the tune half)")
    ap.add_argument("--cache", type=Path, default=None, help="a folder (outside the repo) to keep spaCy parses in")
    args = ap.parse_args()
    ptc = [json.loads(line) for line in (args.data / "ptc.jsonl").open(encoding="utf-8")]
    babe = [json.loads(line) for line in (args.data / "babe.jsonl").open(encoding="utf-8")]
    babe = [r for r in babe if r.get("label") in ("Biased", "Non-biased")]
    out: dict[str, object] = {"neural": _memoise_neural()}
    for name, rows, score, key in (("ptc", ptc, score_ptc, "id"), ("babe", babe, score_babe, "text")):
        tune = [r for r in rows if _half(str(r[key])) == "tune"]
        scored = [r for r in rows if _half(str(r[key])) == args.half]
        docs = parse_texts(sorted({r["text"] for r in tune + scored}), args.cache)
        configs = {(i, s): finder(i, s, True, docs) for i in (False, True) for s in (False, True)}
        best = max(configs, key=lambda c: score(tune, configs[c])["f1"])
        linear = {(i, s): finder(i, s, True, docs, False) for i in (False, True) for s in (False, True)}
        best_linear = max(linear, key=lambda c: score(tune, linear[c])["f1"]) if out["neural"] else best
        out[name] = {"tune_items": len(tune), "scored_half": args.half, "scored_items": len(scored),
                     "chosen": {"intensifiers": best[0], "scare_quotes": best[1]},
                     "finder": score(scored, configs[best]),
                     "tagger_only": score(scored, configs[(False, False)]),
                     "linear_tagger": score(scored, linear[best_linear]),
                     "linear_chosen": {"intensifiers": best_linear[0], "scare_quotes": best_linear[1]},
                     "lexicon_finder": score(scored, finder(best[0], best[1], False)),
                     "lexicon_only": score(scored, finder(False, False, False)),
                     "baseline_sentiment_lexicon": score(scored, baseline)}
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
