"""Pairs with an unknown date, judged against each article's own neighbourhood.

Without a date, nothing keeps apart a series of same-topic events (this week's jobless claims and
last month's, two steps of one vaccine approval): their texts share most words and names, and one
fixed threshold either splits an event whose outlets worded it differently or merges the series.
What still tells them apart is relative: an article's partners in its own event are its best
matches, and a neighbouring event scores clearly below them. So an undated pair pays, besides
the flat ``undated_days`` penalty, ``RELATIVE`` times the share by which its score falls short of
the ``NEIGHBOUR``-th best score of either article (local scaling, as in self-tuning spectral
clustering). Dated pairs, which the time window already sorts, pay a lighter ``RELATIVE_DATED``.
Chosen on the tune half of the dev stories (see benchmarks/README.md).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from newsprism.cluster.features import Features
from newsprism.cluster.graph import WEIGHTS, Pairs, Weights, scored_arrays
from newsprism.jobs import Mapper

NEIGHBOUR = 2  # the k-th best partner of an article sets its scale
RELATIVE = 0.3  # penalty per unit of shortfall against that scale, for a pair with a date unknown
RELATIVE_DATED = 0.1  # the same for a pair with both dates known


def relative_pairs(feat: Features, days: Sequence[int | None], window: float,
                   w: Weights | None = None, mapper: Mapper | None = None) -> dict[tuple[int, int], float]:
    """``scored_pairs`` (its dated blocks as ``mapper`` jobs), with each pair also scored against its
    articles' neighbourhoods."""
    i, j, v = relative_arrays(feat, days, window, w, mapper)
    return dict(zip(zip(i.tolist(), j.tolist(), strict=True), v.tolist(), strict=True))


def relative_arrays(feat: Features, days: Sequence[int | None], window: float,
                    w: Weights | None = None, mapper: Mapper | None = None) -> Pairs:
    """``relative_pairs`` as arrays (``graph.Pairs``), in the order of that dict."""
    w = w or WEIGHTS
    dated = np.array([d is not None for d in days], dtype=bool)
    i, j, score = scored_arrays(feat, days, window, dataclasses.replace(w, undated_days=0.0, min_edge=0.0), mapper)
    if not i.size:
        return i, j, score
    scale = _kth_best(np.concatenate([i, j]), np.concatenate([score, score]), len(days), NEIGHBOUR)
    undated = ~(dated[i] & dated[j])
    top = np.maximum(np.maximum(scale[i], scale[j]), 1e-9)
    shortfall = np.clip(1.0 - score / top, 0.0, None)
    v = np.where(undated, score - w.per_day * w.undated_days - RELATIVE * shortfall,
                 score - RELATIVE_DATED * shortfall)
    keep = v >= w.min_edge
    return i[keep], j[keep], v[keep]


def _kth_best(node: np.ndarray, score: np.ndarray, n: int, k: int) -> np.ndarray:
    """Per node, its ``k``-th highest score (its lowest when it has fewer pairs; 0 with none).

    ``k`` rounds of a per-node maximum over the scores not yet taken (a tie takes all its copies),
    linear in the number of scores: a sort of millions of pairs cost a second on the driver."""
    out = np.zeros(n)
    left = np.ones(node.size, dtype=bool)
    taken = np.zeros(n, dtype=np.int64)
    done = np.zeros(n, dtype=bool)
    for _ in range(k):
        rows = np.flatnonzero(left)
        if not rows.size:
            break
        at, value = node[rows], score[rows]
        top = np.full(n, -np.inf)
        np.maximum.at(top, at, value)
        found = (top > -np.inf) & ~done
        out[found] = top[found]  # the k-th best so far, or the lowest when no more come
        best = value == top[at]
        taken += np.bincount(at[best], minlength=n)
        done |= found & (taken >= k)
        left[rows[best]] = False
        left &= ~done[node]
    return out
