"""Misspelt names join their person, and a quote's speaker resolves through the misspelling; namesakes
stay apart. The articles are ours (tests/analyze/data/names/misspellings.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.analyze import analyze
from newsprism.analyze.names import NameBook, clean_name, same_name_typo, typo_of
from newsprism.model import Article
from newsprism.settings import Options

DATA = Path(__file__).parent / "data" / "names" / "misspellings.json"


def load() -> list[Article]:
    rows = json.loads(DATA.read_text(encoding="utf-8"))["articles"]
    return [Article(id=r["id"], source=f"{r['id']}.txt", url=None, outlet=r["outlet"], title=None, text=r["text"],
                    published=r["published"]) for r in rows]


@pytest.fixture(scope="module")
def analysis():
    return analyze(load(), Options())


def person(analysis, name):
    found = [e for e in analysis.entities if e.name == name]
    assert len(found) == 1, sorted(e.name for e in analysis.entities if e.kind == "person")
    return found[0]


@pytest.mark.parametrize(("slip", "right"), [
    ("Zhuo", "Zhou"),  # letters swapped
    ("Brandvod", "Brandvold"),  # a letter dropped
    ("Martten", "Marten"),  # a letter doubled
    ("Okonkow", "Okonkwo"),  # swapped at the end
    ("Lindquist", "Lindqvist"),  # one letter changed in a long name
])
def test_one_slip_is_a_typo(slip, right):
    assert typo_of(slip, right) and typo_of(right, slip)


@pytest.mark.parametrize(("a", "b"), [("Yi", "Ye"), ("Mark", "Mary"), ("Qishan", "Yi"), ("Smith", "Smyth"),
                                      ("Bill", "Hillary")])
def test_different_words_are_not_typos(a, b):
    assert not typo_of(a, b)


def test_different_people_are_not_one_name():
    assert not same_name_typo("Wang Yi", "Wang Qishan")
    assert not same_name_typo("Bill Corran", "Hillary Corran")
    assert same_name_typo("Zhuo Weiming", "Zhou Weiming")


def test_namebook_resolves_a_misspelt_surname_and_full_name():
    book = NameBook()
    assert book.add_person("Kasimir Brandvold") == "Kasimir Brandvold"
    assert book.full_name("Brandvod") == "Kasimir Brandvold"
    assert book.add_person("Kasimir Brandvolld") == "Kasimir Brandvold"
    book.add_person("Bill Corran")
    assert book.add_person("Hillary Corran") == "Hillary Corran"


@pytest.mark.parametrize(("name", "alias", "articles"), [
    ("Zhou Weiming", "Zhuo Weiming", {"harbor-post", "velora-daily", "north-star"}),  # another outlet's spelling
    ("Kasimir Brandvold", "Brandvod", {"harbor-post", "velora-daily", "north-star"}),  # surname alone, dropped
    ("Ilsa Marten", "Ilsa Martten", {"harbor-post", "velora-daily", "north-star"}),  # doubled
    ("Tomas Okonkwo", "Okonkow", {"north-star"}),  # surname alone, swapped
])
def test_misspelling_is_an_alias_of_the_person(analysis, name, alias, articles):
    e = person(analysis, name)
    assert alias in e.aliases
    assert set(e.articles) == articles


def test_namesakes_do_not_merge(analysis):
    names = {e.name for e in analysis.entities if e.kind == "person"}
    assert {"Wang Yi", "Wang Qishan", "Bill Corran", "Hillary Corran"} <= names


def test_quote_speakers_resolve_through_the_misspelling(analysis):
    said = {q.text: q.speaker for q in analysis.quotes if q.kind == "direct"}
    assert said["No treaty will pass with dues like these"] == "Zhou Weiming"
    assert said["The ferries will come back when the price is right"] == "Kasimir Brandvold"
    assert said["We have heard promises before"] == "Tomas Okonkwo"


@pytest.mark.parametrize(("surface", "name"), [
    ("The Justice Department", "Justice Department"),  # "Justice" is a title only before a person
    ("the Attorney General’s Office", "Attorney General’s Office"),
    ("Justice Kennedy", "Kennedy"),
    ("President Ana Ruiz's", "Ana Ruiz"),
])
def test_clean_name_keeps_an_institution_whole(surface, name):
    assert clean_name(surface) == name


def test_a_title_case_headline_gives_no_full_name():
    from newsprism.analyze.names import build_namebook
    from newsprism.analyze.nlp import parse_one

    doc = parse_one("Mo Berg Harbour: Deval Holm Names Former Chief Of Staff To Replace John Marsh\n"
                    "KORVEL -- Korvel Mayor Deval Holm (D) on Wednesday appointed William Berg to the harbour seat.")
    assert "Mo Berg Harbour" in {e.text for e in doc.ents}  # the model runs the headline's words together
    assert build_namebook(doc).full_names == ["Deval Holm", "William Berg"]
