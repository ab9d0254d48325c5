"""The learned loaded-wording tagger: shipped weights, fictional sentences it must and must not flag."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from newsprism.analyze import loaded_tagger as lt
from newsprism.analyze.framing import find_loaded
from newsprism.analyze.nlp import parse_one
from tests.analyze.helpers import article

LOADED = [
    ("The embattled mayor of Fictional City refused to resign.", "embattled"),
    ("The so-called reform plan of the Corran ferry board is a disaster for islanders.", "so-called"),
    ("Councillor Ilse Marrow slammed the scandal-plagued harbour authority on Monday.", "scandal-plagued"),
    ("The regime in Velora sent its thugs to break up the march.", "thugs"),
    ("Critics called the utterly absurd toll scheme a shameful betrayal of Lowmere's fishermen.", "shameful"),
    ("The ferry boss, a disgraced crony of the governor, pocketed a bonanza of handouts.", "crony"),
]

NEUTRAL = [
    "The council of Fictional City approved the harbour budget on Tuesday, a spokesperson said.",
    "Pellmar Lines will run two extra ferries between Corran and Lowmere from 4 June.",
    "The committee met for three hours and will publish its report next month.",
    "Ilse Marrow, 52, has chaired the Velora transport board since 2019.",
]


def test_shipped_weights_load():
    model = lt.shipped_model()
    assert model is not None
    assert 0.0 < model.threshold < 1.0
    assert len(model.weights) > 1000
    raw = json.loads(resources.files("newsprism.analyze").joinpath(lt.MODEL_PATH).read_text("utf-8"))
    assert raw["feature_version"] == lt.FEATURE_VERSION
    # the lexicon hit is learned as a strong sign of loaded wording
    assert model.weights["lex"] > 0


@pytest.mark.slow
@pytest.mark.parametrize(("text", "word"), LOADED)
def test_loaded_words_in_fictional_sentences_are_tagged(text, word):
    spans = lt.tag(text, parse_one(text))
    tagged = [text[s:e].lower() for s, e, _ in spans]
    assert any(word in t for t in tagged), tagged
    hits = find_loaded(article("l", text), doc=parse_one(text), learned=True)
    assert any(word in h.text.lower() and h.kind == "loaded" for h in hits)


@pytest.mark.slow
@pytest.mark.parametrize("text", NEUTRAL)
def test_neutral_fictional_sentences_are_not_tagged(text):
    assert lt.tag(text, parse_one(text)) == []
    assert find_loaded(article("n", text), learned=True) == []


def test_merge_joins_tagged_words_at_most_one_word_apart_within_a_sentence():
    text = "a brutal and savage raid. Cruel words"
    words = lt.words_of(text)
    probs = [0.1, 0.9, 0.2, 0.8, 0.1, 0.9, 0.1]
    spans = lt.merge(words, probs, 0.5, gap=1, text=text)
    assert [text[s:e] for s, e, _ in spans] == ["brutal and savage", "Cruel"]
    assert [text[s:e] for s, e, _ in lt.merge(words, probs, 0.5, gap=0, text=text)] == ["brutal", "savage", "Cruel"]


def test_features_carry_lexicon_hyphen_intensifier_and_quote_cues():
    text = 'An utterly debt-laden council, which a rival called "a disgrace to the city" in May.'
    words, feats = lt.features(text, None)
    by_word = {w.text: f for w, f in zip(words, feats, strict=True)}
    assert "lex=compound_epithets" in by_word["debt-laden"] and "hsuf=-laden" in by_word["debt-laden"]
    assert "after_intensifier" in by_word["debt-laden"]
    assert "quote=2" in by_word["disgrace"] and "quote=0" in by_word["council"]


def test_a_model_that_finds_nothing_loaded_tags_nothing():
    empty = lt.TaggerModel({}, -5.0, 0.5)
    assert lt.tag("The embattled mayor.", None, empty) == []
