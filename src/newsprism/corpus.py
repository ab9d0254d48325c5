"""``Corpus``: the Python face of a newsprism database."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from newsprism import pipeline
from newsprism.model import Analysis, Article, Story
from newsprism.settings import Options
from newsprism.store import Store


class Corpus:
    """A store of articles grouped into stories.

    >>> corpus = Corpus("news.db")
    >>> corpus.ingest(["saved-pages/"])
    >>> [corpus.analysis(s.id) for s in corpus.stories()]
    """

    def __init__(self, db: str | Path = "newsprism.db", options: Options | None = None) -> None:
        self.options = options or Options.from_env(db=str(db))
        self.store = Store(db)

    def ingest(self, inputs: Sequence[str]) -> pipeline.IngestReport:
        return pipeline.ingest_and_update(inputs, self.store, self.options).ingest

    def articles(self) -> list[Article]:
        return self.store.articles()

    def stories(self) -> list[Story]:
        return self.store.stories()

    def analysis(self, story_id: str) -> Analysis:
        return pipeline.story_analysis(self.store, story_id, self.options)
