"""What dedup needs of one article, computed from that article alone: its fingerprint.

``group_copies`` compares articles through their fingerprints only: the key of the normalised
text (exact copies share it), the sorted word 5-gram shingle hashes (which verify a near copy)
and the MinHash signature over them (whose LSH bands propose near copies). Because a fingerprint
depends on one article and nothing else, it can be computed wherever the article is (a Ray worker
right after extraction, or this process) and gives the same copy groups either way.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from newsprism.dedup.normalize import similarity_text, words
from newsprism.model import Article

SHINGLE = 5  # words per shingle: long enough that shared phrases of unrelated stories rarely match
NUM_PERM = 126
MIN_WORDS = 8  # shorter texts ("Photo: AP") say too little to call two articles copies

_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=7, scheme="affine64").permutations
_MULT = np.uint64(1_000_003)
_NO_SIGNATURE = np.empty(0, dtype=np.uint64)


def _identity(x: int) -> int:
    return x


class WordHashes:
    """crc32 of each distinct word, computed once per process (stable across processes, unlike hash())."""

    def __init__(self) -> None:
        self.cache: dict[str, int] = {}

    def __call__(self, tokens: Sequence[str]) -> np.ndarray:
        cache = self.cache
        get = cache.get
        hashes = [get(t) for t in tokens]
        for k, h in enumerate(hashes):
            if h is None:
                t = tokens[k]
                hashes[k] = cache[t] = zlib.crc32(t.encode("utf-8")) | (len(t) << 32)
        return np.array(hashes, dtype=np.uint64)


def shingles(tokens: Sequence[str], word_hashes: WordHashes | None = None) -> np.ndarray:
    """Sorted unique 64-bit hashes of the word 5-grams of ``tokens`` (empty for short texts)."""
    n = len(tokens)
    if n < MIN_WORDS:
        return np.empty(0, dtype=np.uint64)
    wh = (word_hashes or WordHashes())(tokens)
    k = min(SHINGLE, n)
    m = n - k + 1
    h = np.zeros(m, dtype=np.uint64)
    for j in range(k):
        h = h * _MULT + wh[j : j + m]  # uint64 arithmetic wraps, which is what a rolling hash wants
    return np.unique(h)


def signature(sets: np.ndarray) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` values) of a non-empty shingle set."""
    m = MinHash(num_perm=NUM_PERM, scheme="affine64", hashfunc=_identity, permutations=_PERMUTATIONS)
    m.update_batch(sets)
    return np.asarray(m.hashvalues, dtype=np.uint64)


@dataclass(frozen=True, slots=True, eq=False)
class Fingerprint:
    """``text_key``: digest of the normalised words (None below ``MIN_WORDS``: never a copy);
    ``shingles``: sorted unique shingle hashes; ``signature``: MinHash of them (empty when none)."""

    text_key: bytes | None
    shingles: np.ndarray
    signature: np.ndarray


_HASHES = WordHashes()  # one cache per process: crc32 is the same everywhere


def fingerprint(article: Article, word_hashes: WordHashes | None = None) -> Fingerprint:
    """The fingerprint of one article (``similarity_text``: its capped text, without the title)."""
    tokens = words(similarity_text(article))
    if len(tokens) < MIN_WORDS:
        return Fingerprint(None, _NO_SIGNATURE, _NO_SIGNATURE)
    # words are \w+ runs, so the joined text tells token lists apart exactly
    key = hashlib.blake2b(" ".join(tokens).encode("utf-8"), digest_size=16).digest()
    sets = shingles(tokens, word_hashes or _HASHES)
    return Fingerprint(key, sets, signature(sets) if sets.size else _NO_SIGNATURE)
