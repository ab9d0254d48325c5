#!/usr/bin/env python3
"""Regenerate the expected outputs of the extract golden tests: ``<name>.expected.json``.

    .venv/bin/python tests/extract/golden/regen.py

Review the diff by eye before committing: a changed expectation is a changed behaviour. The
hand-written ``<name>.body.txt`` files (the article body as a reader sees it) are never regenerated;
they define the quality floor in ``tests/extract/test_golden.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

from newsprism.extract import extract
from newsprism.fetch.document import make_document
from newsprism.model import to_dict
from newsprism.settings import Options

HERE = Path(__file__).parent
INPUTS = ("*.html", "*.txt", "*.md")
# the clock the golden outputs were made with: a date after it is absurd (same in the test/regen)
FETCHED_AT = "2026-11-30T00:00:00+00:00"
FIELDS = ("url", "outlet", "title", "authors", "published", "language", "text")


def inputs() -> list[Path]:
    found = {p for pattern in INPUTS for p in HERE.glob(pattern)}
    return sorted(p for p in found if not p.name.endswith(".body.txt"))


def expected_for(path: Path) -> dict:
    kind = "html" if path.suffix == ".html" else "text"
    article = extract(make_document(path.name, path.read_bytes(), kind, fetched_at=FETCHED_AT), Options())
    data = to_dict(article)
    return {k: data[k] for k in FIELDS} | {"sentences": len(article.sentences)}


def main() -> None:
    for path in inputs():
        out = path.with_name(path.name.rsplit(".", 1)[0] + ".expected.json")
        out.write_text(json.dumps(expected_for(path), indent=1, ensure_ascii=False) + "\n")
        print(f"wrote {out.name}")


if __name__ == "__main__":
    main()
