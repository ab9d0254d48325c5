"""The units of work both engines run: one shard through extract (and what dedup and clustering
need of each article, prepared where the article is), one story through analyze.

Plain functions over the data model, so the local engine calls them in this process and the Ray
engine calls the same ones on its workers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from newsprism.cluster.features import Terms, terms
from newsprism.dedup.fingerprint import Fingerprint, fingerprint
from newsprism.dedup.normalize import similarity_text
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


@dataclass
class Prepared:
    """What the copy and story stages need of each article, computed from that article alone:
    its dedup fingerprint and its clustering terms, by article id (with the article's source, so
    that of two articles with one id the runner keeps the prepared values of the one it keeps)."""

    fingerprints: dict[str, Fingerprint] = field(default_factory=dict)
    terms: dict[str, Terms] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def update(self, other: Prepared) -> None:
        for i, source in other.sources.items():
            if i in self.sources and self.sources[i] <= source:
                continue  # the runner keeps the article whose source sorts first
            self.sources[i] = source
            self.fingerprints[i] = other.fingerprints[i]
            self.terms[i] = other.terms[i]


@dataclass
class ShardOut:
    """One shard done: its articles and failures as Arrow tables (the driver only writes them),
    and the articles' prepared values."""

    articles: Any  # pyarrow.Table
    failures: Any  # pyarrow.Table
    prepared: Prepared


def extract_shard(items: Sequence[Document | Failure], options: Options, workers: int | None = None) -> list[Item]:
    """One shard through the extract stage (Failures from fetch pass through)."""
    return list(extract_all(items, options, workers=workers))


def prepare(articles: Sequence[Article]) -> Prepared:
    """``dedup.fingerprint`` and ``cluster.features.terms`` of each article."""
    out = Prepared()
    for a in articles:
        out.sources[a.id] = a.source
        out.fingerprints[a.id] = fingerprint(a)
        out.terms[a.id] = terms(similarity_text(a), a.title)
    return out


def finish_shard(items: Sequence[Item]) -> ShardOut:
    """A shard's extracted items as the tables to write, with its articles prepared."""
    articles = [x for x in items if isinstance(x, Article)]
    return ShardOut(tables.to_table("articles", map(tables.article_row, articles)),
                    tables.to_table("failures", [tables.failure_row(x) for x in items if isinstance(x, Failure)]),
                    prepare(articles))


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
