"""The SQLite store: migrations, idempotent inserts, FTS5, pages by hash, crash safety."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from newsprism.errors import NotFoundError, StoreError
from newsprism.model import Article, CopyGroup, Failure, Page, Span, Story
from newsprism.store import Store
from newsprism.store.migrations import MIGRATIONS


def art(i: str, text: str = "The Harbor Ledger reports on the Ostrava dam.", **kw: object) -> Article:
    return Article(id=i, source=f"{i}.txt", url=None, outlet=kw.get("outlet", "Harbor Ledger"),  # type: ignore[arg-type]
                   title=f"Title {i}", text=text, sentences=(Span(0, len(text)),),
                   provenance=(("title", "meta"),))


def test_fresh_store_is_wal_and_migrated(tmp_path):
    store = Store(tmp_path / "a.db")
    assert store.schema_version == len(MIGRATIONS)
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    Store(tmp_path / "a.db")  # re-opening runs no migration twice
    assert Store(tmp_path / "a.db").schema_version == len(MIGRATIONS)


def test_article_round_trip_and_idempotent_insert(tmp_path):
    store = Store(tmp_path / "a.db")
    a = art("a1")
    assert store.add_article(a) is True
    assert store.add_article(a) is False
    assert store.count_articles() == 1
    assert store.article("a1") == a
    with pytest.raises(NotFoundError):
        store.article("nope")


def test_fts_search_ignores_syntax_in_user_input(tmp_path):
    store = Store(tmp_path / "a.db")
    store.add_article(art("a1", "Velora Systems cut 4,200 jobs at Ostrava."))
    store.add_article(art("a2", "The central bank raised rates."))
    assert store.search("velora jobs") == ["a1"]
    assert store.search('"unbalanced AND (') == []
    assert store.search("") == []
    assert sorted(store.search_any(["velora", "bank", 'x" OR ('])) == ["a1", "a2"]
    assert store.search_any([]) == []


def test_pages_are_kept_compressed_by_hash(tmp_path):
    store = Store(tmp_path / "a.db")
    body = b"<html><body>" + b"x" * 10000 + b"</body></html>"
    page = Page("p.html", None, "2026-01-01T00:00:00+00:00", None, "text/html", "abc123", len(body))
    assert store.add_page(page, body)
    assert not store.add_page(page, body)
    assert store.page_body("abc123") == body
    stored = store.conn.execute("SELECT length(body) FROM pages").fetchone()[0]
    assert stored < len(body) / 10


def test_failures_recorded_once(tmp_path):
    store = Store(tmp_path / "a.db")
    f = Failure("bad.html", "empty file", "fetch")
    store.add_failure(f)
    store.add_failure(f)
    assert store.failures() == [f]


def test_stories_replace_and_copies(tmp_path):
    store = Store(tmp_path / "a.db")
    for i in ("a", "b", "c"):
        store.add_article(art(i))
    g = CopyGroup("a", ("a", "b"), ("Harbor Ledger", "Valley Courier"), 0.9)
    store.replace_stories([Story("s1", ("a", "b"), "T", "2026-01-01", "2026-01-02", (g,))])
    store.replace_stories([Story("s2", ("c",), "U", "2026-01-03", "2026-01-03")])
    assert [s.id for s in store.stories()] == ["s2", "s1"]
    assert store.story("s1").copies == (g,)
    # a story that takes over an article of another replaces it
    store.replace_stories([Story("s3", ("b", "c"), "V")])
    assert {s.id for s in store.stories()} == {"s3"}
    assert store.story_of("a") is None
    assert [a.id for a in store.unassigned_articles()] == ["a"]
    assert store.story("s3").id == "s3" and store.story("s").id == "s3"  # unique prefix


def test_not_a_database_is_a_store_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        Store(bad)


def test_crash_mid_batch_keeps_committed_rows(tmp_path):
    db = tmp_path / "a.db"
    code = (
        "import os, sys\n"
        "from newsprism.store import Store\n"
        "from newsprism.model import Article\n"
        f"s = Store({str(db)!r})\n"
        "for i in range(5):\n"
        "    s.add_article(Article(id=str(i), source='x', url=None, outlet=None, title=None, text='t'))\n"
        "os._exit(9)\n"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 9
    assert Store(db).count_articles() == 5
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_story_prefix_is_not_a_pattern(tmp_path):
    store = Store(tmp_path / "a.db")
    store.add_article(art("a"))
    store.replace_stories([Story("abc123", ("a",), "T")])
    assert store.story("abc").id == "abc123"
    with pytest.raises(NotFoundError):
        store.story("%")
    with pytest.raises(NotFoundError):
        store.story("_bc")
