"""Batch story clustering on a small fictional corpus: partition, order-insensitivity, bad input."""

from __future__ import annotations

import json
import logging
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.cluster import cluster
from newsprism.dedup import group_copies
from newsprism.model import Article, Story, stable_id
from newsprism.settings import Options
from tests import DATA as SHARED

DATA = SHARED / "cluster"
ROWS = [json.loads(line) for line in (DATA / "corpus.jsonl").read_text().splitlines()]
WIRE = json.loads((DATA / "wire.json").read_text())
OPTIONS = Options()


def article(row: dict) -> Article:
    return Article(id=row["id"], source=row["id"], url=row["url"], outlet=row["outlet"], title=row["title"],
                   published=row["published"], text=row["text"])


ARTICLES = [article(r) for r in ROWS]
GOLD = {r["id"]: r["story"] for r in ROWS}


def partition(stories: list[Story]) -> set[frozenset[str]]:
    return {frozenset(s.article_ids) for s in stories}


def gold_partition() -> set[frozenset[str]]:
    by: dict[str, set[str]] = {}
    for i, s in GOLD.items():
        by.setdefault(s, set()).add(i)
    return {frozenset(v) for v in by.values()}


def test_corpus_clusters_into_its_stories() -> None:
    # includes two rulings of one court on one day (kept apart by their names) and the same dam
    # three weeks later (kept apart by the window); two chess reports have no date at all
    stories = cluster(ARTICLES, OPTIONS)
    assert partition(stories) == gold_partition()


def test_story_fields() -> None:
    stories = {s.article_ids[0]: s for s in cluster(ARTICLES, OPTIONS)}
    flood = stories["s1a"]
    assert flood.id == stable_id("story", "s1a")
    assert flood.title == "Velmora Dam opens gates as reservoir rises"
    assert (flood.first_seen, flood.last_seen) == ("2025-03-04T09:00:00+01:00", "2025-03-05")
    chess = next(s for s in stories.values() if "s5a" in s.article_ids)
    assert chess.article_ids[0] == "s5c"  # the dated report comes first and names the story
    assert chess.first_seen == chess.last_seen == "2025-03-05"


@settings(max_examples=15, deadline=None)
@given(st.permutations(ARTICLES))
def test_any_input_order_gives_the_same_stories(shuffled: list[Article]) -> None:
    expected = cluster(ARTICLES, OPTIONS)
    got = cluster(shuffled, OPTIONS, group_copies(shuffled, OPTIONS))
    assert sorted(got, key=lambda s: s.id) == sorted(expected, key=lambda s: s.id)


def test_copies_share_a_story_and_are_listed_on_it() -> None:
    extra = [
        Article(id="w1", source="w1", url=None, outlet="Meridian Wire", title="Dam release", text=WIRE["wire"],
                published="2025-03-04"),
        Article(id="w2", source="w2", url=None, outlet="Ostrel Courier", title="Sheep moved as water rises",
                text=WIRE["copy_added"], published="2025-03-04"),
        Article(id="w3", source="w3", url=None, outlet="Lind Echo", title="Floods", text=WIRE["copy_cut"],
                published="2025-03-05"),
    ]
    arts = ARTICLES + extra
    stories = cluster(arts, OPTIONS, group_copies(arts, OPTIONS))
    home = [s for s in stories if "w1" in s.article_ids]
    assert len(home) == 1 and {"w2", "w3"} <= set(home[0].article_ids)
    assert [g.members for g in home[0].copies] == [("w1", "w2", "w3")]
    assert {"s1a", "s1b"} <= set(home[0].article_ids)  # the wire story is the dam story
    assert all(not s.copies for s in stories if s is not home[0])


def test_bad_input_never_breaks_the_run(caplog: pytest.LogCaptureFixture) -> None:
    bad = [
        Article(id="", source="noid.txt", url=None, outlet=None, title=None, text="An article that came without an id."),
        Article(id="empty", source="e", url=None, outlet=None, title=None, text=""),
        Article(id="s1a", source="dup", url=None, outlet=None, title="Duplicate id", text="Entirely other text."),
        Article(id="old", source="o", url=None, outlet=None, title="Old", published="1900-01-01", text=WIRE["unrelated"]),
        Article(id="future", source="f", url=None, outlet=None, title="Future", published="2999-05-01",
                text=WIRE["unrelated"]),
    ]
    with caplog.at_level(logging.WARNING, logger="newsprism"):
        stories = cluster(ARTICLES + bad, OPTIONS)
    ids = [a for s in stories for a in s.article_ids]
    assert len(ids) == len(set(ids)) == len(ARTICLES) + 4  # the repeated id is skipped, the id-less one gets one
    assert "duplicate article id s1a" in caplog.text
    assert next(s for s in stories if "s1a" in s.article_ids).title != "Duplicate id"
    dated_nonsense = next(s for s in stories if "old" in s.article_ids)
    assert "future" in dated_nonsense.article_ids and "s2a" in dated_nonsense.article_ids  # text decides
    assert (dated_nonsense.first_seen, dated_nonsense.last_seen) == ("2025-03-04", "2025-03-05")
    assert cluster([], OPTIONS) == []


def test_a_ten_megabyte_article_costs_no_more_than_a_small_one() -> None:
    huge = Article(id="huge", source="huge.txt", url=None, outlet=None, title="Huge",
                   text=(WIRE["unrelated"] + "\n") * (10_000_000 // len(WIRE["unrelated"])))
    start = time.perf_counter()
    stories = cluster([*ARTICLES, huge], OPTIONS)
    assert time.perf_counter() - start < 3.0
    assert any("huge" in s.article_ids for s in stories)
