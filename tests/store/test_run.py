"""``RunStore``: a run's Parquet folder read in place answers as the database ``load`` makes of it."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsprism import pipeline
from newsprism.distributed import run, tables
from newsprism.errors import NotFoundError, UsageError
from newsprism.model import to_dict
from newsprism.settings import Options
from newsprism.store import Store
from newsprism.store.run import RunStore


@pytest.fixture(scope="module")
def pair(local_sample_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, RunStore]]:
    """The sample run loaded into a fresh database, and the same folder as a RunStore."""
    db = tmp_path_factory.mktemp("loaded") / "loaded.db"
    store = Store(db)
    pipeline.load_run(str(local_sample_run), store)
    yield store, RunStore(local_sample_run)
    store.close()


def test_the_same_stories_in_the_same_order(pair: tuple[Store, RunStore]) -> None:
    db, folder = pair
    assert len(db.stories()) == 4
    assert folder.stories() == db.stories()
    for s in db.stories():
        assert folder.story(s.id) == s
        assert folder.story(s.id[:6]) == s  # a unique prefix is enough, as in the database
        assert [a.id for a in folder.articles(s.article_ids)] == list(s.article_ids)
        assert folder.articles(s.article_ids) == db.articles(s.article_ids)
        assert all(folder.story_of(i) == s.id for i in s.article_ids)
    assert folder.articles() == db.articles()
    assert (folder.count_articles(), folder.outlets()) == (db.count_articles(), db.outlets())


@pytest.mark.parametrize("filters", [
    {}, {"query": "court"}, {"query": "the"}, {"query": "Velora 4,200"}, {"query": "zeppelin"}, {"query": "—"},
    {"query": '"AND (NEAR *'}, {"outlet": "Coastline Daily"}, {"outlet": "Nobody"}, {"since": "2024-03-10"},
    {"until": "2024-03-10"}, {"since": "2030-01-01"}, {"limit": 2, "offset": 1}, {"limit": 1, "offset": 3},
])
def test_the_same_story_pages_for_every_filter(pair: tuple[Store, RunStore], filters: dict) -> None:
    db, folder = pair
    assert folder.story_summaries(**filters) == db.story_summaries(**filters)


def test_search_finds_and_ranks_as_fts5(pair: tuple[Store, RunStore]) -> None:
    """Every word of the first sentences of each article, and a few phrases: the same ids in the same
    BM25 order as the database's FTS5 index."""
    db, folder = pair
    words = sorted({w for a in db.articles() for w in re.findall(r"\S+", a.text)[:40]})
    queries = [*words[::3], "the court", "police said", "U.S.", "said the", "café", "CAFE"]
    assert len(queries) > 100
    differ = [q for q in queries if folder.search(q, limit=10) != db.search(q, limit=10)]
    assert differ == []
    assert folder.search("the", limit=100) == db.search("the", limit=100) and len(db.search("the", 100)) > 10


def test_every_analysis_is_the_runs(pair: tuple[Store, RunStore], local_sample_run: Path, options: Options) -> None:
    db, folder = pair
    analyses = tables.read_analyses(local_sample_run)
    for s in db.stories():
        key = pipeline.analysis_key(s)
        assert folder.cached_analysis(s.id, key) == db.cached_analysis(s.id, key) == analyses[s.id]
        assert to_dict(pipeline.story_analysis(folder, s.id, options)) == json.loads(analyses[s.id])
    assert folder.cached_analysis("no-such-story", "k") is None


def test_unknown_ids_are_not_found(pair: tuple[Store, RunStore]) -> None:
    _, folder = pair
    with pytest.raises(NotFoundError):
        folder.story("zzzz")
    with pytest.raises(NotFoundError):
        folder.story("")  # a prefix of every story: not unique
    with pytest.raises(NotFoundError):
        folder.article("nope")
    assert folder.story_of("nope") is None and folder.articles(["nope"]) == []


def test_a_run_without_analyses_is_analysed_on_demand_in_memory(sample: str, tmp_path: Path,
                                                                 options: Options) -> None:
    """As ``show`` analyses a story of a loaded run without analyses: the same analysis, kept in
    memory instead of in the database."""
    out = tmp_path / "run"
    run([sample], out, options, analyses=False)
    before = sorted(p.name for p in out.rglob("*"))
    folder = RunStore(out)
    story = folder.stories()[0]
    assert folder.cached_analysis(story.id, pipeline.analysis_key(story)) is None
    first = pipeline.story_analysis(folder, story.id, options)
    assert pipeline.cached_story_analysis(folder, story.id) == first  # kept in memory
    db = Store(tmp_path / "loaded.db")
    pipeline.load_run(str(out), db)
    assert to_dict(first) == to_dict(pipeline.story_analysis(db, story.id, options))
    assert sorted(p.name for p in out.rglob("*")) == before  # nothing written into the run


def test_a_folder_that_is_not_a_finished_run_is_refused(local_sample_run: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such folder"):
        RunStore(tmp_path / "missing")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("hello")
    with pytest.raises(UsageError, match="not the output of a run"):
        RunStore(tmp_path / "other")
    killed = shutil.copytree(local_sample_run, tmp_path / "killed")
    (killed / "_SUCCESS").unlink()
    with pytest.raises(UsageError, match="did not finish"):
        RunStore(killed)
    with pytest.raises(UsageError, match="did not finish"):
        pipeline.load_run(str(killed), Store(tmp_path / "x.db"))  # load refuses it the same way


def test_a_run_with_missing_articles_is_refused(local_sample_run: Path, tmp_path: Path) -> None:
    gone = shutil.copytree(local_sample_run, tmp_path / "gone")
    for part in tables.parts(gone / "articles"):
        part.unlink()
    with pytest.raises(UsageError, match=r"incomplete run: 1 of its 1 shards"):
        RunStore(gone)
    cut = shutil.copytree(local_sample_run, tmp_path / "cut")
    (part,) = tables.parts(cut / "articles")
    tables.write_table(part, tables.read_table(part).slice(1))  # one article of a story lost
    with pytest.raises(UsageError, match="incomplete run: 1 articles of its stories are not in articles/"):
        RunStore(cut)


def test_the_run_folder_is_never_written(local_sample_run: Path, options: Options) -> None:
    stamp = {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in local_sample_run.rglob("*")}
    folder = RunStore(local_sample_run)
    s = folder.stories()[0]
    folder.put_analysis(s.id, "other-key", "{}")
    assert folder.cached_analysis(s.id, "other-key") == "{}"
    folder.search("court")
    folder.close()
    assert {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in local_sample_run.rglob("*")} == stamp


def test_of_two_articles_with_one_id_the_first_read_is_kept_as_load_keeps_it(tmp_path: Path,
                                                                             options: Options) -> None:
    from tests.distributed.conftest import synth_rows, write_jsonl

    rows = synth_rows(40)
    twin = rows[5] | {"text": rows[5]["text"] + " A sentence only the second copy has."}
    first = write_jsonl(tmp_path / "a.jsonl", rows[:30])
    second = write_jsonl(tmp_path / "b.jsonl", [twin, *rows[30:]])
    out = tmp_path / "run"
    run([first, second], out, options, analyses=False)
    assert sum(tables.read_table(p).num_rows for p in tables.parts(out / "articles")) == 41
    db = Store(tmp_path / "loaded.db")
    pipeline.load_run(str(out), db)
    folder = RunStore(out)
    assert folder.count_articles() == db.count_articles() == 40
    assert folder.articles() == db.articles()
    assert folder.article(rows[5]["id"]) == db.article(rows[5]["id"])
    assert folder.stories() == db.stories() and folder.story_summaries(limit=100) == db.story_summaries(limit=100)
    assert folder.outlets() == db.outlets()
    assert folder.search("the", limit=100) == db.search("the", limit=100)
