"""The orchestrator: every section filled on a real story, notes (never a crash) on bad input."""

from __future__ import annotations

import pytest

from newsprism.analyze import __all__ as exported
from newsprism.analyze import analyze
from newsprism.extract.language import is_english
from newsprism.model import Analysis, stable_id, to_dict
from newsprism.settings import Options
from tests.analyze.helpers import article, corran_copies, story_articles


@pytest.fixture(scope="module")
def story_analysis():
    return analyze(story_articles(), Options(), copies=corran_copies())


def test_public_names():
    assert exported == ["analyze"]


def test_full_story_fills_the_sections(story_analysis):
    an = story_analysis
    assert isinstance(an, Analysis)
    assert an.story == stable_id("story", *sorted(a.id for a in story_articles()))
    assert [r.id for r in an.articles] == [a.id for a in story_articles()]
    assert an.claims and an.omissions and an.summary and an.entities and an.numbers
    assert an.copies == tuple(corran_copies())
    assert any(c.kind == "consensus" for c in an.claims)
    assert all(s.articles for s in an.summary)
    assert not [n for n in an.notes if "skipped" in n], an.notes
    assert to_dict(an)["summary"][0]["articles"]


def test_story_id_is_kept():
    an = analyze(story_articles()[:2], Options(), story_id="s-1")
    assert an.story == "s-1"


def test_no_articles():
    an = analyze([], Options())
    assert an.claims == () and an.notes


def test_one_article_is_noted_and_still_summarized():
    an = analyze(story_articles()[:1], Options())
    assert any("only one" in n for n in an.notes)
    assert all(c.kind == "unique" for c in an.claims)
    assert an.omissions == ()
    assert an.summary and all(s.articles == ("tidewater",) for s in an.summary)


def test_two_identical_articles_count_once():
    text = story_articles()[0].text
    an = analyze([article("x", text), article("y", text)], Options())
    assert any("same text" in n for n in an.notes)
    assert an.copies and set(an.copies[0].members) == {"x", "y"}
    assert all(c.outlets == 1 for c in an.claims)
    assert an.reuse == ()


def test_empty_and_sentence_less_articles():
    an = analyze([article("e", ""), article("w", "Ferries.")], Options())
    assert isinstance(an, Analysis)
    assert any("no text" in n for n in an.notes)
    assert an.claims == () or all(len(c.text.split()) >= 5 for c in an.claims)


def test_non_english_is_skipped_with_a_note():
    de = article("de", "Die Fähren zwischen Corran und Brisk fahren am Montag nicht, weil die Besatzungen streiken.")
    an = analyze([de, story_articles()[0]], Options())
    assert any("not in English" in n and "de" in n for n in an.notes)
    assert all(s.article != "de" for c in an.claims for s in c.support)
    assert [r.id for r in an.articles] == ["de", "tidewater"]


def test_language_detection():
    assert is_english(None, "The ferry strike was called off on Monday after talks.")
    assert not is_english(None, "Le ferry ne circule pas lundi car les équipages sont en grève.")
    assert not is_english("fr", "The strike.")


def test_no_quotes_is_fine():
    a = article("a", "Ferry crews walked out on Monday, halting sailings between Corran and Brisk.")
    b = article("b", "Sailings between Corran and Brisk were halted on Monday when ferry crews walked out.")
    an = analyze([a, b], Options())
    assert an.quotes == () and len(an.claims) == 1 and an.claims[0].outlets == 2
