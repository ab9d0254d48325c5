"""The SQLite store: the only module that speaks SQL.

One file (WAL mode), numbered migrations, FTS5 over articles, raw page bodies compressed by hash.
Every write is its own short transaction, so a crash mid-batch keeps what was committed and a re-run
adds only what is missing (inserts are idempotent by primary key).
"""

from __future__ import annotations

from newsprism.store.db import Store

__all__ = ["Store"]
