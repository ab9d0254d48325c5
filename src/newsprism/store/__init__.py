"""The stores: the SQLite ``Store`` (the only module that speaks SQL) and, read-only, ``RunStore``
over a run's Parquet folder (``newsprism.store.run``, imported on demand: it needs pyarrow).

One file (WAL mode), numbered migrations, FTS5 over articles, raw page bodies compressed by hash.
Every write is its own short transaction, so a crash mid-batch keeps what was committed and a re-run
adds only what is missing (inserts are idempotent by primary key). ``ReadStore`` is what the web
app reads of either.
"""

from __future__ import annotations

from newsprism.store.db import Store
from newsprism.store.protocol import ReadStore

__all__ = ["ReadStore", "Store"]
