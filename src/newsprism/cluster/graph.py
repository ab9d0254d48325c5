"""Scored pairs within the time window, and average-link agglomeration over them.

Two articles are compared only when their days are at most ``window_days`` apart. An undated
article could belong anywhere in time, but comparing it with everything costs undated x all, which
grows with the square of the corpus; so it is compared only with the articles that share one of its
rare words or names (an inverted index over terms found in at most ``RARE_DF`` articles), which is
where any pair worth keeping comes from. The pair score combines text cosine, entity cosine and
title cosine, minus a small penalty per day apart: most coverage of one event lands within a
day or two, and two stories on the same topic days apart are usually different events. A pair
with an unknown date pays the penalty of ``undated_days``: less than the window, so two undated
reports of one event (pasted page text has no date) can join, but more than a same-day pair, since
nothing says they are close in time (``partition`` adds a relative penalty: ``undated``).

Agglomeration is average-link over this sparse graph (a missing pair counts as 0), starting from
seed clusters (copy groups, or stories that already exist in online mode) and merging the pair
of clusters with the highest average score while it reaches the threshold. Ties are broken by
node order, which the caller makes canonical; so the result does not depend on input order.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from newsprism.cluster.features import Features
from newsprism.cluster.instances import Signatures
from newsprism.jobs import Mapper, serial

ROW_CHUNK = 2000  # rows per sparse product, to bound memory on one huge day
# An undated article meets the articles sharing a rare term with it; its rows go in small chunks
# and keep their best pairs only, so memory and the graph stay bounded.
UNDATED_CHUNK = 100
UNDATED_TOP = 50
UNDATED_PER_JOB = 10 * UNDATED_CHUNK  # undated rows scored per ``mapper`` job
# A term in more articles than this proposes no candidates: it is too common to tell a story
# apart, and its posting list would make the undated cost grow with the corpus.
RARE_DF = 300
# Two blocks holding more nodes than this (a crawl of one busy day) meet through rare terms too,
# like undated nodes: comparing every pair there would grow with the square of the day's size.
CROWDED = 20_000


@dataclass(frozen=True, slots=True)
class Weights:
    """How the pair score is made; tuned on half of the dev data (see benchmarks/README.md)."""

    names: float = 0.15  # entity cosine
    title: float = 0.2  # title cosine
    per_day: float = 0.15  # penalty per day apart
    undated_days: float = 0.8  # an unknown date counts as this many days apart (see cluster/undated.py)
    min_edge: float = 0.01  # pairs scoring less are dropped from the graph


WEIGHTS = Weights()


COHESION = 0.4  # a merge needs this share of the tighter cluster's own average score


def _block(feat: Features, rows: np.ndarray, cols: np.ndarray, w: Weights) -> sparse.coo_matrix:
    s = feat.text[rows] @ feat.text[cols].T
    if w.names:
        s = s + w.names * (feat.names[rows] @ feat.names[cols].T)
    if w.title:
        s = s + w.title * (feat.title[rows] @ feat.title[cols].T)
    return sparse.coo_matrix(s)


def _pair_scores(feat: Features, src: np.ndarray, dst: np.ndarray, w: Weights) -> np.ndarray:
    """The ``_block`` score of the listed pairs only: cost follows the pairs, not rows x cols."""

    def dots(m: sparse.csr_matrix) -> np.ndarray:
        return np.asarray(m[src].multiply(m[dst]).sum(axis=1), dtype=np.float64).ravel()

    s = dots(feat.text)
    if w.names:
        s = s + w.names * dots(feat.names)
    if w.title:
        s = s + w.title * dots(feat.title)
    return s


def _rare_terms(m: sparse.csr_matrix, cap: int) -> sparse.csr_matrix:
    """0/1 matrix of each row's terms that occur in at most ``cap`` rows."""
    m = sparse.csr_matrix(m)
    df = np.bincount(m.indices, minlength=m.shape[1])
    keep = (df <= cap)[m.indices]
    out = sparse.csr_matrix((keep.astype(np.float32), m.indices.copy(), m.indptr.copy()), shape=m.shape)
    out.eliminate_zeros()  # in place: hence the copies above, which keep ``m`` intact
    return out


def candidates(feat: Features, rows: np.ndarray, cap: int | None = None) -> sparse.csr_matrix:
    """rows x all nodes: non-zero where the two share a word or name found in at most ``cap`` nodes.

    The product walks only posting lists of at most ``cap`` entries, so its cost is linear in
    the number of rows whatever the size of the corpus.
    """
    terms, terms_t = _rare_index(feat, RARE_DF if cap is None else cap)
    return sparse.csr_matrix(terms[rows] @ terms_t)


def _rare_index(feat: Features, cap: int) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Rare terms per node and its transpose (the posting lists), built once per batch."""
    terms = sparse.hstack([_rare_terms(feat.text, cap), _rare_terms(feat.names, cap)], format="csr")
    return terms, terms.T.tocsr()


def scored_pairs(feat: Features, days: Sequence[int | None], window: float,
                 w: Weights | None = None, mapper: Mapper | None = None) -> dict[tuple[int, int], float]:
    """Scores of node pairs (i < j) in the window that reach ``w.min_edge``.

    Dated nodes are cut into blocks ``window`` days wide; a block meets itself and the next one,
    which covers every pair in the window and keeps the cost linear in the number of articles
    for a steady flow of news (two blocks with more than ``CROWDED`` nodes meet through
    ``candidates`` instead). Undated nodes meet their ``candidates`` and keep their
    ``UNDATED_TOP`` best. The dated blocks that meet in full, and the undated rows, are scored as
    ``mapper`` jobs (each a pure function of the features and lists of rows); their pairs are
    added in job order.
    """
    i, j, v = scored_arrays(feat, days, window, w, mapper)
    return dict(zip(zip(i.tolist(), j.tolist(), strict=True), v.tolist(), strict=True))


Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]
"""Scored pairs as three arrays: first node, second node (first < second), score."""


def scored_arrays(feat: Features, days: Sequence[int | None], window: float,
                  w: Weights | None = None, mapper: Mapper | None = None) -> Pairs:
    """``scored_pairs`` as arrays, in the order of that dict (a pair found twice sits where it was
    found first, with the score found last), without building the dict."""
    pairs = _Pairs(feat, days, window, w or WEIGHTS)
    pairs.dated_blocks(mapper or serial)
    pairs.undated(mapper or serial)
    return pairs.arrays()


class _Pairs:
    """The pair graph as ``scored_pairs`` builds it, one batch of rows at a time."""

    def __init__(self, feat: Features, days: Sequence[int | None], window: float, w: Weights) -> None:
        self.feat, self.window, self.w = feat, window, w
        self.day = np.array([d if d is not None else 0 for d in days], dtype=np.int64)
        self.dated = np.array([d is not None for d in days], dtype=bool)
        self.parts: list[Pairs] = []  # in the order found
        self.disjoint = 0  # the first parts, which hold no pair twice (the fully scored dated blocks)
        self._index: tuple[sparse.csr_matrix, sparse.csr_matrix] | None = None  # built on first use

    def dated_blocks(self, mapper: Mapper) -> None:
        dated_idx = np.flatnonzero(self.dated)
        if not dated_idx.size:
            return
        width = max(1, math.ceil(self.window))
        block_of = (self.day[dated_idx] - self.day[dated_idx].min()) // width
        blocks: dict[int, list[int]] = {}
        for node, b in zip(dated_idx.tolist(), block_of.tolist(), strict=True):
            blocks.setdefault(b, []).append(node)
        order = sorted(blocks)
        full = [b for b in order if len(blocks[b]) + len(blocks.get(b + 1, [])) <= CROWDED]
        jobs = [(self.feat, self.day, self.dated, self.window, self.w, np.array(blocks[b], dtype=np.int64),
                 np.array(blocks[b] + blocks.get(b + 1, []), dtype=np.int64)) for b in full]
        scored = dict(zip(full, mapper(block_pairs, jobs), strict=True))
        if len(full) == len(order):  # else a busy day's candidates may be pairs a next block scored too
            self.disjoint = len(full)
        for b in order:
            if b in scored:
                self.insert(*scored[b])
            else:  # one very busy day: every pair would cost rows x cols
                self.add(np.array(blocks[b], dtype=np.int64), chunk=UNDATED_CHUNK, undated_too=False)

    def insert(self, i: np.ndarray, j: np.ndarray, v: np.ndarray) -> None:
        """Add pairs in order (a later score of a pair replaces the earlier one in place: ``arrays``)."""
        self.parts.append((i, j, v))

    def arrays(self) -> Pairs:
        """Every pair once, where it was first found, with the score found last (as a dict keeps them)."""
        if not self.parts:
            return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
        i, j, v = (np.concatenate(a) for a in zip(*self.parts, strict=True))
        at = sum(p[0].size for p in self.parts[: self.disjoint])
        if at < i.size:
            ti, tj, tv = _first_place_last_value(i[at:], j[at:], v[at:], self.day.size)
            i, j, v = np.r_[i[:at], ti], np.r_[j[:at], tj], np.r_[v[:at], tv]
        return i, j, v

    def undated(self, mapper: Mapper) -> None:
        """Undated rows against their candidates, ``UNDATED_PER_JOB`` rows (whole chunks) a job."""
        rows = np.flatnonzero(~self.dated)
        jobs = [(self.feat, self.day, self.dated, self.window, self.w, rows[k : k + UNDATED_PER_JOB], UNDATED_CHUNK,
                 UNDATED_TOP, True) for k in range(0, rows.size, UNDATED_PER_JOB)]
        for found in mapper(scored_candidates, jobs):
            self.parts.extend(found)

    def add(self, rows: np.ndarray, chunk: int = ROW_CHUNK, top: int = 0, undated_too: bool = True) -> None:
        """``scored_candidates`` of these rows, here (a busy day's rows, with the rare-term index kept)."""
        if self._index is None:
            self._index = _rare_index(self.feat, RARE_DF)
        self.parts.extend(scored_candidates(self.feat, self.day, self.dated, self.window, self.w, rows, chunk, top,
                                            undated_too, self._index))


def scored_candidates(feat: Features, day: np.ndarray, dated: np.ndarray, window: float, w: Weights,
                      rows: np.ndarray, chunk: int, top: int, undated_too: bool,
                      index: tuple[sparse.csr_matrix, sparse.csr_matrix] | None = None) -> list[Pairs]:
    """Rows scored against their candidates (the rare terms they share), ``chunk`` rows at a time,
    each row keeping its ``top`` best pairs when ``top``; ``undated_too=False`` leaves undated
    nodes out (they choose their own pairs). Every row's pairs depend on that row only, so rows cut
    into jobs at chunk boundaries give the same pairs in the same order."""
    terms, terms_t = index or _rare_index(feat, RARE_DF)
    every = sparse.csr_matrix(terms[rows] @ terms_t)
    out: list[Pairs] = []
    for start in range(0, rows.size, chunk):
        r = rows[start : start + chunk]
        cand = sparse.coo_matrix(every[start : start + chunk])
        src, dst = r[cand.row], cand.col.astype(np.int64)
        v = _pair_scores(feat, src, dst, w)
        src, dst, v = _kept(day, dated, window, w, src, dst, v, dst, 0, undated_too)
        if top:
            src, dst, v = _best_per_row(src, dst, v, top)
        out.append((np.minimum(src, dst), np.maximum(src, dst), v))
    return out


def _first_place_last_value(i: np.ndarray, j: np.ndarray, v: np.ndarray, n: int) -> Pairs:
    """Each pair once, in the order of its first occurrence, with the score of its last one."""
    key = i * n + j
    _, first = np.unique(key, return_index=True)
    _, last = np.unique(key[::-1], return_index=True)  # the same keys, so the same (sorted) rows
    last = key.size - 1 - last
    order = np.argsort(first)
    return i[first[order]], j[first[order]], v[last[order]]


def block_pairs(feat: Features, day: np.ndarray, dated: np.ndarray, window: float, w: Weights, rows: np.ndarray,
                cols: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of ``rows`` x ``cols`` (whose first ``rows.size`` are ``rows``, each such pair taken
    once) in the window that scores ``min_edge`` or more: (i, j, score), i < j, in row-chunk order."""
    out = []
    for start in range(0, rows.size, ROW_CHUNK):
        r = rows[start : start + ROW_CHUNK]
        m = _block(feat, r, cols, w)
        src, dst, v = _kept(day, dated, window, w, r[m.row], cols[m.col], m.data.astype(np.float64), m.col,
                            rows.size, True)
        out.append((np.minimum(src, dst), np.maximum(src, dst), v))
    if not out:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
    return tuple(np.concatenate(parts) for parts in zip(*out, strict=True))  # type: ignore[return-value]


def _kept(day: np.ndarray, dated: np.ndarray, window: float, w: Weights, src: np.ndarray, dst: np.ndarray,
          v: np.ndarray, col: np.ndarray, inside: int, undated_too: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs in the window that score ``min_edge`` or more once the day penalty is paid; the
    first ``inside`` cols are rows too, so each such pair is taken once."""
    both = dated[src] & dated[dst]
    apart = np.where(both, np.abs(day[src] - day[dst]), 0)
    v = v - np.where(both, w.per_day * apart, w.per_day * w.undated_days)
    ok = (src != dst) & (~both | (apart <= window)) & (v >= w.min_edge)
    if not undated_too:
        ok &= dated[dst]
    if inside:
        ok &= (col >= inside) | (src < dst)
    return src[ok], dst[ok], v[ok]


def _best_per_row(src: np.ndarray, dst: np.ndarray, v: np.ndarray, top: int) -> tuple[np.ndarray, ...]:
    """Each source's ``top`` best pairs."""
    order = np.lexsort((-v, src))
    src, dst, v = src[order], dst[order], v[order]
    first = np.r_[0, np.flatnonzero(np.diff(src)) + 1]
    rank = np.arange(src.size) - np.repeat(first, np.diff(np.r_[first, src.size]))
    return src[rank < top], dst[rank < top], v[rank < top]


def agglomerate(n: int, edges: dict[tuple[int, int], float], seeds: Sequence[Sequence[int]],
                threshold: float, figures: Sequence[Sequence[int]] | None = None) -> list[list[int]]:
    """Average-link clusters of nodes ``0..n-1``; seeds start merged and are never split.

    The best pair of clusters merges first while its average link reaches ``threshold`` and is
    at least ``COHESION`` of the tighter cluster's own average (a lax link may not dilute a tight
    story). With ``figures`` (ids of the specific figures each node reports), two clusters whose
    figures say they are two instances of a series never merge (``cluster/instances.py``)."""
    clusters = _Clusters(n, seeds, edges)
    signatures = Signatures(figures, clusters.members) if figures is not None else None
    heap: list[tuple[float, int, int, int, int]] = []
    for a, nbrs in clusters.link.items():
        for b in nbrs:
            if a < b:
                clusters.push(heap, a, b, threshold)
    while heap:
        neg, a, b, va, vb = heapq.heappop(heap)
        if not clusters.current(a, b, va, vb) or not clusters.cohesive(a, b, -neg):
            continue
        if signatures is not None:
            if signatures.conflict(a, b):
                continue
            signatures.merge(a, b)
        for k in clusters.merge(a, b):
            clusters.push(heap, a, k, threshold)
    return [sorted(m) for _, m in sorted(clusters.members.items())]


class _Clusters:
    """Clusters with the sums of pair scores between and inside them, and a version per cluster so
    that stale heap entries are recognised."""

    def __init__(self, n: int, seeds: Sequence[Sequence[int]], edges: dict[tuple[int, int], float]) -> None:
        cluster_of = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}
        for seed in seeds:
            seed = sorted(set(seed))
            if len(seed) < 2:
                continue
            head = cluster_of[seed[0]]
            for node in seed[1:]:
                c = cluster_of[node]
                if c != head:
                    for m in self.members.pop(c):
                        cluster_of[m] = head
                        self.members[head].append(m)
        # sums of pair scores between clusters (intra-cluster pairs are not needed)
        self.link: dict[int, dict[int, float]] = {c: {} for c in self.members}
        self.inner = dict.fromkeys(self.members, 0.0)  # sum of pair scores inside each cluster
        for (i, j), s in edges.items():
            a, b = cluster_of[i], cluster_of[j]
            if a == b:
                self.inner[a] += s
                continue
            la, lb = self.link[a], self.link[b]
            la[b] = la.get(b, 0.0) + s
            lb[a] = lb.get(a, 0.0) + s
        self.size = {c: len(m) for c, m in self.members.items()}
        self.version = dict.fromkeys(self.members, 0)

    def push(self, heap: list[tuple[float, int, int, int, int]], a: int, b: int, threshold: float) -> None:
        if a > b:
            a, b = b, a
        avg = self.link[a][b] / (self.size[a] * self.size[b])
        if avg >= threshold:
            heapq.heappush(heap, (-avg, a, b, self.version[a], self.version[b]))

    def current(self, a: int, b: int, va: int, vb: int) -> bool:
        """Both clusters still exist as they were when the pair was pushed."""
        return a in self.size and b in self.size and self.version[a] == va and self.version[b] == vb

    def cohesion(self, c: int) -> float | None:
        pairs = self.size[c] * (self.size[c] - 1) / 2
        return self.inner[c] / pairs if pairs else None

    def cohesive(self, a: int, b: int, avg: float) -> bool:
        if not COHESION:
            return True
        tight = [x for x in (self.cohesion(a), self.cohesion(b)) if x is not None]
        return not (tight and avg < COHESION * min(tight))

    def merge(self, a: int, b: int) -> list[int]:
        """Merge b into a (a < b, so the surviving id is the earlier node: deterministic); returns
        the clusters now linked to a."""
        self.inner[a] += self.inner.pop(b) + self.link[a][b]
        self.members[a].extend(self.members.pop(b))
        self.size[a] += self.size.pop(b)
        self.version[a] += 1
        del self.version[b]
        lb = self.link.pop(b)
        lb.pop(a, None)
        la = self.link[a]
        la.pop(b, None)
        for k, s in lb.items():
            lk = self.link[k]
            lk.pop(b, None)
            la[k] = la.get(k, 0.0) + s
            lk[a] = la[k]
        return list(la)
