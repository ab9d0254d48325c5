"""The parts of clustering a distributed run moves elsewhere give what the stage gives in one piece:
terms computed per article, day blocks scored as separate jobs, components of the pair graph
agglomerated as separate jobs, stories made in groups."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from newsprism.cluster import batch as batch_module
from newsprism.cluster import cluster
from newsprism.cluster import components as components_module
from newsprism.cluster.components import agglomerate_parts, components
from newsprism.cluster.features import featurize, terms
from newsprism.cluster.graph import agglomerate, scored_pairs
from newsprism.cluster.undated import relative_arrays
from newsprism.dedup import group_copies
from newsprism.dedup.normalize import day_of, similarity_text
from newsprism.model import Article
from newsprism.settings import Options
from tests import DATA

ROWS = [json.loads(line) for line in (DATA / "cluster" / "corpus.jsonl").read_text().splitlines()]
ARTICLES = [Article(id=r["id"], source=r["id"], url=r["url"], outlet=r["outlet"], title=r["title"],
                    published=r["published"], text=r["text"]) for r in ROWS]
OPTIONS = Options()


def backwards(calls: list[int]) -> Callable[[Callable[..., Any], Sequence[tuple[Any, ...]]], list[Any]]:
    """A mapper that runs the jobs last first (as workers may finish them) and returns them in order."""

    def mapper(fn: Callable[..., Any], jobs: Sequence[tuple[Any, ...]]) -> list[Any]:
        calls.append(len(jobs))
        done = {k: fn(*jobs[k]) for k in reversed(range(len(jobs)))}
        return [done[k] for k in range(len(jobs))]

    return mapper


def test_features_from_terms_computed_per_article_are_the_same_matrices() -> None:
    texts, titles = [similarity_text(a) for a in ARTICLES], [a.title for a in ARTICLES]
    own = featurize(texts, titles)
    given = featurize(["" for _ in texts], titles, [terms(x, t) for x, t in zip(texts, titles, strict=True)])
    for name in ("text", "names", "title", "figures"):
        a, b = getattr(own, name), getattr(given, name)
        assert a.shape == b.shape and (a.nnz > 0 or name == "figures"), name
        assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices), name
        assert np.array_equal(a.data, b.data), name  # bit for bit, not approximately


def test_day_blocks_scored_as_jobs_give_the_same_edges_in_the_same_order() -> None:
    arts = sorted(ARTICLES, key=batch_module.article_key)
    feat = featurize([similarity_text(a) for a in arts], [a.title for a in arts])
    days = [day_of(a.published) for a in arts]
    calls: list[int] = []
    own = scored_pairs(feat, days, OPTIONS.window_days)
    jobs = scored_pairs(feat, days, OPTIONS.window_days, mapper=backwards(calls))
    assert calls and calls[0] > 1 and own
    assert list(jobs.items()) == list(own.items())


def test_undated_rows_scored_as_jobs_give_the_same_edges_in_the_same_order(monkeypatch) -> None:
    from newsprism.cluster import graph

    arts = sorted(ARTICLES, key=batch_module.article_key)
    feat = featurize([similarity_text(a) for a in arts], [a.title for a in arts])
    days = [day_of(a.published) if k % 2 else None for k, a in enumerate(arts)]  # every other one undated
    monkeypatch.setattr(graph, "UNDATED_CHUNK", 2)
    own = scored_pairs(feat, days, OPTIONS.window_days)  # one job
    monkeypatch.setattr(graph, "UNDATED_PER_JOB", 2)
    calls: list[int] = []
    jobs = scored_pairs(feat, days, OPTIONS.window_days, mapper=backwards(calls))
    assert calls[-1] >= 4 and len(own) > 10
    assert list(jobs.items()) == list(own.items())


def test_a_run_with_a_mapper_and_given_terms_makes_the_same_stories(monkeypatch) -> None:
    monkeypatch.setattr(batch_module, "STORIES_PER_JOB", 3)
    copies = group_copies(ARTICLES, OPTIONS)
    own = cluster(ARTICLES, OPTIONS, copies)
    given = {a.id: terms(similarity_text(a), a.title) for a in ARTICLES}
    headers = [replace(a, text="") for a in reversed(ARTICLES)]
    calls: list[int] = []
    got = cluster(headers, OPTIONS, copies, terms=given, mapper=backwards(calls))
    assert len(calls) == 4 and calls[3] > 1  # day blocks, undated rows, components, then groups of stories
    assert [(s.id, s.article_ids, s.title, s.copies) for s in got] == \
        [(s.id, s.article_ids, s.title, s.copies) for s in own]
    assert len(own) > 3


def test_components_agglomerated_as_jobs_give_the_clusters_of_the_whole_graph(monkeypatch) -> None:
    arts = sorted(ARTICLES, key=batch_module.article_key)
    feat = featurize([similarity_text(a) for a in arts], [a.title for a in arts])
    days = [day_of(a.published) for a in arts]
    i, j, v = relative_arrays(feat, days, OPTIONS.window_days)
    # weak pairs (below every threshold here) between the stories, first in the pair order
    first = np.unique(components(len(arts), i, j, []), return_index=True)[1]
    i, j, v = np.r_[first[:-1], i], np.r_[first[1:], j], np.r_[np.full(first.size - 1, 0.05), v]
    n = len(arts) + 1  # and a node with no pair at all
    figs = feat.figures
    figures = [figs.indices[figs.indptr[k]:figs.indptr[k + 1]].tolist() for k in range(n - 1)] + [[]]
    edges = dict(zip(zip(i.tolist(), j.tolist(), strict=True), v.tolist(), strict=True))
    monkeypatch.setattr(components_module, "NODES_PER_JOB", 3)  # several components per job, some alone
    crossed = 0
    for threshold in (OPTIONS.cluster_threshold, 0.2, 0.5):
        strong = v >= threshold
        sizes = np.bincount(components(n, i[strong], j[strong], []))
        assert (sizes > 1).sum() >= 3 and (sizes == 1).any()
        crossed += np.bincount(components(n, i, j, [])).size < sizes.size  # weak pairs join strong components
        for seeds in ([], [[0, n - 2], [3, 4, 5]]):  # seeds join components of their own
            whole = agglomerate(n, edges, seeds, threshold, figures)
            calls: list[int] = []
            parts = agglomerate_parts(n, (i, j, v), seeds, threshold, figures, mapper=backwards(calls))
            assert calls[0] > 2 and parts == whole
            assert agglomerate_parts(n, (i, j, v), seeds, threshold) == agglomerate(n, edges, seeds, threshold)
    assert crossed == 3
    assert agglomerate_parts(0, (i[:0], j[:0], v[:0]), [], 0.1) == []
    assert agglomerate_parts(3, (i[:0], j[:0], v[:0]), [], 0.1) == [[0], [1], [2]]
