"""Online clustering: the pure update over articles and stories, and the pipeline that runs it over a
store (incremental updates, consistency with batch, manual edits)."""

from __future__ import annotations

import json

import pytest

from newsprism.cluster import cluster, online
from newsprism.errors import NotFoundError, UsageError
from newsprism.model import Article
from newsprism.pipeline import build_stories, merge_stories, split_story
from newsprism.settings import Options
from newsprism.store import Store
from tests import DATA as SHARED

DATA = SHARED / "cluster"
ROWS = [json.loads(line) for line in (DATA / "corpus.jsonl").read_text().splitlines()]
OPTIONS = Options()


def article(row: dict) -> Article:
    return Article(id=row["id"], source=row["id"], url=row["url"], outlet=row["outlet"], title=row["title"],
                   published=row["published"], text=row["text"])


ARTICLES = {r["id"]: article(r) for r in ROWS}


def stored_partition(store: Store) -> set[frozenset[str]]:
    return {frozenset(s.article_ids) for s in store.stories()}


def add(store: Store, ids: list[str]) -> None:
    for i in ids:
        store.add_article(ARTICLES[i])


def test_first_update_is_batch_and_incremental_updates_match_batch(store: Store) -> None:
    batches = [["s1a", "s2a", "s5a"], ["s1b", "s2b", "s3a", "s4a"], ["s5b", "s1c", "s2c", "s3b", "s4b", "s5c"],
               ["s3c", "s4c"], ["s6a", "s6b"]]
    first = build_stories(store, OPTIONS)
    assert first == []  # nothing to do
    for ids in batches:
        add(store, ids)
        touched = build_stories(store, OPTIONS)
        assert set(ids) <= {a for s in touched for a in s.article_ids}
        assert store.unassigned_articles() == []
    batch = cluster(list(ARTICLES.values()), OPTIONS)
    assert stored_partition(store) == {frozenset(s.article_ids) for s in batch}
    assert {s.id for s in store.stories()} == {s.id for s in batch}


def test_update_touches_only_the_stories_that_change(store: Store) -> None:
    add(store, [i for i in ARTICLES if i not in {"s6b", "s3c"}])
    build_stories(store, OPTIONS)
    before = {s.id: s for s in store.stories()}
    add(store, ["s6b"])
    touched = build_stories(store, OPTIONS)
    assert [set(s.article_ids) for s in touched] == [{"s6a", "s6b"}]
    after = {s.id: s for s in store.stories()}
    assert {k: v for k, v in after.items() if k not in {t.id for t in touched}} == {
        k: v for k, v in before.items() if "s6a" not in v.article_ids}


def test_new_copy_joins_the_story_of_its_original(store: Store) -> None:
    add(store, list(ARTICLES))
    build_stories(store, OPTIONS)
    copy = Article(id="copy", source="copy", url=None, outlet="Lind Echo", title="Quite another headline",
                   published="2025-03-06", text=ARTICLES["s4a"].text + " Reporting by the Lind Echo desk.")
    store.add_article(copy)
    [story] = build_stories(store, OPTIONS)
    assert {"s4a", "copy"} <= set(story.article_ids)
    assert [g.members for g in story.copies] == [("s4a", "copy")]


def test_merge_and_split_survive_a_recluster_and_later_updates(store: Store) -> None:
    add(store, [i for i in ARTICLES if i != "s1c"])
    build_stories(store, OPTIONS)
    library = store.story_of("s2a")
    chess = store.story_of("s5a")
    assert library and chess
    merged = merge_stories(store, [library, chess], OPTIONS)
    assert {"s2a", "s5a"} <= set(merged.article_ids)
    flood = store.story_of("s1a")
    assert flood
    rest, out = split_story(store, flood, ["s1b"], OPTIONS)
    assert out.article_ids == ("s1b",) and "s1a" in rest.article_ids

    def check() -> None:
        assert store.story_of("s2a") == store.story_of("s5b")
        assert store.story_of("s1a") != store.story_of("s1b")

    check()
    add(store, ["s1c"])  # close to both halves of the split story: it may not bridge them
    build_stories(store, OPTIONS)
    check()
    store.clear_stories()
    build_stories(store, OPTIONS)  # a full re-cluster replays the edits
    check()
    assert store.unassigned_articles() == []


def test_edits_reject_nonsense(store: Store) -> None:
    add(store, list(ARTICLES))
    build_stories(store, OPTIONS)
    flood = store.story_of("s1a")
    assert flood
    with pytest.raises(UsageError):
        merge_stories(store, [flood, flood], OPTIONS)
    with pytest.raises(UsageError):
        split_story(store, flood, ["s1a", "s1b", "s1c"], OPTIONS)
    with pytest.raises(UsageError):
        split_story(store, flood, ["s2a"], OPTIONS)
    with pytest.raises(NotFoundError):
        merge_stories(store, [flood, "no-such-story"], OPTIONS)
    assert store.edits() == []


def test_undated_article_is_placed_by_text_without_loading_every_story(store: Store) -> None:
    add(store, [i for i in ARTICLES if i != "s5b"])
    build_stories(store, OPTIONS)
    assert ARTICLES["s5b"].published is None
    store.add_article(ARTICLES["s5b"])
    loaded: list[str] = []
    read = store.articles

    def recording(ids=None):
        loaded.extend(ids or ["<all>"])
        return read(ids)

    store.articles = recording  # type: ignore[method-assign]
    [story] = build_stories(store, OPTIONS)
    assert set(story.article_ids) == {"s5a", "s5b", "s5c"}
    assert loaded and set(loaded) <= {"s5a", "s5c"}


def test_the_online_update_is_a_function_of_its_inputs() -> None:
    """No store: the stories active around the new articles and their articles in, changes out."""
    old = [ARTICLES[i] for i in ARTICLES if i not in {"s6b", "s3c"}]
    stories = online.first_stories(old, [], OPTIONS)
    new = [ARTICLES["s6b"]]
    active = online.active_stories(stories, new, OPTIONS.window_days)
    assert active and len(active) < len(stories)
    context = [a for a in old if any(a.id in s.article_ids for s in active)]
    changed = online.update_stories(new, active, context, [], OPTIONS)
    assert [set(s.article_ids) for s in changed] == [{"s6a", "s6b"}]
    assert online.update_stories([], active, context, [], OPTIONS) == []
