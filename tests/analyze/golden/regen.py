"""Regenerate the golden output of `newsprism compare --json` on sample stories.

    .venv/bin/python tests/analyze/golden/regen.py

Review the diff by eye before committing: it is the analysis a user sees.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from tests.analyze.golden.cases import CASES, run_compare  # noqa: E402

if __name__ == "__main__":
    for name, files in CASES.items():
        out = HERE / f"compare-{name}.json"
        out.write_text(json.dumps(run_compare(files), indent=1, ensure_ascii=False, sort_keys=True) + "\n")
        print("wrote", out)
