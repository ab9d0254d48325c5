"""The units of work both engines run: one shard through extract, one story through analyze.

Plain functions over the data model, so the local engine calls them in this process and the Ray
engine calls the same ones on its workers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from newsprism.distributed import tables
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


def extract_shard(items: Sequence[Document | Failure], options: Options, workers: int | None = None) -> list[Item]:
    """One shard through the extract stage (Failures from fetch pass through)."""
    return list(extract_all(items, options, workers=workers))


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
