"""The Parquet tables of a run, and the records they hold.

A run folder holds one table per output: ``articles/`` and ``failures/`` as one part file per
input shard (so a restarted run sees which shards are done), ``copies.parquet``,
``stories.parquet``, and ``analyses/`` as one part per group of stories. Every write goes to a
temporary name first and is renamed into place, so a part that exists is complete.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from newsprism.errors import UsageError
from newsprism.model import Article, CopyGroup, Failure, Span, Story, stable_id, to_dict

try:  # pyarrow is an optional dependency ('newsprism[parquet]', '[ray]' and '[dev]' bring it)
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError:  # pragma: no cover - checked by need_pyarrow
    pa = pq = None

TABLES = ("articles", "copies", "stories", "analyses", "failures")
STORIES_PER_PART = 32  # analysed stories per Parquet part (the unit a restarted run skips)


def need_pyarrow() -> None:
    if pa is None:
        raise UsageError("a run writes Parquet and needs pyarrow: pip install 'newsprism[parquet]'")


def _strings() -> Any:
    return pa.list_(pa.string())


def schemas() -> dict[str, Any]:
    need_pyarrow()
    s = pa.string()
    return {
        "articles": pa.schema([("id", s), ("source", s), ("url", s), ("outlet", s), ("title", s),
                               ("authors", _strings()), ("published", s), ("language", s), ("text", s),
                               ("sentences", pa.list_(pa.list_(pa.int64()))), ("page_sha256", s),
                               ("provenance", s)]),
        "copies": pa.schema([("canonical", s), ("members", _strings()), ("outlets", _strings()),
                             ("similarity", pa.float64())]),
        "stories": pa.schema([("id", s), ("article_ids", _strings()), ("title", s), ("first_seen", s),
                              ("last_seen", s), ("pinned", pa.bool_()), ("copies", s)]),
        "analyses": pa.schema([("story", s), ("analysis", s)]),
        "failures": pa.schema([("source", s), ("reason", s), ("stage", s)]),
    }


# -- records ⇄ rows ------------------------------------------------------------------------------
def article_row(a: Article) -> dict[str, Any]:
    return {"id": a.id, "source": a.source, "url": a.url, "outlet": a.outlet, "title": a.title,
            "authors": list(a.authors), "published": a.published, "language": a.language, "text": a.text,
            "sentences": [[s.start, s.end] for s in a.sentences], "page_sha256": a.page_sha256,
            "provenance": json.dumps([list(p) for p in a.provenance])}


def article_of(r: dict[str, Any]) -> Article:
    """An Article from a row; only ``id`` is required, so Parquet written by other tools can be read."""
    g = r.get
    prov = g("provenance")
    pairs = json.loads(prov) if isinstance(prov, str) else list((prov or {}).items()) if isinstance(prov, dict) else []
    return Article(id=str(r["id"]), source=g("source") or str(r["id"]), url=g("url"), outlet=g("outlet"),
                   title=g("title"), authors=tuple(g("authors") or ()), published=g("published"),
                   language=g("language"), text=g("text") or "",
                   sentences=tuple(Span(int(x), int(y)) for x, y in g("sentences") or ()),
                   page_sha256=g("page_sha256"), provenance=tuple((str(k), str(v)) for k, v in pairs))


def copy_row(g: CopyGroup) -> dict[str, Any]:
    return {"canonical": g.canonical, "members": list(g.members), "outlets": list(g.outlets),
            "similarity": float(g.similarity)}


def copy_of(r: dict[str, Any]) -> CopyGroup:
    return CopyGroup(canonical=r["canonical"], members=tuple(r["members"]), outlets=tuple(r["outlets"]),
                     similarity=float(r["similarity"]))


def story_row(s: Story) -> dict[str, Any]:
    return {"id": s.id, "article_ids": list(s.article_ids), "title": s.title, "first_seen": s.first_seen,
            "last_seen": s.last_seen, "pinned": s.pinned, "copies": json.dumps([to_dict(g) for g in s.copies])}


def story_of(r: dict[str, Any]) -> Story:
    return Story(id=r["id"], article_ids=tuple(r["article_ids"]), title=r["title"], first_seen=r["first_seen"],
                 last_seen=r["last_seen"], pinned=bool(r["pinned"]),
                 copies=tuple(copy_of(g) for g in json.loads(r["copies"] or "[]")))


def failure_row(f: Failure) -> dict[str, Any]:
    return {"source": f.source, "reason": f.reason, "stage": f.stage}


def failure_of(r: dict[str, Any]) -> Failure:
    return Failure(source=r["source"], reason=r["reason"], stage=r["stage"])


# -- files ----------------------------------------------------------------------------------------
def to_table(table: str, rows: Iterable[dict[str, Any]]) -> Any:
    """Rows as an Arrow table of one of the run's tables."""
    need_pyarrow()
    return pa.Table.from_pylist(list(rows), schema=schemas()[table])


def write_rows(path: Path, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """Write rows as one Parquet file, atomically (temporary name, then rename)."""
    write_table(path, to_table(table, rows))


def write_table(path: Path, data: Any) -> None:
    """Write an Arrow table as one Parquet file, atomically (temporary name, then rename)."""
    need_pyarrow()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    pq.write_table(data, tmp)
    os.replace(tmp, path)


def parts(folder: Path) -> list[Path]:
    """The complete part files of a table folder, in name order."""
    return sorted(p for p in folder.glob("*.parquet") if not p.name.startswith(".")) if folder.is_dir() else []


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Rows of one Parquet file, or of every part of a table folder."""
    need_pyarrow()
    files = parts(path) if path.is_dir() else [path] if path.exists() else []
    rows: list[dict[str, Any]] = []
    for f in files:
        rows.extend(pq.read_table(f).to_pylist())
    return rows


def table_path(out: Path, table: str) -> Path:
    return out / (f"{table}.parquet" if table in ("copies", "stories") else table)


def read_articles(out: Path) -> list[Article]:
    return [article_of(r) for r in read_rows(table_path(out, "articles"))]


# what the copy and story stages read of an article once its text is prepared (``work.prepare``)
HEADER_COLUMNS = ("id", "source", "url", "outlet", "title", "published")


def read_article_headers(out: Path) -> list[Article]:
    """Every article without its text and sentences (see ``HEADER_COLUMNS``)."""
    need_pyarrow()
    rows: list[dict[str, Any]] = []
    for f in parts(table_path(out, "articles")):
        rows.extend(pq.read_table(f, columns=list(HEADER_COLUMNS)).to_pylist())
    return [Article(id=str(r["id"]), source=r["source"] or str(r["id"]), url=r["url"], outlet=r["outlet"],
                    title=r["title"], published=r["published"], text="") for r in rows]


def analysis_part(sorted_ids: Sequence[str], k: int) -> str:
    """The name (stem) of the ``analyses`` part that holds the ``k``-th story of the run's story ids
    in sorted order: the stories are analysed in groups of ``STORIES_PER_PART`` in that order."""
    start = k - k % STORIES_PER_PART
    return stable_id("analyses", *sorted_ids[start:start + STORIES_PER_PART], size=16)


def check_finished(out_dir: str | Path) -> dict[str, Any]:
    """The ``_SUCCESS`` report of a finished, complete run in ``out_dir``; a ``UsageError`` that says
    what is wrong for a folder that is not a run's output, a run that did not finish, or one whose
    article parts are missing (fewer parts than the run's shards)."""
    out = Path(out_dir)
    if not out.is_dir():
        raise UsageError("no such folder (give the --out folder of a `newsprism run`)", source=str(out))
    if not (out / "stories.parquet").exists() and not (out / "run.json").exists():
        raise UsageError("not the output of a run (no run.json, no stories.parquet): give the --out folder of a"
                         " `newsprism run`", source=str(out))
    done = out / "_SUCCESS"
    if not (out / "stories.parquet").exists() or not done.exists():
        raise UsageError("the run did not finish (no _SUCCESS): run `newsprism run` again with the same inputs"
                         " and --out to finish it", source=str(out))
    try:
        report: dict[str, Any] = json.loads(done.read_text(encoding="utf-8"))
    except ValueError as e:
        raise UsageError(f"_SUCCESS is not a run report: {e}", source=str(out)) from None
    shards, found = int(report.get("shards", 0)), len(parts(out / "articles"))
    if found < shards:
        raise UsageError(f"incomplete run: {shards - found} of its {shards} shards have no articles part in"
                         " articles/ (removed or not copied?)", source=str(out))
    return report


def read_table(path: Path, columns: Sequence[str] | None = None) -> Any:
    """One Parquet file as an Arrow table (only ``columns`` when given)."""
    need_pyarrow()
    return pq.read_table(path, columns=list(columns) if columns is not None else None)


def read_copies(out: Path) -> list[CopyGroup]:
    return [copy_of(r) for r in read_rows(table_path(out, "copies"))]


def read_stories(out: Path) -> list[Story]:
    return [story_of(r) for r in read_rows(table_path(out, "stories"))]


def read_failures(out: Path) -> list[Failure]:
    return [failure_of(r) for r in read_rows(table_path(out, "failures"))]


def read_analyses(out: Path) -> dict[str, str]:
    """Story id → the analysis JSON text."""
    return {r["story"]: r["analysis"] for r in read_rows(table_path(out, "analyses"))}


def is_article_table(path: str) -> bool:
    """An input that is already a table of articles (Parquet, as a run writes them)."""
    return path.lower().endswith(".parquet")


def articles_in(paths: Sequence[str]) -> list[Article]:
    """The articles of Parquet files with the ``articles`` columns (a run's output, or your own)."""
    need_pyarrow()
    out: list[Article] = []
    for p in paths:
        out.extend(article_of(r) for r in pq.read_table(p).to_pylist())
    return out
