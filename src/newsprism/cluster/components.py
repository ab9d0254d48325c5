"""Agglomeration one connected part of the pair graph at a time, the parts as ``mapper`` jobs.

``graph.agglomerate`` merges two clusters only when their average pair score reaches the
threshold, and an average (missing pairs count 0) reaches it only if one pair between them does.
So a cluster never spans two components of the graph of *strong* pairs (score at least the
threshold) and seeds: pairs between two such components can never start a merge, and leaving
them out changes no sum that a merge reads. Every step reads only the two clusters involved
(their pair sums, sizes, inner sums and figures), so each component goes through the same merges
in the same order alone as with the rest: its merge order is the order of its own heap entries,
whose keys (average, then the clusters' first nodes) compare the same after renumbering the
nodes in their order, and its pair sums are added in the same order when its pairs keep their
order. On the synthetic corpus the weak pairs chain nearly everything into one component, while
the strong components have at most about a hundred nodes. Components are packed into jobs of
about ``NODES_PER_JOB`` nodes (a job agglomerates its components together, which is the same
again); a node alone in its component is a story of its own and goes in no job.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from newsprism.cluster.graph import Pairs, agglomerate
from newsprism.jobs import Mapper, serial

NODES_PER_JOB = 5000  # nodes agglomerated per ``mapper`` job (whole components: one may be larger)


def agglomerate_parts(n: int, pairs: Pairs, seeds: Sequence[Sequence[int]], threshold: float,
                      figures: Sequence[Sequence[int]] | None = None, mapper: Mapper | None = None) -> list[list[int]]:
    """``agglomerate(n, dict of pairs, seeds, threshold, figures)``, component by component, the
    components packed into ``mapper`` jobs; the same clusters in the same order."""
    i, j, v = pairs
    if not n:
        return []
    strong = v >= threshold
    labels = components(n, i[strong], j[strong], seeds)
    inside = labels[i] == labels[j]
    i, j, v = i[inside], j[inside], v[inside]
    size = np.bincount(labels, minlength=1)
    # components in the order of their first node, packed into jobs of about NODES_PER_JOB nodes
    first_node = np.full(size.size, n, dtype=np.int64)
    np.minimum.at(first_node, labels, np.arange(n, dtype=np.int64))
    shared = np.flatnonzero(size > 1)
    if not shared.size:
        return [[k] for k in range(n)]
    shared = shared[np.argsort(first_node[shared], kind="stable")]
    before = np.cumsum(size[shared]) - size[shared]
    job_of_label = np.full(size.size, -1, dtype=np.int64)
    job_of_label[shared] = before // NODES_PER_JOB
    job_of_node = job_of_label[labels]
    jobs_n = int(job_of_node.max()) + 1

    by_job = np.argsort(job_of_node, kind="stable")  # nodes of each job in node order, after the lone ones
    counts = np.bincount(job_of_node + 1, minlength=jobs_n + 1)
    nodes = np.split(by_job, np.cumsum(counts)[:-1])[1:]
    local = np.zeros(n, dtype=np.int64)
    for ks in nodes:
        local[ks] = np.arange(ks.size)
    edge_job = job_of_node[i]
    edge_order = np.argsort(edge_job, kind="stable")  # each job's pairs in their order
    edge_parts = np.split(edge_order, np.cumsum(np.bincount(edge_job, minlength=jobs_n))[:-1])
    seeds_of: list[list[list[int]]] = [[] for _ in range(jobs_n)]
    for seed in seeds:
        if len(set(seed)) > 1:
            seeds_of[int(job_of_node[seed[0]])].append([int(local[k]) for k in seed])
    jobs = [(int(ks.size), local[i[e]], local[j[e]], v[e], seeds_of[k], threshold,
             [figures[x] for x in ks.tolist()] if figures is not None else None)
            for k, (ks, e) in enumerate(zip(nodes, edge_parts, strict=True))]
    clusters = [[k] for k in np.flatnonzero(job_of_node < 0).tolist()]
    for ks, done in zip(nodes, (mapper or serial)(agglomerate_arrays, jobs), strict=True):
        back = ks.tolist()
        clusters.extend([back[x] for x in c] for c in done)
    clusters.sort(key=lambda c: c[0])
    return clusters


def components(n: int, i: np.ndarray, j: np.ndarray, seeds: Sequence[Sequence[int]]) -> np.ndarray:
    """Connected component of each node, over the pairs ``i``-``j`` and the seeds (a seed links its nodes)."""
    chain = [(a, b) for seed in seeds for a, b in zip(seed, seed[1:], strict=False)]
    src = np.r_[i, np.array([a for a, _ in chain], dtype=np.int64)].astype(np.int64)
    dst = np.r_[j, np.array([b for _, b in chain], dtype=np.int64)].astype(np.int64)
    graph = sparse.coo_matrix((np.ones(src.size, dtype=np.int8), (src, dst)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def agglomerate_arrays(n: int, i: np.ndarray, j: np.ndarray, v: np.ndarray, seeds: Sequence[Sequence[int]],
                       threshold: float, figures: Sequence[Sequence[int]] | None) -> list[list[int]]:
    """``graph.agglomerate`` over pairs given as arrays (one job of ``agglomerate_parts``)."""
    edges = dict(zip(zip(i.tolist(), j.tolist(), strict=True), v.tolist(), strict=True))
    return agglomerate(n, edges, seeds, threshold, figures)
