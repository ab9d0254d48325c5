"""``store.fulltext`` against SQLite's own FTS5 (``unicode61``): the same rows match, ranked the same."""

from __future__ import annotations

import sqlite3

import pyarrow as pa
import pytest

from newsprism.store import fulltext

ROWS = [
    ("Café crème in Zürich", "The U.S. court's ruling — don't x_y; naïve résumé.", "Le Monde"),
    ("Straße und Über", "a a a court court. Ärzte in São Paulo, Ελλάδα και Αθήνα.", None),
    (None, "ﬁne ² 4,200 people; COVID-19 in 2024; e-mail über alles", "x"),
    ("Court rules", "Москва: суд. 東京 court", "The Post"),
]
QUERIES = ["cafe", "CAFÉ", "u.s.", "U S", "—", "court —", "don", "x_y", "y", "fine", "2", "strasse", "straße",
           "uber", "a a", "naive", "4,200", "4", "200", "covid-19", "19", "e-mail", "sao paulo", "ελλαδα",
           "αθηνα", "москва", "суд", "東京", "court rules", "the", "le monde", "post", "court court", "résumé"]


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(title, text, outlet)")
    conn.executemany("INSERT INTO f(rowid, title, text, outlet) VALUES (?,?,?,?)",
                     [(k, *r) for k, r in enumerate(ROWS)])
    return conn


def _quoted(query: str) -> str:  # as Store._fts_query
    return " ".join(f'"{w}"' for w in query.replace('"', " ").split())


@pytest.mark.parametrize("query", QUERIES)
def test_the_same_rows_match_in_the_same_order(fts: sqlite3.Connection, query: str) -> None:
    want = [r[0] for r in fts.execute("SELECT rowid FROM f WHERE f MATCH ? ORDER BY rank, rowid", (_quoted(query),))]
    found = fulltext.phrases(query)
    columns = [pa.array([r[c] for r in ROWS], pa.string()) for c in range(3)]
    hit = fulltext.match_columns(columns, found) if found else [False] * len(ROWS)
    rows = [k for k in range(len(ROWS)) if hit[k]]
    assert sorted(rows) == sorted(want)
    if rows:
        idf = [fulltext.idf(len(ROWS), int(fulltext.match_columns(columns, [p]).sum())) for p in found]
        avgdl = fulltext.count_tokens(columns) / len(ROWS)
        scores = {k: fulltext.bm25(ROWS[k], found, idf, avgdl) for k in rows}
        assert sorted(rows, key=lambda k: (-scores[k], k)) == want
        ranks = dict(fts.execute("SELECT rowid, rank FROM f WHERE f MATCH ?", (_quoted(query),)).fetchall())
        assert all(scores[k] == pytest.approx(-ranks[k], rel=1e-12) for k in rows)
