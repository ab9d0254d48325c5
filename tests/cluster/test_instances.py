"""Cluster signatures: two clusters with figures of their own and none of the other's never merge."""

from __future__ import annotations

from newsprism.cluster.graph import agglomerate
from newsprism.cluster.instances import Signatures


def test_signed_clusters_with_disjoint_figures_conflict() -> None:
    # nodes 0, 1 report figures 1 and 2; nodes 2, 3 report 5 and 6; node 4 reports one figure only
    figures = [[1, 2], [1, 2, 3], [5, 6], [5, 6, 7], [1]]
    sig = Signatures(figures, {0: [0, 1], 2: [2, 3], 4: [4]})
    assert sig.conflict(0, 2)
    assert not sig.conflict(0, 4) and not sig.conflict(2, 4)  # a lone article with one figure signs nothing
    sig.merge(0, 4)
    assert sig.signature(0) == [1, 2]


def test_a_shared_figure_lets_clusters_merge() -> None:
    figures = [[1, 2], [1, 2], [5, 6, 2], [5, 6]]
    sig = Signatures(figures, {0: [0, 1], 2: [2, 3]})
    assert not sig.conflict(0, 2)


def test_agglomerate_keeps_two_instances_apart_that_text_alone_would_merge() -> None:
    edges = {(0, 1): 0.6, (2, 3): 0.6, (0, 2): 0.5, (0, 3): 0.5, (1, 2): 0.5, (1, 3): 0.5}
    assert agglomerate(4, edges, [], 0.1) == [[0, 1, 2, 3]]
    figures = [[1, 2, 3], [1, 2, 3], [7, 8, 9], [7, 8, 9]]
    assert agglomerate(4, edges, [], 0.1, figures) == [[0, 1], [2, 3]]
