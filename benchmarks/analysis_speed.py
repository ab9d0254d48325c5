"""Time ``analyze`` on a 10-article story once the models are loaded.

    python benchmarks/analysis_speed.py [SAMPLE_DIR] [--articles 10] [--runs 3]
    python benchmarks/analysis_speed.py --neural [--fp32] [--threads 1]   # lexical and cross-encoder, alternated
    python benchmarks/analysis_speed.py [SAMPLE_DIR] [--articles 10] [--runs 3] [--neural-ab]

The story is the sample corpus's Velora coverage (fictional, shipped in newsprism/data/sample),
topped up to ``--articles`` with rewritten variants (paragraphs in another order, every third
sentence dropped) so that no two articles are copies. Prints one JSON document: seconds per
analysis (median of the runs), per-step counts, and the machine's CPU count.

``--neural`` (the ``neural`` extra) times the analysis without and with the MiniLM cross-encoder
(``NEWSPRISM_XENC`` 0 and 1) alternately in the same process, ``--runs`` each, and prints both medians, their
ratio, how long the cross-encoder took to load (torch and transformers imported, factors merged)
and how many pairs it read per analysis; int8 linear layers as analysis runs them, ``--fp32`` without;
``--threads`` torch threads (1 by default: the two cores are shared).
``--neural-ab`` (with the ``neural`` extra) alternates runs with the neural models on and off
(``NEWSPRISM_NEURAL``), torch on one thread, and adds both medians, their ratio and the seconds the
MiniLM loaded-wording tagger takes to load.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path

from newsprism import pipeline
from newsprism.analyze import analyze
from newsprism.dedup import group_copies
from newsprism.model import Article, CopyGroup
from newsprism.settings import Options


def variant(a: Article, k: int) -> Article:
    paras = [p for p in a.text.split("\n") if p.strip()]
    paras = paras[k % len(paras):] + paras[: k % len(paras)]
    kept = []
    for p in paras:
        sents = p.split(". ")
        kept.append(". ".join(s for i, s in enumerate(sents) if (i + k) % 3 != 2 or len(sents) == 1))
    return replace(a, id=f"{a.id}-v{k}", outlet=f"{a.outlet} (variant {k})", text="\n".join(kept), sentences=())


def story(sample: Path, n: int) -> list[Article]:
    files = sorted(str(p) for p in sample.iterdir() if "_velora." in p.name)
    base = [a for a in pipeline.read_articles(files, Options()) if isinstance(a, Article)]
    out = list(base)
    k = 1
    while len(out) < n:
        out.append(variant(base[(k - 1) % len(base)], k))
        k += 1
    return out[:n]


def neural(articles: list[Article], options: Options, copies: Sequence[CopyGroup] | None,
           args: argparse.Namespace) -> dict[str, object]:
    """Lexical and cross-encoder analyses of the same story, alternated."""
    from newsprism.analyze import xenc

    os.environ[xenc.ENABLE] = "0"
    analyze(articles, options, copies=copies)  # loads spaCy and the lexicons
    t0 = time.perf_counter()
    import torch

    torch.set_num_threads(args.threads)
    enc = xenc.model(quantize=not args.fp32)
    load_s = time.perf_counter() - t0
    read: list[int] = []

    class Counting(xenc.Scores):
        def __call__(self, a, b):  # type: ignore[no-untyped-def, unused-ignore]
            out = super().__call__(a, b)
            read.append(len(self._cache))
            return out

    xenc.story_scores = lambda: Counting(enc) if xenc.available() else None  # type: ignore[assignment, unused-ignore]
    times: dict[str, list[float]] = {"lexical": [], "neural": []}
    claims: dict[str, int] = {}
    for _ in range(args.runs):
        for kind in ("lexical", "neural"):
            os.environ[xenc.ENABLE] = "1" if kind == "neural" else "0"
            t0 = time.perf_counter()
            result = analyze(articles, options, copies=copies)
            times[kind].append(time.perf_counter() - t0)
            claims[kind] = len(result.claims)
    med = {k: statistics.median(v) for k, v in times.items()}
    return {"articles": len(articles), "words": sum(len(a.text.split()) for a in articles), "cpus": os.cpu_count(),
            "torch_threads": args.threads, "int8": not args.fp32, "model_load_s": round(load_s, 2),
            "seconds": {k: round(v, 3) for k, v in med.items()},
            "runs": {k: [round(t, 3) for t in v] for k, v in times.items()},
            "ratio_neural_to_lexical": round(med["neural"] / med["lexical"], 2),
            "pairs_read_per_analysis": read[-1] if read else 0, "claims": claims}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sample", nargs="?", type=Path,
                    default=Path(str(resources.files("newsprism").joinpath("data/sample"))))
    ap.add_argument("--articles", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--neural", action="store_true", help="lexical and cross-encoder paths alternated")
    ap.add_argument("--fp32", action="store_true", help="with --neural: full-precision linear layers (int8 by default)")
    ap.add_argument("--threads", type=int, default=1, help="with --neural: torch threads")
    ap.add_argument("--neural-ab", action="store_true",
                    help="alternate runs with NEWSPRISM_NEURAL on and off and report the ratio")
    args = ap.parse_args()
    if args.neural_ab:
        neural_ab(args)
        return
    options = Options()
    articles = story(args.sample, args.articles)
    copies = group_copies(articles, options)
    if args.neural:
        json.dump(neural(articles, options, copies, args), sys.stdout, indent=1)
        print()
        return
    t0 = time.perf_counter()
    analyze(articles, options, copies=copies)  # loads spaCy and the lexicons
    first = time.perf_counter() - t0
    times = []
    result = None
    for _ in range(args.runs):
        t0 = time.perf_counter()
        result = analyze(articles, options, copies=copies)
        times.append(time.perf_counter() - t0)
    assert result is not None
    json.dump({"articles": len(articles), "words": sum(len(a.text.split()) for a in articles),
               "cpus": os.cpu_count(), "first_run_s": round(first, 3),
               "seconds": round(statistics.median(times), 3), "runs": [round(t, 3) for t in times],
               "claims": len(result.claims), "quotes": len(result.quotes), "numbers": len(result.numbers),
               "entities": len(result.entities), "framing": len(result.framing), "reuse": len(result.reuse),
               "summary": len(result.summary), "notes": list(result.notes)}, sys.stdout, indent=1)
    print()


def neural_ab(args: argparse.Namespace) -> None:
    import torch

    from newsprism.analyze import neural_tagger

    torch.set_num_threads(1)
    options = Options()
    articles = story(args.sample, args.articles)
    copies = group_copies(articles, options)
    os.environ["NEWSPRISM_NEURAL"] = "0"
    analyze(articles, options, copies=copies)  # loads spaCy and the lexicons
    os.environ["NEWSPRISM_NEURAL"] = "1"
    t0 = time.perf_counter()
    neural_tagger.shipped()
    load = time.perf_counter() - t0
    times: dict[str, list[float]] = {"0": [], "1": []}
    loaded: dict[str, int] = {}
    for k in range(2 * args.runs):
        flag = "1" if k % 2 == 0 else "0"
        os.environ["NEWSPRISM_NEURAL"] = flag
        t0 = time.perf_counter()
        result = analyze(articles, options, copies=copies)
        times[flag].append(time.perf_counter() - t0)
        loaded[flag] = sum(h.kind == "loaded" for h in result.framing)
    on, off = statistics.median(times["1"]), statistics.median(times["0"])
    json.dump({"articles": len(articles), "words": sum(len(a.text.split()) for a in articles),
               "cpus": os.cpu_count(), "torch_threads": torch.get_num_threads(),
               "tagger_load_s": round(load, 3), "neural_s": round(on, 3), "off_s": round(off, 3),
               "ratio": round(on / off, 3), "runs": {k: [round(t, 3) for t in v] for k, v in times.items()},
               "loaded_hits": loaded}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
