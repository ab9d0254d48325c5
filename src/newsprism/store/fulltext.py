"""Full-text matching over Arrow columns, as the SQLite store's FTS5 index answers it.

The SQLite store indexes each article's title, text and outlet with FTS5 (tokenizer ``unicode61``:
runs of letters and digits, case folded, diacritics of Latin letters removed) and quotes every word
of a query, so a query is an AND of phrases. ``hits`` answers that over Arrow string
columns by a scan (vectorised in pyarrow: no index): each column is ``normalised`` to its tokens
between spaces, so a phrase is a plain substring; ``bm25`` ranks the rows found the way FTS5's
``rank`` does. Checked against FTS5 itself (``tests/store/test_fulltext.py``: Latin with
diacritics, Greek, Cyrillic, CJK, digits, punctuation inside words); scripts whose letters carry
separate combining marks (Devanagari vowel signs) may tokenise differently.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_TOKEN = re.compile(r"[^\W_]+")
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
    """An Arrow string column folded as ``fold`` folds one string (null: ""). Rows of ASCII only,
    most of an English archive, are only lower-cased; the others go through Unicode's decomposition."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    lower = pc.utf8_lower(pc.fill_null(column, ""))
    plain = pc.string_is_ascii(lower).to_numpy(zero_copy_only=False)
    if plain.all():
        return lower
    other = pa.array(~plain)
    bare = pc.replace_substring_regex(pc.utf8_normalize(lower.filter(other), "NFD"), r"(\p{Latin})\p{Mn}+", r"\1")
    return pc.replace_with_mask(lower, other, pc.utf8_normalize(bare, "NFC"))


def fold_columns(columns: Sequence[Any]) -> list[Any]:
    """Several columns of the same rows, folded (``fold_column``) in one pass."""
    arrays = [_plain(c) for c in columns]
    n = len(arrays[0]) if arrays else 0
    folded = fold_column(pa.concat_arrays(arrays)) if arrays else None
    return [folded.slice(k * n, n) for k in range(len(arrays))] if folded is not None else []


def _plain(column: Any) -> Any:
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    return column.cast(pa.string())


def _each(columns: Sequence[Any], values: Any) -> np.ndarray:
    """A per-value result over the columns laid end to end, as (columns, rows)."""
    n = len(columns[0]) if columns else 0
    return np.asarray(values.to_numpy(zero_copy_only=False)).reshape(len(columns), n)


# Every pattern is run once over all the columns laid end to end (``pa.concat_arrays``): RE2 compiles
# a pattern with Unicode classes in milliseconds, at every call.
_SEP = r"[^\pL\pN]"


def _pattern(phrase: Sequence[str]) -> str:
    return f"(?:^|{_SEP})" + f"{_SEP}+".join(re.escape(t) for t in phrase) + f"(?:{_SEP}|$)"


def hits(columns: Sequence[Any], found: Sequence[Sequence[str]]) -> np.ndarray:
    """(rows, phrases) bool: whether each row holds each phrase (within one column, any column),
    over folded columns (``fold_column``)."""
    n = len(columns[0]) if columns else 0
    out = np.zeros((n, len(found)), dtype=bool)
    if not n:
        return out
    joined = pa.concat_arrays([_plain(c) for c in columns])
    for k, phrase in enumerate(found):
        out[:, k] = _each(columns, pc.match_substring_regex(joined, _pattern(phrase))).any(axis=0)
    return out


def normalised(column: Any) -> Any:
    """A folded column as its tokens, each between spaces: every run of other characters made two
    spaces, one more at each end. A phrase is then a plain substring (``needle``)."""
    return pc.binary_join_element_wise(" ", pc.replace_substring_regex(column, f"{_SEP}+", "  "), " ", "")


def needle(phrase: Sequence[str]) -> str:
    """What a phrase is inside a ``normalised`` column."""
    return " " + "  ".join(phrase) + " "


def _overlaps(phrase: Sequence[str]) -> bool:
    """Whether two instances of the phrase can overlap (``a a``, ``a b a``): FTS5 counts both."""
    return any(list(phrase[:k]) == list(phrase[-k:]) for k in range(1, len(phrase)))


def freqs(columns: Sequence[Any], found: Sequence[Sequence[str]], rows: np.ndarray) -> np.ndarray:
    """(len(rows), phrases) float: the phrase's instances in each of these rows, all columns (of
    folded columns). An instance starts after a separator and is not followed by a letter or digit:
    instances that start at a boundary, less those followed by a letter or digit (two RE2 counts;
    a phrase whose instances can overlap is counted in Python)."""
    out = np.zeros((len(rows), len(found)), dtype=np.float64)
    if not len(rows):
        return out
    picked = [_plain(col).take(pa.array(rows, pa.int64())) for col in columns]
    joined = pa.concat_arrays(picked)
    # a space in front instead of ``^``: counting goes on from where the last match ended, and ``^``
    # would match there again
    led = pc.binary_join_element_wise(" ", joined, "")
    for k, phrase in enumerate(found):
        if _overlaps(phrase):
            pin = needle(phrase)
            counts = [_count_overlapping(v, pin) for v in normalised(joined).to_pylist()]
            out[:, k] = np.asarray(counts).reshape(len(picked), len(rows)).sum(axis=0)
            continue
        body = _SEP + f"{_SEP}+".join(re.escape(t) for t in phrase)
        starts = _each(picked, pc.count_substring_regex(led, body))
        longer = _each(picked, pc.count_substring_regex(led, body + r"[\pL\pN]"))
        out[:, k] = (starts - longer).sum(axis=0)
    return out


def _count_overlapping(text: str, pin: str) -> int:
    n, at = 0, text.find(pin)
    while at >= 0:
        n += 1
        at = text.find(pin, at + 1)
    return n


def sizes(columns: Sequence[Any], rows: np.ndarray | None = None) -> np.ndarray:
    """Tokens of each row (of ``rows``, else all), all columns (folded): FTS5's row length."""
    picked = [_plain(c) for c in columns] if rows is None else [
        _plain(col).take(pa.array(rows, pa.int64())) for col in columns]
    if not picked or not len(picked[0]):
        return np.zeros(len(picked[0]) if picked else 0, dtype=np.int64)
    counts = pc.count_substring_regex(pa.concat_arrays(picked), r"[\pL\pN]+")
    return _each(picked, counts).sum(axis=0).astype(np.int64)


def bm25(freq: np.ndarray, size: np.ndarray, idf: Sequence[float], avgdl: float) -> np.ndarray:
    """FTS5's ``bm25()`` of rows (higher is better) from their phrase counts ``freq`` (rows,
    phrases) and lengths ``size``, in the order of operations of FTS5's C code."""
    score = np.zeros(len(size), dtype=np.float64)
    length = 1 - B + B * size.astype(np.float64) / avgdl
    for k, weight in enumerate(idf):
        f = freq[:, k]
        score = score + weight * ((f * (K1 + 1.0)) / (f + K1 * length))
    return score


def idf(rows: int, hits: int) -> float:
    """FTS5's inverse document frequency of a phrase found in ``hits`` of ``rows`` rows."""
    value = math.log((rows - hits + 0.5) / (hits + 0.5))
    return value if value > 0.0 else 1e-6
