"""The units of work both engines run: one shard through extract (and what dedup and clustering
need of each article, prepared where the article is), one story through analyze.

Plain functions over the data model, so the local engine calls them in this process and the Ray
engine calls the same ones on its workers.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from newsprism.distributed import tables
from newsprism.distributed.prepared import Prepared, prepare
from newsprism.extract import extract_all
from newsprism.fetch.document import Document
from newsprism.model import Article, Failure, Story, to_dict
from newsprism.settings import Options

Item = Article | Failure


@dataclass(frozen=True)
class Shard:
    """Up to ``runner.SHARD_DOCS`` documents of one input (or one Parquet file of articles)."""

    key: str
    source: str
    items: tuple[Document | Failure, ...] = ()
    parquet: bool = False


@dataclass
class ShardOut:
    """One shard done: its articles and failures as Arrow tables (the driver only writes them),
    the articles' prepared values, and the CPU seconds of each step where it ran."""

    articles: Any  # pyarrow.Table
    failures: Any  # pyarrow.Table
    prepared: Prepared
    cpu: dict[str, float] = field(default_factory=dict)


def extract_shard(items: Sequence[Document | Failure], options: Options, workers: int | None = None) -> list[Item]:
    """One shard through the extract stage (Failures from fetch pass through)."""
    return list(extract_all(items, options, workers=workers))


def finish_shard(items: Sequence[Item], cpu: dict[str, float] | None = None) -> ShardOut:
    """A shard's extracted items as the tables to write, with its articles prepared."""
    t0 = time.thread_time()
    articles = [x for x in items if isinstance(x, Article)]
    prepared = prepare(articles)
    t1 = time.thread_time()
    out = ShardOut(tables.to_table("articles", map(tables.article_row, articles)),
                   tables.to_table("failures", [tables.failure_row(x) for x in items if isinstance(x, Failure)]),
                   prepared, dict(cpu or {}))
    out.cpu["prepare"] = t1 - t0
    out.cpu["tables"] = time.thread_time() - t1
    return out


def extract_and_finish(items: Sequence[Document | Failure], options: Options, workers: int | None = None) -> ShardOut:
    """``extract_shard`` then ``finish_shard``: one shard's task, on whichever engine."""
    t0 = time.thread_time()
    extracted = extract_shard(items, options, workers)
    return finish_shard(extracted, {"extract": time.thread_time() - t0})


def prepare_table(articles: Any) -> Prepared:
    """``prepare`` over an Arrow table of articles (a part written by an earlier run, or an input)."""
    return prepare([tables.article_of(r) for r in articles.to_pylist()])


def analyze_story(story: Story, articles: Sequence[Article], options: Options) -> tuple[str | None, Failure | None]:
    """One story through the analyze stage: its analysis as JSON text, or the Failure."""
    from newsprism.analyze import analyze

    try:
        result = analyze(list(articles), options, story_id=story.id, copies=story.copies)
    except Exception as e:  # one story must not stop the run
        return None, Failure(story.id, f"analysis failed: {type(e).__name__}: {e}".splitlines()[0], "analyze")
    return json.dumps(to_dict(result)), None


def articles_or_failure(path: str) -> list[Item]:
    """The articles of one Parquet file, or one Failure saying why it cannot be read."""
    try:
        return list(tables.articles_in([path]))
    except Exception as e:  # a corrupt or foreign Parquet file is one failure, not a crash
        return [Failure(path, f"cannot read articles: {type(e).__name__}: {e}".splitlines()[0], "fetch")]
