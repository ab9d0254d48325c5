"""Entity resolution across fictional articles: surnames, titles, misspellings, namesakes."""

from __future__ import annotations

import pytest

from newsprism.analyze.entities import resolve_entities
from newsprism.analyze.nlp import parse_many
from newsprism.model import Article

TEXTS = {
    "a": "Finance Minister Mara Lindqvist said the plan was sound. Lindqvist added that Ann Smith "
         "of the Harbor Bank agreed.",
    "b": "Ms. Lindquist told reporters in Velora that John Smith, the mayor, objected.",
    "c": "Lindqvist's budget was attacked by John Smith and by the European Commission.",
}


@pytest.fixture(scope="module")
def entities():
    articles = [Article(id=k, source=f"{k}.txt", url=None, outlet=None, title=None, text=v) for k, v in TEXTS.items()]
    return resolve_entities(articles, parse_many([a.text for a in articles]))


def named(entities, name):
    found = [e for e in entities if e.name == name]
    assert len(found) == 1, [e.name for e in entities]
    return found[0]


def test_surname_title_possessive_and_misspelling_resolve_to_the_full_name(entities):
    mara = named(entities, "Mara Lindqvist")
    assert mara.kind == "person"
    assert set(mara.articles) == {"a", "b", "c"}
    assert {"Mara Lindqvist", "Lindqvist", "Lindquist"} <= set(mara.aliases)
    assert not [e for e in entities if e.name in ("Lindqvist", "Lindquist")]


def test_namesakes_stay_apart(entities):
    ann, john = named(entities, "Ann Smith"), named(entities, "John Smith")
    assert ann.id != john.id
    assert ann.articles == ("a",) and set(john.articles) == {"b", "c"}


def test_mentions_point_into_the_articles(entities):
    for e in entities:
        for m in e.mentions:
            assert TEXTS[m.article][m.start:m.end] == m.text


def test_sorted_by_coverage_and_kinds(entities):
    assert entities[0].name == "Mara Lindqvist"
    keys = [(len(e.articles), len(e.mentions)) for e in entities]
    assert keys == sorted(keys, reverse=True)
    assert named(entities, "European Commission").kind == "org"
    assert named(entities, "Velora").kind == "place"


def test_ids_are_stable(entities):
    from newsprism.model import stable_id

    assert named(entities, "Mara Lindqvist").id == stable_id("person", "Mara Lindqvist")
