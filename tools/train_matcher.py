"""Refit the n-gram paraphrase matchers (``newsprism.analyze.similarity``) and write their weights.

    python tools/train_matcher.py DATA/paraphrase [--out src/newsprism/analyze/models/matcher.json]

DATA/paraphrase holds ``msr_paraphrase_train.txt``; only that split is read. Fits two standardised
logistic regressions on MSRP train with the n-gram features (``similarity.prepare(..., ngrams=True)``):
``ngram_lexical`` over ``FEATURES + NGRAM_FEATURES`` and ``ngram_parsed`` with the spaCy parse
features too (``+ PARSED_FEATURES + DEPENDENCY_FEATURES``). C and the probability threshold are
chosen by 10-fold cross-validation on train (``benchmarks/paraphrase.py`` ``fit_matcher``), the
intercept shifted so the threshold reads as 0.5. Only coefficients are written, no text of the
data; the file's other entries (``lexical``, ``parsed``: the matchers analysis uses) are kept. The
dev figure of the written weights is ``benchmarks/paraphrase.py DATA/paraphrase --parse``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from paraphrase import fit_both  # noqa: E402

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src/newsprism/analyze/models/matcher.json"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="folder with msr_paraphrase_train.txt")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the weights (JSON)")
    args = ap.parse_args()
    models, report = fit_both(args.data, ngrams=True)
    # the other entries (``lexical``, ``parsed``: the matchers analysis uses) are carried over
    doc = json.loads(args.out.read_text("utf-8")) if args.out.is_file() else {}
    doc.update({"ngram_fit": report, **{f"ngram_{kind}": model.to_json() for kind, model in models.items()}})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    json.dump({"fit": report, "out": str(args.out)}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
