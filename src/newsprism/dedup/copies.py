"""Copy groups: exact and near-duplicate texts (syndicated wire copy, re-posts, light edits).

Exact copies share the hash of their normalised words. Near copies are found with MinHash
signatures (datasketch) over word 5-gram shingles, banded for LSH, and then *verified* on the exact shingle sets, so LSH only
proposes pairs and never decides. A pair is a copy when its Jaccard similarity reaches
``options.dedup_threshold``, or when nearly all of the shorter text is inside the longer one
(containment): an outlet that cut the last paragraph of a wire story still ran the wire story.
Groups are the connected components of verified pairs.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
from datasketch import MinHash

from newsprism.dedup.normalize import clean_articles, day_of, outlet_of, similarity_text, text_hash, words
from newsprism.model import Article, CopyGroup
from newsprism.settings import Options

SHINGLE = 5  # words per shingle: long enough that shared phrases of unrelated stories rarely match
NUM_PERM = 126
# LSH bands x rows: a pair with Jaccard 0.3 becomes a candidate with probability 0.68, 0.5 with 0.996.
LSH_BANDS, LSH_ROWS = 42, 3
MIN_WORDS = 8  # shorter texts ("Photo: AP") say too little to call two articles copies
CONTAINMENT = 0.8  # share of the shorter text's shingles found in the longer one
MIN_CONTAINED = 20  # shingles the shorter text needs before containment alone can decide
MIN_JACCARD_CONTAINED = 0.3  # a paragraph quoted inside a long feature is reuse, not a copy

_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=7, scheme="affine64").permutations
_MULT = np.uint64(1_000_003)


def _identity(x: int) -> int:
    return x


class _WordHashes:
    """crc32 of each distinct word, computed once per run (stable across processes, unlike hash())."""

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


def shingles(tokens: Sequence[str], word_hashes: _WordHashes | None = None) -> np.ndarray:
    """Sorted unique 64-bit hashes of the word 5-grams of ``tokens`` (empty for short texts)."""
    n = len(tokens)
    if n < MIN_WORDS:
        return np.empty(0, dtype=np.uint64)
    wh = (word_hashes or _WordHashes())(tokens)
    k = min(SHINGLE, n)
    m = n - k + 1
    h = np.zeros(m, dtype=np.uint64)
    for j in range(k):
        h = h * _MULT + wh[j : j + m]  # uint64 arithmetic wraps, which is what a rolling hash wants
    return np.unique(h)


def _overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Jaccard similarity and containment of the smaller set in the larger."""
    inter = int(np.intersect1d(a, b, assume_unique=True).size)
    union = a.size + b.size - inter
    small = min(a.size, b.size)
    return (inter / union if union else 0.0), (inter / small if small else 0.0)


def is_copy(jaccard: float, containment: float, smaller: int, threshold: float) -> bool:
    """The copy rule, in one place so tests and the benchmark agree with the code."""
    if jaccard >= threshold:
        return True
    return containment >= CONTAINMENT and smaller >= MIN_CONTAINED and jaccard >= MIN_JACCARD_CONTAINED


def candidate_pairs(signatures: np.ndarray, bands: int = LSH_BANDS, rows: int = LSH_ROWS,
                    max_bucket: int = 50) -> set[tuple[int, int]]:
    """Row pairs that agree on every value of at least one band of their MinHash signatures (LSH).

    Banding is done here with numpy (one sort per band) rather than with ``MinHashLSH``, whose
    per-key Python work cost more than everything else in dedup. In a bucket larger than
    ``max_bucket`` each row is paired with the bucket's first row only, which still joins the
    component once verified and keeps the work linear.
    """
    pairs: set[tuple[int, int]] = set()
    n = signatures.shape[0]
    if n < 2:
        return pairs
    for band in range(bands):
        block = np.ascontiguousarray(signatures[:, band * rows : (band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        sizes = np.diff(np.r_[starts, n])
        for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True):
            members = sorted(order[start : start + size].tolist())
            if size > max_bucket:
                pairs.update((members[0], m) for m in members[1:])
            else:
                pairs.update((a, b) for k, a in enumerate(members) for b in members[k + 1 :])
    return pairs


class _Groups:
    """Union-find over article indexes that remembers the weakest similarity that joined each group."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.weakest: dict[int, float] = {}

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int, sim: float) -> None:
        ri, rj = self.find(i), self.find(j)
        low = min(sim, self.weakest.get(ri, 1.0), self.weakest.get(rj, 1.0))
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)
        self.weakest[min(ri, rj)] = low

    def components(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return out


def group_copies(articles: Sequence[Article], options: Options) -> list[CopyGroup]:
    """Groups of two or more articles that carry the same text; canonical (earliest) member first.

    Outlets follow member order without repeats (an article without an outlet contributes its
    URL host or source). ``similarity`` is the lowest Jaccard similarity among the verified pairs
    that join the group (1.0 for exact copies).
    """
    arts = clean_articles(articles, stage="dedup")
    groups = _Groups(len(arts))
    tokens = [words(similarity_text(a)) for a in arts]
    reps = _join_exact_copies(tokens, groups)
    _join_near_copies(tokens, reps, groups, options.dedup_threshold)
    return _copy_groups(arts, groups)


def _join_exact_copies(tokens: Sequence[list[str]], groups: _Groups) -> list[int]:
    """Join articles with the same normalised text; returns one representative per text, which
    alone goes on to the near-duplicate search."""
    first_of: dict[int, int] = {}
    reps: list[int] = []
    for i, toks in enumerate(tokens):
        if len(toks) < MIN_WORDS:
            continue
        h = text_hash(toks)
        if h in first_of and tokens[first_of[h]] == toks:
            groups.union(first_of[h], i, 1.0)
        else:
            first_of.setdefault(h, i)
            reps.append(i)
    return reps


def _join_near_copies(tokens: Sequence[list[str]], reps: Sequence[int], groups: _Groups, threshold: float) -> None:
    """Join representatives whose shingles LSH puts in one bucket and the verified overlap confirms."""
    word_hashes = _WordHashes()
    sets = {i: shingles(tokens[i], word_hashes) for i in reps}
    live = [i for i in reps if sets[i].size]
    signatures = np.empty((len(live), NUM_PERM), dtype=np.uint64)
    for row, i in enumerate(live):
        m = MinHash(num_perm=NUM_PERM, scheme="affine64", hashfunc=_identity, permutations=_PERMUTATIONS)
        m.update_batch(sets[i])
        signatures[row] = m.hashvalues
    for a, b in sorted(candidate_pairs(signatures)):
        i, j = live[a], live[b]
        if groups.find(i) == groups.find(j):
            continue
        jac, cont = _overlap(sets[i], sets[j])
        if is_copy(jac, cont, min(sets[i].size, sets[j].size), threshold):
            groups.union(i, j, jac)


def _copy_groups(arts: Sequence[Article], groups: _Groups) -> list[CopyGroup]:
    out = []
    for root, members in groups.components().items():
        if len(members) < 2:
            continue
        members.sort(key=lambda i: _order_key(arts[i], i))
        ids = tuple(arts[i].id for i in members)
        outlets = tuple(dict.fromkeys(outlet_of(arts[i]) for i in members))
        out.append(CopyGroup(canonical=ids[0], members=ids, outlets=outlets,
                             similarity=round(groups.weakest.get(root, 1.0), 4)))
    out.sort(key=lambda g: g.members)
    return out


def _order_key(a: Article, index: int) -> tuple[int, str, int]:
    """Earliest published first (undated last); the same day by timestamp; then ingest order."""
    d = day_of(a.published)
    return (d if d is not None else 10**9, (a.published or "") if d is not None else "", index)


def identical_copies(articles: Sequence[Article]) -> list[CopyGroup]:
    """Articles whose normalised text is the same, grouped (earliest first); for callers that have no
    ``group_copies`` result, so that the same text still counts once."""
    by_text: dict[str, list[Article]] = {}
    for a in articles:
        key = " ".join(a.text.split()).lower()
        if key:
            by_text.setdefault(key, []).append(a)
    groups = []
    for same in by_text.values():
        if len(same) > 1:
            same.sort(key=lambda a: (a.published or "9999", a.id))
            groups.append(CopyGroup(same[0].id, tuple(a.id for a in same),
                                    tuple(a.outlet or a.source for a in same)))
    return groups
