"""Quality floors on small data we wrote (tests/data/floors, tests/data/cluster): a change that
makes a stage worse fails here before any benchmark is run. Raise a floor when the stage improves;
the measured value is noted beside each one."""

from __future__ import annotations

from pathlib import Path

from newsprism.evaluate import eval_claims, eval_quotes, eval_stories
from newsprism.settings import Options

DATA = Path(__file__).parent / "data"


def test_story_grouping_floor() -> None:
    got = eval_stories(DATA / "cluster" / "corpus.jsonl", Options())
    assert got["F1"] >= 0.95, got  # measured 1.0 (17 articles, 6 stories, two of them undated)


def test_quote_and_speaker_floor() -> None:
    got = eval_quotes(DATA / "floors" / "quotes.jsonl")
    assert got["F1"] >= 0.95, got  # measured 1.0 (19 quotes in 8 articles)
    assert got["speaker_accuracy"] >= 0.9, got  # measured 1.0


def test_claim_matcher_floor() -> None:
    """Same-fact and different-fact sentence pairs (numbers, negation, other actors), scored as
    claim alignment scores them: with parses, at the default threshold."""
    got = eval_claims(DATA / "floors" / "pairs.jsonl", Options())
    assert got["accuracy"] >= 0.8, got  # measured 20 of 24 (0.8333)
