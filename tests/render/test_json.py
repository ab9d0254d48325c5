"""Analysis JSON round-trips through the versioned schema."""

from __future__ import annotations

import json

from newsprism.model import (
    Analysis,
    ArticleRef,
    Claim,
    NumberConflict,
    Quantity,
    Quote,
    SummarySentence,
    Support,
    to_dict,
)
from newsprism.render import analysis_from_dict, to_json, to_markdown


def sample() -> Analysis:
    q1 = Quantity("4,200 jobs", 4200, "count", "count", "a", 10, 20, "job")
    q2 = Quantity("4,000 jobs", 4000, "count", "count", "b", 5, 15, "job")
    return Analysis(
        story="s1",
        articles=(ArticleRef("a", "a.txt", "Harbor Ledger", "Velora cuts jobs", "2026-03-12", "text a"),
                  ArticleRef("b", "b.txt", "Valley Courier", "Velora", None, "text b")),
        claims=(Claim("c1", "Velora cut jobs.", (Support("a", "Velora cut jobs.", 0, 16),
                                                 Support("b", "Velora cut 4,000 jobs.", 0, 22)), "consensus", 2),),
        quotes=(Quote("q1", "We regret it", "Mara Lindqvist", "a", 30, 42, alterations=("cut",)),),
        numbers=(q1, q2),
        conflicts=(NumberConflict("job", "count", "count", (q1, q2)),),
        summary=(SummarySentence("Velora cut jobs.", ("a", "b")),),
    )


def test_round_trip():
    a = sample()
    assert analysis_from_dict(json.loads(to_json(a))) == a
    assert set(to_dict(a)) >= {"articles", "claims", "quotes", "numbers", "entities", "framing", "reuse",
                               "summary", "schema_version"}


def test_markdown_cites_sources():
    md = to_markdown(sample())
    assert "Velora cut jobs. [1][2]" in md
    assert "4,200 jobs [1]; 4,000 jobs [2]" in md
    assert "Harbor Ledger" in md


def test_markdown_framing_shows_scare_quotes_with_their_own_marks():
    from dataclasses import replace

    from newsprism.model import FramingHit

    hits = (FramingHit("“experts”", "a", 0, 9, "loaded", note="scare quotes"),
            FramingHit("slashed", "b", 0, 7, "loaded", note="verb"))
    md = to_markdown(replace(sample(), framing=hits))
    assert "- Harbor Ledger: “experts” (loaded, scare quotes)" in md
    assert "- Valley Courier: “slashed” (loaded)" in md
