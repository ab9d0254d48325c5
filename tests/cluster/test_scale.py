"""Clustering cost stays linear: undated articles meet candidates only, copies are indexed per story."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import numpy as np
import pytest

from newsprism.cluster import cluster, graph
from newsprism.cluster.batch import make_stories, make_story
from newsprism.cluster.features import Features, featurize
from newsprism.cluster.graph import candidates, scored_pairs
from newsprism.dedup import group_copies
from newsprism.dedup.normalize import day_of, similarity_text
from newsprism.model import Article
from newsprism.settings import Options
from tests import DATA as SHARED

DATA = SHARED / "cluster"
ROWS = [json.loads(line) for line in (DATA / "corpus.jsonl").read_text().splitlines()]
WIRE = json.loads((DATA / "wire.json").read_text())
OPTIONS = Options()
COMMON = ["officials", "said", "the", "council", "would", "meet", "again", "next", "week", "to", "discuss",
          "plan", "and", "budget", "members", "vote"]
SYLLABLES = ["ka", "ri", "mo", "ta", "len", "vor", "sel", "dan", "mi", "ro", "bel", "tor"]


def article(row: dict) -> Article:
    return Article(id=row["id"], source=row["id"], url=row["url"], outlet=row["outlet"], title=row["title"],
                   published=row["published"], text=row["text"])


ARTICLES = [article(r) for r in ROWS]


def crowd(n: int, seed: int = 3) -> list[Article]:
    """``n`` fictional articles: common words everywhere, one invented name per pair of articles."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        name = "".join(SYLLABLES[(k // 2 * 7 + i) % len(SYLLABLES)] for i in range(3)).capitalize() + str(k // 2)
        words = rng.sample(COMMON, 10)
        day = 1 + (k // 20) % 28
        out.append(Article(id=f"c{k}", source=f"c{k}", url=None, outlet=None, title=f"{name} report",
                           published=None if k % 10 == 0 else f"2024-05-{day:02d}",
                           text=f"{name} spoke today. " + " ".join(words) + f". {name} said more."))
    return out


def features(arts: list[Article]) -> Features:
    return featurize([similarity_text(a) for a in arts], [a.title for a in arts])


def test_with_a_high_cap_candidates_cover_every_pair_sharing_a_term() -> None:
    feat = features(ARTICLES)
    rows = np.arange(len(ARTICLES))
    shared = (feat.text @ feat.text.T).toarray() > 0
    found = candidates(feat, rows, cap=len(ARTICLES)).toarray() > 0
    assert shared.any() and not (shared & ~found).any()


def test_common_words_propose_no_candidates_rare_names_do() -> None:
    arts = crowd(200)
    feat = features(arts)
    cand = candidates(feat, np.arange(len(arts)), cap=10).toarray() > 0
    for k in range(0, len(arts), 2):  # each article meets its twin (shared name), and hardly anyone else
        assert cand[k, k + 1] and cand[k + 1, k]
    assert cand.sum(axis=1).max() <= 2 + 10  # self, twin, and at most a cap's worth through a name part


def test_undated_candidates_stay_bounded_as_the_corpus_grows() -> None:
    per_row = []
    for n in (200, 800):
        arts = crowd(n)
        feat = features(arts)
        undated = np.array([k for k, a in enumerate(arts) if day_of(a.published) is None])
        per_row.append(candidates(feat, undated, cap=10).nnz / undated.size)
    assert per_row[1] <= per_row[0] * 1.5


def test_undated_articles_still_find_their_story() -> None:
    arts = crowd(200)
    feat = features(arts)
    days = [day_of(a.published) for a in arts]
    edges = scored_pairs(feat, days, OPTIONS.window_days)
    for k in range(0, len(arts), 10):  # undated, its twin is dated
        assert (k, k + 1) in edges
    stories = cluster(arts, OPTIONS)
    home = {a: s.id for s in stories for a in s.article_ids}
    assert all(home[f"c{k}"] == home[f"c{k + 1}"] for k in range(0, len(arts), 10))


def test_make_stories_lists_the_same_copies_as_a_full_scan() -> None:
    extra = [
        Article(id="w1", source="w1", url=None, outlet="Meridian Wire", title="Dam", text=WIRE["wire"],
                published="2025-03-04"),
        Article(id="w2", source="w2", url=None, outlet="Ostrel Courier", title="Sheep", text=WIRE["copy_added"],
                published="2025-03-04"),
        Article(id="w3", source="w3", url=None, outlet="Lind Echo", title="Floods", text=WIRE["copy_cut"],
                published="2025-03-05"),
    ]
    arts = ARTICLES + extra
    copies = group_copies(arts, OPTIONS)
    assert copies
    by_id = {a.id: a for a in arts}
    ids = sorted(by_id)
    rng = random.Random(5)
    for _ in range(20):  # random partitions, some splitting a copy group
        rng.shuffle(ids)
        cuts = sorted(rng.sample(range(1, len(ids)), 4))
        parts = [ids[a:b] for a, b in zip([0, *cuts], [*cuts, len(ids)], strict=True)]
        assert make_stories(parts, by_id, copies) == [make_story(p, by_id, copies) for p in parts]


def test_a_crowded_day_meets_through_candidates_and_keeps_its_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    arts = [replace(a, published="2024-05-02" if a.published else None) for a in crowd(120)]
    feat = features(arts)
    days = [day_of(a.published) for a in arts]
    full = scored_pairs(feat, days, OPTIONS.window_days)
    monkeypatch.setattr(graph, "CROWDED", 50)  # the one block now counts as crowded
    monkeypatch.setattr(graph, "RARE_DF", 4)
    sparse_pairs = scored_pairs(feat, days, OPTIONS.window_days)
    twins = {(k, k + 1) for k in range(0, len(arts), 2)}
    assert twins <= set(sparse_pairs) and twins <= set(full)
    assert len(sparse_pairs) < len(full) / 5  # common words no longer pair everyone with everyone
    assert all(abs(sparse_pairs[p] - full[p]) < 1e-5 for p in sparse_pairs)
    home = {a: s.id for s in cluster(arts, OPTIONS) for a in s.article_ids}
    assert all(home[f"c{k}"] == home[f"c{k + 1}"] for k in range(0, len(arts), 2))
