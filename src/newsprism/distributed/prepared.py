"""What the copy and story stages need of each article, computed where the article is extracted.

``prepare(articles)`` takes each article's ``dedup.fingerprint`` and ``cluster.features.terms`` and
packs a shard's worth into a few arrays (``Prepared``): text keys, shingles and MinHash
signatures as numpy arrays, and the terms as ids into one vocabulary of the shard. So a shard's
prepared values cross from a worker to the driver as a handful of buffers, not hundreds of
thousands of Python objects. ``PreparedSet`` gathers the shards and gives each article's
fingerprint and terms back (the mappings ``group_copies`` and ``cluster`` take), unpacked only
when asked for; the values are exactly what the stage would compute from the article itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from newsprism.cluster.features import Terms, terms
from newsprism.dedup.fingerprint import NUM_PERM, Fingerprint, fingerprint
from newsprism.dedup.normalize import similarity_text
from newsprism.model import Article

_KEY = 16  # bytes of a fingerprint's text key
V = TypeVar("V")


@dataclass(frozen=True, eq=False)
class Prepared:
    """The prepared values of some articles, row ``k`` for ``ids[k]``."""

    ids: list[str]
    sources: list[str]
    keys: np.ndarray  # (n, 16) uint8; a row of a text too short to compare is unused
    has_key: np.ndarray  # (n,) bool
    shingles: np.ndarray  # all shingle sets, one after the other (uint64)
    shingle_at: np.ndarray  # (n + 1,) offsets into ``shingles``
    signatures: np.ndarray  # (n, NUM_PERM) uint64
    vocab: np.ndarray  # the distinct terms of these articles (object array of str)
    tokens: tuple[np.ndarray, ...]  # per vectorizer: every article's term ids, one after the other
    token_at: tuple[np.ndarray, ...]  # per vectorizer: (n + 1,) offsets into ``tokens``

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        """Bytes of the arrays and strings (what moves from a worker to the driver, roughly)."""
        arrays = (self.keys, self.has_key, self.shingles, self.shingle_at, self.signatures, *self.tokens,
                  *self.token_at)
        return (sum(a.nbytes for a in arrays) + sum(len(t) for t in self.vocab)
                + sum(len(i) + len(s) for i, s in zip(self.ids, self.sources, strict=True)))

    def fingerprint(self, k: int) -> Fingerprint:
        key = self.keys[k].tobytes() if self.has_key[k] else None
        sets = self.shingles[self.shingle_at[k]:self.shingle_at[k + 1]]
        return Fingerprint(key, sets, self.signatures[k] if sets.size else sets)

    def terms(self, k: int) -> Terms:
        t = tuple(self.vocab[tok[at[k]:at[k + 1]]] for tok, at in zip(self.tokens, self.token_at, strict=True))
        return t[0], t[1], t[2], t[3]


def prepare(articles: Sequence[Article]) -> Prepared:
    """``dedup.fingerprint`` and ``cluster.features.terms`` of each article, packed."""
    n = len(articles)
    keys = np.zeros((n, _KEY), dtype=np.uint8)
    has_key = np.zeros(n, dtype=bool)
    signatures = np.zeros((n, NUM_PERM), dtype=np.uint64)
    sets: list[np.ndarray] = []
    vocab: dict[str, int] = {}
    tokens: tuple[list[int], ...] = ([], [], [], [])
    token_at: tuple[list[int], ...] = ([0], [0], [0], [0])
    for k, a in enumerate(articles):
        fp = fingerprint(a)
        if fp.text_key is not None:
            keys[k] = np.frombuffer(fp.text_key, dtype=np.uint8)
            has_key[k] = True
        if fp.shingles.size:
            signatures[k] = fp.signature
        sets.append(fp.shingles)
        for toks, at, found in zip(tokens, token_at, terms(similarity_text(a), a.title), strict=True):
            toks.extend(vocab.setdefault(t, len(vocab)) for t in found)
            at.append(len(toks))
    words = np.empty(len(vocab), dtype=object)
    words[:] = list(vocab)
    return Prepared(ids=[a.id for a in articles], sources=[a.source for a in articles], keys=keys, has_key=has_key,
                    shingles=np.concatenate(sets) if sets else np.empty(0, dtype=np.uint64),
                    shingle_at=np.cumsum([0, *(s.size for s in sets)], dtype=np.int64), signatures=signatures,
                    vocab=words, tokens=tuple(np.asarray(t, dtype=np.int32) for t in tokens),
                    token_at=tuple(np.asarray(at, dtype=np.int64) for at in token_at))


class PreparedSet:
    """Every shard's prepared values, by article id. Of two articles with one id, the one whose
    source sorts first is kept (as the runner keeps it)."""

    def __init__(self) -> None:
        self.parts: list[Prepared] = []
        self.where: dict[str, tuple[int, int]] = {}
        self.source: dict[str, str] = {}
        self.nbytes = 0

    def add(self, part: Prepared) -> None:
        p = len(self.parts)
        self.parts.append(part)
        self.nbytes += part.nbytes
        where, source = self.where, self.source
        for k, (i, s) in enumerate(zip(part.ids, part.sources, strict=True)):
            if i not in source or s < source[i]:
                where[i], source[i] = (p, k), s

    def covers(self, ids: Sequence[str], sources: Sequence[str]) -> bool:
        """Whether these articles' values are all here (no article with a smaller source is missing)."""
        return all(i in self.source and self.source[i] <= s for i, s in zip(ids, sources, strict=True))

    @property
    def fingerprints(self) -> Mapping[str, Fingerprint]:
        return _View(self, Prepared.fingerprint)

    @property
    def terms(self) -> Mapping[str, Terms]:
        return _View(self, Prepared.terms)


class _View(Mapping[str, V]):
    def __init__(self, prepared: PreparedSet, get: Callable[[Prepared, int], V]) -> None:
        self.prepared, self.get_value = prepared, get

    def __getitem__(self, i: str) -> V:
        p, k = self.prepared.where[i]
        return self.get_value(self.prepared.parts[p], k)

    def __iter__(self) -> Iterator[str]:
        return iter(self.prepared.where)

    def __len__(self) -> int:
        return len(self.prepared.where)
