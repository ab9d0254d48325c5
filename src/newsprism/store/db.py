"""``Store``: articles, pages, failures, stories and cached analyses in one SQLite file."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsprism.errors import NotFoundError, StoreError
from newsprism.model import Article, CopyGroup, Failure, Page, Span, Story, StorySummary
from newsprism.store.migrations import MIGRATIONS


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ids of the stories with an article matching a full-text query (one parameter: the FTS5 query)
_STORIES_MATCHING = ("(SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id=sa.article_id"
                     " JOIN articles_fts f ON f.rowid=a.seq WHERE articles_fts MATCH ?)")

class Store:
    """A newsprism database. Safe to share between threads (one connection per thread).

    The file is created when missing, its folder never is (a typo in ``--db`` must not make folders).
    ``read_only`` opens an existing file without writing anything, not even the analysis cache.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._local = threading.local()
        if self.path != ":memory:" and not self.path.startswith("file:"):
            folder = Path(self.path).parent
            if not folder.is_dir():
                raise StoreError(f"no such folder {str(folder)!r}; create it first", source=self.path)
            if read_only and not Path(self.path).is_file():
                raise StoreError("no such database (ingest something into it first)", source=self.path)
        try:
            if read_only:
                self._check_version()
            else:
                self._migrate()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open database: {e}", source=self.path) from e

    @classmethod
    def for_reading(cls, path: str | Path) -> Store:
        """An existing database, opened read-only when this process may not write to it."""
        p = Path(path)
        if str(path) != ":memory:" and p.parent.is_dir() and not p.is_file():
            raise StoreError("no such database (ingest something into it first)", source=str(path))
        writable = os.access(p, os.W_OK) and os.access(p.parent, os.W_OK)
        return cls(path, read_only=not writable)

    # -- connection -------------------------------------------------------------------------
    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if self.read_only:
                conn = self._connect_read_only()
            else:
                conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
                conn.execute("PRAGMA journal_mode=WAL")
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
        return conn

    def _connect_read_only(self) -> sqlite3.Connection:
        """``mode=ro``; where even the WAL index cannot be created (a read-only folder), ``immutable=1``."""
        uri = Path(self.path).resolve().as_uri()
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=30, check_same_thread=False)
        try:
            conn.execute("PRAGMA user_version").fetchone()
        except sqlite3.OperationalError:
            conn.close()
            conn = sqlite3.connect(f"{uri}?immutable=1", uri=True, timeout=30, check_same_thread=False)
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _migrate(self) -> None:
        conn = self.conn
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(MIGRATIONS, start=1):
            if number <= version:
                continue
            with conn:
                conn.executescript(f"BEGIN; {script}; PRAGMA user_version={number}; COMMIT;")

    def _check_version(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version < len(MIGRATIONS):
            raise StoreError("the database is read-only and from an older newsprism; make it writable once"
                             " so it can be upgraded", source=self.path)

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    # -- pages ------------------------------------------------------------------------------
    def add_page(self, page: Page, body: bytes) -> bool:
        """Keep the raw bytes by hash; returns False when they were already stored."""
        with self.conn as c:
            cur = c.execute(
                "INSERT OR IGNORE INTO pages(sha256, source, url, fetched_at, status, content_type, size, body)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (page.sha256, page.source, page.url, page.fetched_at, page.status, page.content_type,
                 page.size, zlib.compress(body, 6)),
            )
        return cur.rowcount > 0

    def page_body(self, sha256: str) -> bytes:
        row = self.conn.execute("SELECT body FROM pages WHERE sha256=?", (sha256,)).fetchone()
        if row is None:
            raise NotFoundError("no such page", source=sha256)
        return zlib.decompress(row["body"])

    def page(self, sha256: str) -> Page:
        row = self.conn.execute(
            "SELECT sha256, source, url, fetched_at, status, content_type, size FROM pages WHERE sha256=?",
            (sha256,),
        ).fetchone()
        if row is None:
            raise NotFoundError("no such page", source=sha256)
        return Page(row["source"], row["url"], row["fetched_at"], row["status"], row["content_type"],
                    row["sha256"], row["size"])

    # -- articles ---------------------------------------------------------------------------
    def add_article(self, a: Article) -> bool:
        """Insert an article; returns False when its id is already stored."""
        with self.conn as c:
            cur = c.execute(
                "INSERT OR IGNORE INTO articles(id, source, url, outlet, title, authors, published, language,"
                " text, sentences, page_sha256, provenance, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (a.id, a.source, a.url, a.outlet, a.title, json.dumps(list(a.authors)), a.published,
                 a.language, a.text, json.dumps([[s.start, s.end] for s in a.sentences]), a.page_sha256,
                 json.dumps([list(p) for p in a.provenance]), _now()),
            )
        return cur.rowcount > 0

    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def article(self, article_id: str) -> Article:
        row = self.conn.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError("no such article", source=article_id)
        return _article(row)

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        """Articles in ingest order (all of them, or those with the given ids)."""
        if ids is None:
            rows = self.conn.execute("SELECT * FROM articles ORDER BY seq").fetchall()
            return [_article(r) for r in rows]
        by_id: dict[str, Article] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk):
                by_id[r["id"]] = _article(r)
        return [by_id[i] for i in ids if i in by_id]

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def search(self, query: str, limit: int = 100) -> list[str]:
        """Article ids matching a full-text query (FTS5 syntax; plain words are ANDed)."""
        return self._match(_fts_query(query), limit)

    def search_any(self, terms: Sequence[str], limit: int = 100) -> list[str]:
        """Article ids holding any of ``terms``, best BM25 match first (an OR query)."""
        return self._match(" OR ".join(_fts_query(t) for t in terms if _fts_query(t)), limit)

    def _match(self, fts: str, limit: int) -> list[str]:
        if not fts:
            return []
        try:
            rows = self.conn.execute(
                "SELECT a.id FROM articles_fts f JOIN articles a ON a.seq=f.rowid"
                " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
                (fts, limit),
            ).fetchall()
        except sqlite3.OperationalError:
            return []
        return [r["id"] for r in rows]

    def stories_of(self, article_ids: Sequence[str]) -> set[str]:
        """Ids of the stories that hold any of these articles."""
        out: set[str] = set()
        for chunk in _chunks(list(article_ids), 500):
            marks = ",".join("?" * len(chunk))
            out |= {r[0] for r in self.conn.execute(
                f"SELECT DISTINCT story_id FROM story_articles WHERE article_id IN ({marks})", chunk)}
        return out

    # -- failures ---------------------------------------------------------------------------
    def add_failure(self, f: Failure) -> None:
        with self.conn as c:
            c.execute("INSERT OR IGNORE INTO failures(source, stage, reason, at) VALUES (?,?,?,?)",
                      (f.source, f.stage, f.reason, _now()))

    def failures(self) -> list[Failure]:
        rows = self.conn.execute("SELECT source, stage, reason FROM failures ORDER BY id").fetchall()
        return [Failure(source=r["source"], reason=r["reason"], stage=r["stage"]) for r in rows]

    # -- stories ----------------------------------------------------------------------------
    def replace_stories(self, stories: Iterable[Story]) -> None:
        """Write the given stories, replacing any story that shares an article with them."""
        stories = list(stories)
        with self.conn as c:
            for s in stories:
                marks = ",".join("?" * len(s.article_ids))
                old = {r[0] for r in c.execute(
                    f"SELECT story_id FROM story_articles WHERE article_id IN ({marks})", s.article_ids)}
                for sid in old - {s.id}:
                    c.execute("DELETE FROM story_articles WHERE story_id=?", (sid,))
                    c.execute("DELETE FROM stories WHERE id=?", (sid,))
                    c.execute("DELETE FROM analyses WHERE story_id=?", (sid,))
                c.execute(
                    "INSERT INTO stories(id, title, first_seen, last_seen, pinned, copies, updated_at)"
                    " VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET title=excluded.title,"
                    " first_seen=excluded.first_seen, last_seen=excluded.last_seen, pinned=excluded.pinned,"
                    " copies=excluded.copies, updated_at=excluded.updated_at",
                    (s.id, s.title, s.first_seen, s.last_seen, int(s.pinned),
                     json.dumps([_copy_json(g) for g in s.copies]), _now()),
                )
                c.execute("DELETE FROM story_articles WHERE story_id=?", (s.id,))
                c.executemany("INSERT OR REPLACE INTO story_articles(article_id, story_id) VALUES (?,?)",
                              [(a, s.id) for a in s.article_ids])

    def clear_stories(self) -> None:
        with self.conn as c:
            c.execute("DELETE FROM story_articles")
            c.execute("DELETE FROM stories")
            c.execute("DELETE FROM analyses")

    def stories(self, query: str | None = None, limit: int | None = None) -> list[Story]:
        """Stories, newest first: all of them, or those with an article matching the full-text
        ``query``; at most ``limit``."""
        fts = _fts_query(query or "")
        cond, args = ("", []) if not fts else (" WHERE id IN " + _STORIES_MATCHING, [fts])
        tail = " LIMIT ?" if limit is not None else ""
        try:
            rows = self.conn.execute(f"SELECT * FROM stories{cond} ORDER BY coalesce(last_seen, '') DESC, id{tail}",
                                     [*args, *([limit] if limit is not None else [])]).fetchall()
        except sqlite3.OperationalError:
            return []
        members: dict[str, list[str]] = {}
        for r in self.conn.execute(
            "SELECT sa.story_id, sa.article_id FROM story_articles sa JOIN articles a ON a.id=sa.article_id"
            " ORDER BY a.seq"
        ):
            members.setdefault(r[0], []).append(r[1])
        return [_story(r, members.get(r["id"], [])) for r in rows]

    def story(self, story_id: str) -> Story:
        row = self.conn.execute("SELECT * FROM stories WHERE id=?", (story_id,)).fetchone()
        if row is None:
            row = self.conn.execute("SELECT * FROM stories WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT 2",
                                    (len(story_id), story_id)).fetchall()
            if len(row) != 1:
                raise NotFoundError("no such story", source=story_id)
            row = row[0]
        ids = [r[0] for r in self.conn.execute(
            "SELECT sa.article_id FROM story_articles sa JOIN articles a ON a.id=sa.article_id"
            " WHERE sa.story_id=? ORDER BY a.seq", (row["id"],))]
        return _story(row, ids)

    def story_summaries(self, *, query: str | None = None, outlet: str | None = None,
                        since: str | None = None, until: str | None = None, limit: int = 20,
                        offset: int = 0) -> tuple[list[StorySummary], int]:
        """One page of stories, newest first, and the total matching the filters.

        ``query`` is full-text (any article of the story matches), ``outlet`` an exact outlet name,
        ``since``/``until`` ISO dates that the story's time span must overlap.
        """
        where: list[str] = ["1=1"]
        args: list[Any] = []
        fts = _fts_query(query or "")
        if fts:
            where.append("s.id IN " + _STORIES_MATCHING)
            args.append(fts)
        if outlet:
            where.append("s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id=sa.article_id"
                         " WHERE a.outlet=?)")
            args.append(outlet)
        if since:
            where.append("substr(coalesce(s.last_seen, s.first_seen, ''), 1, 10) >= ?")
            args.append(since[:10])
        if until:
            where.append("substr(coalesce(s.first_seen, s.last_seen, ''), 1, 10) <= ?")
            args.append(until[:10])
        cond = " AND ".join(where)
        try:
            total = int(self.conn.execute(f"SELECT count(*) FROM stories s WHERE {cond}", args).fetchone()[0])
            rows = self.conn.execute(
                "SELECT s.id, s.title, s.first_seen, s.last_seen, s.copies,"
                " (SELECT count(*) FROM story_articles sa WHERE sa.story_id=s.id) AS n,"
                " (SELECT group_concat(o, char(31)) FROM (SELECT DISTINCT a.outlet AS o FROM story_articles sa"
                "   JOIN articles a ON a.id=sa.article_id WHERE sa.story_id=s.id AND a.outlet IS NOT NULL"
                "   ORDER BY a.outlet)) AS outlets"
                f" FROM stories s WHERE {cond} ORDER BY coalesce(s.last_seen, '') DESC, s.id LIMIT ? OFFSET ?",
                [*args, limit, offset]).fetchall()
        except sqlite3.OperationalError:
            return [], 0
        out = []
        for r in rows:
            copies = sum(max(len(g["members"]) - 1, 0) for g in json.loads(r["copies"]))
            out.append(StorySummary(id=r["id"], title=r["title"], first_seen=r["first_seen"],
                                    last_seen=r["last_seen"], articles=int(r["n"]),
                                    outlets=tuple(r["outlets"].split("\x1f")) if r["outlets"] else (),
                                    copies=copies))
        return out, total

    def outlets(self) -> list[tuple[str, int]]:
        """Every outlet with its number of articles, most prolific first (for filters)."""
        rows = self.conn.execute("SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL"
                                 " GROUP BY outlet ORDER BY count(*) DESC, outlet").fetchall()
        return [(r[0], int(r[1])) for r in rows]

    def story_of(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT story_id FROM story_articles WHERE article_id=?",
                                (article_id,)).fetchone()
        return row[0] if row else None

    def unassigned_articles(self) -> list[Article]:
        rows = self.conn.execute(
            "SELECT a.* FROM articles a LEFT JOIN story_articles sa ON sa.article_id=a.id"
            " WHERE sa.article_id IS NULL ORDER BY a.seq").fetchall()
        return [_article(r) for r in rows]

    # -- manual edits -----------------------------------------------------------------------
    def add_edit(self, op: str, args: dict[str, Any]) -> None:
        with self.conn as c:
            c.execute("INSERT INTO story_edits(op, args, at) VALUES (?,?,?)", (op, json.dumps(args), _now()))

    def edits(self) -> list[tuple[str, dict[str, Any]]]:
        return [(r["op"], json.loads(r["args"]))
                for r in self.conn.execute("SELECT op, args FROM story_edits ORDER BY id")]

    # -- analyses cache ---------------------------------------------------------------------
    def cached_analysis(self, story_id: str, key: str) -> str | None:
        row = self.conn.execute("SELECT json FROM analyses WHERE story_id=? AND key=?",
                                (story_id, key)).fetchone()
        return row[0] if row else None

    def put_analysis(self, story_id: str, key: str, payload: str) -> None:
        if self.read_only:  # the cache is an optimisation; a read-only store computes each time
            return
        with self.conn as c:
            c.execute("INSERT OR REPLACE INTO analyses(story_id, key, json, created_at) VALUES (?,?,?,?)",
                      (story_id, key, payload, _now()))

    # -- HTTP validators ----------------------------------------------------------------------
    def http_validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.conn.execute("SELECT etag, last_modified FROM http_cache WHERE url=?", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def put_http_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self.conn as c:
            c.execute("INSERT OR REPLACE INTO http_cache(url, etag, last_modified, fetched_at) VALUES (?,?,?,?)",
                      (url, etag, last_modified, _now()))

    def iter_article_rows(self) -> Iterator[dict[str, Any]]:
        """Plain rows for export (JSONL/Parquet)."""
        for r in self.conn.execute(
            "SELECT a.*, sa.story_id AS story FROM articles a"
            " LEFT JOIN story_articles sa ON sa.article_id = a.id ORDER BY a.seq"
        ):
            d = dict(r)
            d.pop("seq", None)
            d["authors"] = json.loads(d["authors"])
            d["sentences"] = json.loads(d["sentences"])
            d["provenance"] = dict(json.loads(d["provenance"]))
            yield d


def _article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"], source=row["source"], url=row["url"], outlet=row["outlet"], title=row["title"],
        authors=tuple(json.loads(row["authors"])), published=row["published"], language=row["language"],
        text=row["text"], sentences=tuple(Span(s, e) for s, e in json.loads(row["sentences"])),
        page_sha256=row["page_sha256"],
        provenance=tuple((k, v) for k, v in json.loads(row["provenance"])),
    )


def _copy_json(g: CopyGroup) -> dict[str, Any]:
    return {"canonical": g.canonical, "members": list(g.members), "outlets": list(g.outlets),
            "similarity": g.similarity}


def _story(row: sqlite3.Row, ids: list[str]) -> Story:
    copies = tuple(CopyGroup(c["canonical"], tuple(c["members"]), tuple(c["outlets"]), c["similarity"])
                   for c in json.loads(row["copies"]))
    return Story(id=row["id"], article_ids=tuple(ids), title=row["title"], first_seen=row["first_seen"],
                 last_seen=row["last_seen"], copies=copies, pinned=bool(row["pinned"]))


def _chunks(items: list[str], n: int) -> Iterator[list[str]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _fts_query(query: str) -> str:
    """Quote each word so user input never breaks FTS5 syntax."""
    words = [w for w in query.replace('"', " ").split() if w]
    return " ".join(f'"{w}"' for w in words)
