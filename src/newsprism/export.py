"""Export stored articles (with their story ids) as JSONL or Parquet."""

from __future__ import annotations

import json
from pathlib import Path

from newsprism.errors import UsageError
from newsprism.store import Store

FORMATS = ("jsonl", "parquet")


def export_articles(store: Store, out: Path, fmt: str) -> int:
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}", source=str(out))
    rows = list(store.iter_article_rows())
    if fmt == "jsonl":
        with out.open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        return len(rows)
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:
        raise UsageError("Parquet export needs pyarrow: pip install 'newsprism[parquet]'") from e
    for r in rows:
        r["provenance"] = json.dumps(r["provenance"])
        r["sentences"] = json.dumps(r["sentences"])
    pq.write_table(pa.Table.from_pylist(rows), out)
    return len(rows)
