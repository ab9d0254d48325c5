"""``store.fulltext`` against SQLite's own FTS5 (``unicode61``): the same rows match, ranked the same,
with the same BM25 scores (overlapping phrase instances included: ``a a`` in ``a a a`` counts twice)."""

from __future__ import annotations

import sqlite3

import numpy as np
import pyarrow as pa
import pytest

from newsprism.store import fulltext

ROWS = [
    ("Café crème in Zürich", "The U.S. court's ruling — don't x_y; naïve résumé.", "Le Monde"),
    ("Straße und Über", "a a a court court. Ärzte in São Paulo, Ελλάδα και Αθήνα.", None),
    (None, "ﬁne ² 4,200 people; COVID-19 in 2024; e-mail über alles", "x"),
    ("Court rules", "Москва: суд. 東京 court", "The Post"),
    ("22 rooms", "22 2 2b 22 2", None),  # counting must not take "22" for "2" where the last match ended
]
QUERIES = ["cafe", "CAFÉ", "u.s.", "U S", "—", "court —", "don", "x_y", "y", "fine", "2", "strasse", "straße",
           "uber", "a a", "naive", "4,200", "4", "200", "covid-19", "19", "e-mail", "sao paulo", "ελλαδα",
           "αθηνα", "москва", "суд", "東京", "court rules", "the", "le monde", "post", "court court", "résumé",
           "a a", "a a a", "a", "in", "22", "2 2", "22 2"]


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
    columns = [fulltext.fold_column(pa.array([r[c] for r in ROWS], pa.string())) for c in range(3)]
    hit = fulltext.hits(columns, found)
    rows = np.flatnonzero(hit.all(axis=1)) if found else np.zeros(0, dtype=np.int64)
    assert sorted(rows) == sorted(want)
    if len(rows):
        idf = [fulltext.idf(len(ROWS), int(h)) for h in hit.sum(axis=0)]
        avgdl = fulltext.sizes(columns).sum() / len(ROWS)
        scores = fulltext.bm25(fulltext.freqs(columns, found, rows), fulltext.sizes(columns, rows), idf, avgdl)
        assert [int(rows[k]) for k in np.lexsort((rows, -scores))] == want
        ranks = dict(fts.execute("SELECT rowid, rank FROM f WHERE f MATCH ?", (_quoted(query),)).fetchall())
        assert list(scores) == pytest.approx([-ranks[int(k)] for k in rows], rel=1e-12)
