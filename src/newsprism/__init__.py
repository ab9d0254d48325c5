"""newsprism: one story, many outlets — compare news coverage claim by claim.

    >>> from newsprism import compare
    >>> analysis, failures = compare(["a.html", "b.txt"])
"""

from __future__ import annotations

import logging
from typing import Any

from newsprism.errors import NewsprismError
from newsprism.model import Analysis, Article, Claim, Failure, Quote, Story, to_dict
from newsprism.settings import Options

__all__ = ["Analysis", "Article", "Claim", "Corpus", "NewsprismError", "Options", "Quote", "Story",
           "compare", "to_dict"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


def compare(inputs: list[str], options: Options | None = None) -> tuple[Analysis, list[Failure]]:
    """Analyze the inputs (paths, folders, URLs) as one story; returns (Analysis, failures)."""
    from newsprism import pipeline

    return pipeline.compare(inputs, options or Options.from_env())


def __getattr__(name: str) -> Any:
    if name == "Corpus":
        from newsprism.corpus import Corpus

        return Corpus
    raise AttributeError(name)
