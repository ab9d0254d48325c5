"""Full-text matching over Arrow columns, as the SQLite store's FTS5 index answers it.

The SQLite store indexes each article's title, text and outlet with FTS5 (tokenizer ``unicode61``:
runs of letters and digits, case folded, diacritics of Latin letters removed) and quotes every word
of a query, so a query is an AND of phrases. ``match_columns`` answers that over Arrow string
columns by a scan (pyarrow's RE2, vectorised: no index), ``bm25`` ranks the rows found the way
FTS5's ``rank`` does. Checked against FTS5 itself (``tests/store/test_fulltext.py``: Latin with
diacritics, Greek, Cyrillic, CJK, digits, punctuation inside words); scripts whose letters carry
separate combining marks (Devanagari vowel signs) may tokenise differently.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import pyarrow.compute as pc

_TOKEN = re.compile(r"[^\W_]+")
_SEP = r"[^\pL\pN]"
K1, B = 1.2, 0.75


def fold(text: str) -> str:
    """Case folded, diacritics of Latin letters removed (``café`` → ``cafe``; ``ά`` stays), as
    ``unicode61`` compares words."""
    out: list[str] = []
    latin = False
    for c in unicodedata.normalize("NFD", text.lower()):
        if unicodedata.category(c) == "Mn":
            if not latin:
                out.append(c)
            continue
        latin = unicodedata.name(c, "").startswith("LATIN ")
        out.append(c)
    return unicodedata.normalize("NFC", "".join(out))


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall(fold(text)) if text else []


def phrases(query: str) -> list[list[str]]:
    """The query's phrases (one per whitespace-separated word, as the store quotes them), each as
    its tokens; words without a letter or digit are left out (FTS5 ignores an empty phrase in an
    AND). No phrase: the query matches nothing."""
    words = query.replace('"', " ").split()
    return [t for t in (tokens(w) for w in words) if t]


def fold_column(column: Any) -> Any:
    """An Arrow string column folded as ``fold`` folds one string."""
    bare = pc.replace_substring_regex(pc.utf8_normalize(pc.utf8_lower(column), "NFD"), r"(\p{Latin})\p{Mn}+", r"\1")
    return pc.utf8_normalize(bare, "NFC")


def _pattern(phrase: Sequence[str]) -> str:
    return f"(?:^|{_SEP})" + f"{_SEP}+".join(re.escape(t) for t in phrase) + f"(?:{_SEP}|$)"


def match_columns(columns: Sequence[Any], found: Sequence[Sequence[str]]) -> Any:
    """Which rows hold every phrase (each within one column, any column): a numpy bool array."""
    import numpy as np

    folded = [fold_column(c) for c in columns]
    n = len(columns[0]) if columns else 0
    hit = np.ones(n, dtype=bool)
    for phrase in found:
        pattern = _pattern(phrase)
        any_col = np.zeros(n, dtype=bool)
        for col in folded:
            any_col |= pc.fill_null(pc.match_substring_regex(col, pattern), False).to_numpy(zero_copy_only=False)
        hit &= any_col
    return hit


def count_tokens(columns: Sequence[Any]) -> int:
    """Tokens in every row of these columns (what FTS5 keeps to compute the average row length)."""
    total = 0
    for col in columns:
        folded = fold_column(col)
        total += int(pc.sum(pc.fill_null(pc.count_substring_regex(folded, r"[\pL\pN]+"), 0)).as_py() or 0)
    return total


def bm25(row: Sequence[str | None], found: Sequence[Sequence[str]], idf: Sequence[float], avgdl: float) -> float:
    """FTS5's ``bm25()`` of one row (its column values) for these phrases (higher is better)."""
    cols = [tokens(v) for v in row]
    size = sum(len(c) for c in cols)
    score = 0.0
    for phrase, weight in zip(found, idf, strict=True):
        k = len(phrase)
        freq = float(sum(1 for c in cols for i in range(len(c) - k + 1) if c[i:i + k] == list(phrase)))
        score += weight * ((freq * (K1 + 1.0)) / (freq + K1 * (1 - B + B * size / avgdl)))
    return score


def idf(rows: int, hits: int) -> float:
    """FTS5's inverse document frequency of a phrase found in ``hits`` of ``rows`` rows."""
    value = math.log((rows - hits + 0.5) / (hits + 0.5))
    return value if value > 0.0 else 1e-6
