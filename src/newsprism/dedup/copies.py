"""Copy groups: exact and near-duplicate texts (syndicated wire copy, re-posts, light edits).

Exact copies share the key of their normalised words. Near copies are found with MinHash
signatures (datasketch) over word 5-gram shingles, banded for LSH, and then *verified* on the exact shingle sets, so LSH only
proposes pairs and never decides. A pair is a copy when its Jaccard similarity reaches
``options.dedup_threshold``, or when nearly all of the shorter text is inside the longer one
(containment): an outlet that cut the last paragraph of a wire story still ran the wire story.
Groups are the connected components of verified pairs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from newsprism.dedup.fingerprint import MIN_WORDS, NUM_PERM, SHINGLE, Fingerprint, fingerprint, shingles
from newsprism.dedup.normalize import clean_articles, day_of, outlet_of
from newsprism.jobs import Mapper, serial
from newsprism.model import Article, CopyGroup
from newsprism.settings import Options

# LSH bands x rows: a pair with Jaccard 0.3 becomes a candidate with probability 0.68, 0.5 with 0.996.
LSH_BANDS, LSH_ROWS = 42, 3
CONTAINMENT = 0.8  # share of the shorter text's shingles found in the longer one
MIN_CONTAINED = 20  # shingles the shorter text needs before containment alone can decide
MIN_JACCARD_CONTAINED = 0.3  # a paragraph quoted inside a long feature is reuse, not a copy

__all__ = ["LSH_BANDS", "LSH_ROWS", "MIN_WORDS", "NUM_PERM", "SHINGLE", "candidate_pairs", "group_copies",
           "identical_copies", "is_copy", "shingles"]


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


BANDS_PER_JOB = 6  # LSH bands bucketed per ``mapper`` job


def candidate_pairs(signatures: np.ndarray, bands: int = LSH_BANDS, rows: int = LSH_ROWS,
                    max_bucket: int = 50, mapper: Mapper | None = None) -> np.ndarray:
    """Row pairs that agree on every value of at least one band of their MinHash signatures (LSH),
    sorted, each once: an array of shape (pairs, 2), first row < second row.

    Banding is done here with numpy (one sort per band) rather than with ``MinHashLSH``, whose
    per-key Python work cost more than everything else in dedup. In a bucket larger than
    ``max_bucket`` each row is paired with the bucket's first row only, which still joins the
    component once verified and keeps the work linear. Groups of ``BANDS_PER_JOB`` bands are
    ``mapper`` jobs (each given its bands' columns only); their pairs are merged here.
    """
    n = signatures.shape[0]
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    jobs = [(np.ascontiguousarray(signatures[:, first * rows : min(first + BANDS_PER_JOB, bands) * rows]), rows,
             max_bucket) for first in range(0, bands, BANDS_PER_JOB)]
    keys = np.unique(np.concatenate((mapper or serial)(band_pairs, jobs)))
    return np.stack([keys // n, keys % n], axis=1)


def band_pairs(columns: np.ndarray, rows: int, max_bucket: int) -> np.ndarray:
    """The candidate pairs of the bands in ``columns`` (``rows`` columns a band), as sorted unique
    keys ``first * n + second``."""
    n = columns.shape[0]
    out: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
    for band in range(columns.shape[1] // rows):
        block = np.ascontiguousarray(columns[:, band * rows : (band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        sizes = np.diff(np.r_[starts, n])
        # a bucket's rows are in row order (the sort is stable); pos: place in the sorted order
        first, size = np.repeat(starts, sizes), np.repeat(sizes, sizes)
        pos = np.arange(n)
        after = np.where((size > 1) & (size <= max_bucket), first + size - pos - 1, 0)  # pairs with later rows
        src = np.repeat(pos, after)
        dst = src + 1 + np.arange(src.size) - np.repeat(np.cumsum(after) - after, after)
        big = (size > max_bucket) & (pos != first)  # a large bucket: each row with its first one
        out += [order[src] * n + order[dst], order[first[big]] * n + order[pos[big]]]
    return np.unique(np.concatenate(out))


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


def group_copies(articles: Sequence[Article], options: Options,
                 fingerprints: Mapping[str, Fingerprint] | None = None,
                 mapper: Mapper | None = None) -> list[CopyGroup]:
    """Groups of two or more articles that carry the same text; canonical (earliest) member first.

    Outlets follow member order without repeats (an article without an outlet contributes its
    URL host or source). ``similarity`` is the lowest Jaccard similarity among the verified pairs
    that join the group (1.0 for exact copies). Articles are compared through their
    ``dedup.fingerprint`` only; ``fingerprints`` (article id → fingerprint) are used when given,
    e.g. computed on the worker that extracted the article, and computed here otherwise. The LSH
    bands are bucketed and the candidate pairs verified as ``mapper`` jobs (``newsprism.jobs``;
    here one after the other without one).
    """
    arts = clean_articles(articles, stage="dedup")
    given = fingerprints or {}
    prints = [given.get(a.id) or fingerprint(a) for a in arts]
    groups = _Groups(len(arts))
    reps = _join_exact_copies(prints, groups)
    _join_near_copies(prints, reps, groups, options.dedup_threshold, mapper)
    return _copy_groups(arts, groups)


def _join_exact_copies(prints: Sequence[Fingerprint], groups: _Groups) -> list[int]:
    """Join articles with the same normalised text; returns one representative per text, which
    alone goes on to the near-duplicate search."""
    first_of: dict[bytes, int] = {}
    reps: list[int] = []
    for i, p in enumerate(prints):
        if p.text_key is None:
            continue
        if p.text_key in first_of:
            groups.union(first_of[p.text_key], i, 1.0)
        else:
            first_of[p.text_key] = i
            reps.append(i)
    return reps


PAIRS_PER_JOB = 20_000  # candidate pairs verified per ``mapper`` job


def _join_near_copies(prints: Sequence[Fingerprint], reps: Sequence[int], groups: _Groups,
                      threshold: float, mapper: Mapper | None = None) -> None:
    """Join representatives whose shingles LSH puts in one bucket and the verified overlap confirms.

    Pairs are taken in order and a pair already in one group is not joined again (nor does its
    similarity count). The candidate pairs are verified as ``mapper`` jobs (over one array of all
    the shingle sets), which return only the pairs that are copies: the walk here joins those, in
    order, which is what walking every pair and verifying it when reached would join."""
    live = [i for i in reps if prints[i].shingles.size]
    signatures = np.empty((len(live), NUM_PERM), dtype=np.uint64)
    for row, i in enumerate(live):
        signatures[row] = prints[i].signature
    pairs = candidate_pairs(signatures, mapper=mapper)
    if not pairs.size:
        return
    sets = [prints[i].shingles for i in live]
    flat = np.concatenate(sets)
    at = np.cumsum([0, *(s.size for s in sets)], dtype=np.int64)
    jobs = [(flat, at, pairs[k : k + PAIRS_PER_JOB], threshold) for k in range(0, len(pairs), PAIRS_PER_JOB)]
    for (a, b), jac in ((pair, jac) for kept, jacs in (mapper or serial)(copy_pairs, jobs)
                        for pair, jac in zip(kept.tolist(), jacs.tolist(), strict=True)):
        i, j = live[a], live[b]
        if groups.find(i) != groups.find(j):
            groups.union(i, j, jac)


def copy_pairs(flat: np.ndarray, at: np.ndarray, pairs: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Of these pairs of rows (row ``r``'s shingle set is ``flat[at[r]:at[r + 1]]``), those that are
    copies (``is_copy``), in order, and their Jaccard similarity."""
    kept: list[tuple[int, int]] = []
    jacs: list[float] = []
    for a, b in pairs.tolist():
        sa, sb = flat[at[a]:at[a + 1]], flat[at[b]:at[b + 1]]
        jac, cont = _overlap(sa, sb)
        if is_copy(jac, cont, min(sa.size, sb.size), threshold):
            kept.append((a, b))
            jacs.append(jac)
    return np.array(kept, dtype=np.int64).reshape(-1, 2), np.array(jacs, dtype=np.float64)


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
