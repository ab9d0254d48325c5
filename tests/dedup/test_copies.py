"""Copy groups: exact and lightly edited copies of one wire story, and what must not be grouped."""

from __future__ import annotations

import json
from pathlib import Path

from newsprism.dedup import group_copies
from newsprism.dedup.copies import shingles
from newsprism.dedup.normalize import day_of, outlet_of, words
from newsprism.model import Article
from newsprism.settings import Options

WIRE = json.loads((Path(__file__).parents[1] / "data" / "cluster" / "wire.json").read_text())
OPTIONS = Options()


def art(i: str, text: str, outlet: str | None = "Ostrel Courier", published: str | None = None,
        url: str | None = None, title: str | None = None) -> Article:
    return Article(id=i, source=f"{i}.txt", url=url, outlet=outlet, title=title or f"Title {i}",
                   published=published, text=text)


def test_wire_story_and_two_edited_copies_form_one_group() -> None:
    arts = [
        art("late-cut", WIRE["copy_cut"], outlet="Sarn Valley Post", published="2025-03-04T15:00:00+01:00",
            title="Dam release: villages warned"),
        art("wire", WIRE["wire"], outlet="Meridian Wire", published="2025-03-04T09:00:00+01:00"),
        art("other", WIRE["unrelated"], outlet="Halvard Times", published="2025-03-04"),
        art("added", WIRE["copy_added"], outlet="Ostrel Courier", published="2025-03-04T11:00:00+01:00"),
    ]
    groups = group_copies(arts, OPTIONS)
    assert len(groups) == 1
    g = groups[0]
    assert g.canonical == "wire"
    assert g.members == ("wire", "added", "late-cut")
    assert g.outlets == ("Meridian Wire", "Ostrel Courier", "Sarn Valley Post")
    assert 0.5 < g.similarity < 1.0


def test_exact_copies_ignore_spacing_case_and_typographic_quotes() -> None:
    text = WIRE["unrelated"]
    retyped = "  " + text.replace("'", "\u2019").upper().replace(" ", "   ") + "\n"
    groups = group_copies([art("a", text), art("b", retyped, outlet=None, url="https://www.kesper.example/x")],
                          OPTIONS)
    assert [(g.members, g.similarity) for g in groups] == [(("a", "b"), 1.0)]
    assert groups[0].outlets == ("Ostrel Courier", "kesper.example")


def test_canonical_is_earliest_dated_then_first_ingested() -> None:
    t = WIRE["wire"]
    undated = group_copies([art("u1", t), art("u2", t), art("d", t, published="2025-03-05")], OPTIONS)
    assert undated[0].members == ("d", "u1", "u2")
    first = group_copies([art("x2", t), art("x1", t)], OPTIONS)
    assert first[0].canonical == "x2"  # no dates at all: the first one ingested


def test_same_outlet_listed_once_and_short_or_empty_texts_never_grouped() -> None:
    t = WIRE["wire"]
    groups = group_copies([art("a", t), art("b", t), art("c", "Photo: AP"), art("d", "Photo: AP"),
                           art("e", ""), art("f", "")], OPTIONS)
    assert [g.members for g in groups] == [("a", "b")]
    assert groups[0].outlets == ("Ostrel Courier",)


def test_a_paragraph_quoted_in_a_longer_story_is_not_a_copy() -> None:
    first = WIRE["wire"].split("\n\n")[0]
    feature = WIRE["unrelated"] + "\n\n" + first + "\n\n" + WIRE["unrelated"].replace("Halvard", "Lind")
    assert group_copies([art("a", WIRE["wire"]), art("b", feature)], OPTIONS) == []


def test_helpers() -> None:
    assert day_of("1900-01-01") is None and day_of("2999-01-01") is None and day_of("garbage") is None
    assert day_of("2025-02-30") is None and day_of("2025-03-04T23:59:00-08:00") == day_of("2025-03-04")
    assert outlet_of(Article(id="a", source="s.txt", url=None, outlet=None, title=None)) == "s.txt"
    assert words("It’s the “ﬁnal” RELEASE") == ["it", "s", "the", "final", "release"]
    sh = shingles(words(WIRE["wire"]))
    assert sh.size > 50 and (sh == shingles(words(WIRE["wire"]))).all()
    assert shingles(words("too short")).size == 0
