"""Framing: loaded words, scare quotes, labels for the same actor, tone with negation."""

from __future__ import annotations

from newsprism.analyze.framing import find_framing, find_labels, find_loaded, loaded_lexicon, polarity
from newsprism.model import Entity, Mention
from tests.analyze.helpers import article


def _texts(hits):
    return [h.text.lower() for h in hits]


def _words(hits):
    """The words inside the hits (the tagger joins neighbouring loaded words into one hit)."""
    return {w for h in hits for w in h.text.lower().split()}


def test_loaded_words_and_phrases_are_found_with_their_category():
    a = article("t", "The scandal-hit ferry firm slashed wages, and its so-called reforms drew fury from crews.")
    hits = find_loaded(a)
    assert {"scandal-hit", "slashed", "so-called", "fury"} <= set(_texts(hits))
    by_text = {h.text.lower(): h for h in hits}
    assert by_text["slashed"].note == "exaggeration"
    assert all(a.text[h.start : h.end] == h.text and h.kind == "loaded" for h in hits)


def test_neutral_sentence_has_no_loaded_hits():
    a = article("n", "The ferry company reduced wages by 4% on Monday, a spokesperson for the company said.")
    assert find_loaded(a) == []


def test_intensifier_and_scare_quotes_are_cues():
    a = article("c", 'The plan is utterly unworkable, and the company\'s "reforms" will not help.')
    notes = {h.text: h.note for h in find_loaded(a)}
    assert notes.get("utterly unworkable") == "intensifier"
    assert notes.get('"reforms"') == "scare quotes"


def test_words_inside_a_quote_are_the_speakers_not_the_outlets():
    text = 'Ilse Marrow said: "This is a disgraceful attack on working people." Talks resume Friday.'
    a = article("q", text)
    hits, _ = find_framing([a], [None], [])
    assert "disgraceful" not in _texts(hits)
    assert "disgraceful" in _words(find_loaded(a))  # without the quote guard it would be found


def test_a_short_quote_with_a_speaker_is_neither_loaded_nor_a_scare_quote():
    from newsprism.analyze.quotes import find_quotes

    text = ("In the harbour on Friday, Mayor Ona Brandt said she found the strike “disgraceful” and the "
            "union “reckless” as well. The company's “reforms” will not help.")
    a = article("s", text)
    quotes = find_quotes(a)
    assert {q.speaker for q in quotes if q.kind == "direct"} == {"Ona Brandt"}
    hits, _ = find_framing([a], [None], [], quotes)
    assert set(_texts(hits)) == {"“reforms”"}  # nobody is quoted as saying it: the outlet's scare quote
    assert "disgraceful" in _texts(find_framing([a], [None], [])[0])  # without the quotes


def test_a_prefix_entry_does_not_match_inside_a_name():
    hits = find_loaded(article("x", "The plan was axed on Friday, an aide to Axelrod said. Axed plans cost money. "
                                    "He called them Leftists."))
    # not "Axelrod"; a sentence's first word counts, and so does a capitalised inflection of an entry
    assert _texts(hits) == ["axed", "axed", "leftists"]
    assert find_loaded(article("y", "Berg dismissed strategist Lars Axelrod's comment on Sunday.")) == []


def test_a_name_in_quotation_marks_is_no_scare_quote():
    a = article("k", 'The money went to a charity called "Smiles for Kids" and a club "reforms" nobody.')
    assert _texts(find_loaded(a)) == ['"reforms"']
    a = article("t", 'He described the "Harbour Nights" tape as a joke and his "apology" as enough.')
    assert _texts(find_loaded(a)) == ['"apology"']


def test_a_loaded_word_in_scare_quotes_is_one_hit():
    hits = find_loaded(article("r", 'The board calls the vote "rigged" and the plan "reforms".'))
    assert _texts(hits) == ["rigged", '"reforms"']


def test_lexicon_is_large_enough():
    lex = loaded_lexicon()
    assert len(lex.exact) + len(lex.prefixes) >= 300


def test_different_labels_for_the_same_group_across_outlets():
    a = article("a", "Hundreds of protesters gathered outside the exhibition centre on Friday.")
    b = article("b", "Hundreds of rioters gathered outside the exhibition centre on Friday.")
    c = article("c", "Hundreds of protesters gathered outside the exhibition centre on Friday night.")
    hits = find_labels([a, b, c], [None, None, None], [])
    assert [(h.article, h.text) for h in hits] == [("b", "rioters")]
    assert "protester" in (hits[0].note or "")


def test_a_label_word_inside_a_name_is_no_label():
    a = article("a", "Ruiz told Fox Business Network that Senate Minority Leader Berg would resign.")
    b = article("b", "Ruiz said the firm would close. The chief of the union agreed.")
    assert find_labels([a, b], [None, None], []) == []
    c = article("c", "Business will close early, Ruiz said.")  # capitalised as a sentence's first word: counted
    assert {h.text for h in find_labels([b, c], [None, None], [])} == {"firm", "Business"}


def test_same_label_everywhere_is_no_finding():
    a = article("a", "The government announced the ferry subsidy.")
    b = article("b", "The government confirmed the ferry subsidy.")
    assert find_labels([a, b], [None, None], []) == []


def test_polarity_and_negation():
    assert polarity("The rescue was a success and crews praised the response.") > 0
    assert polarity("The company failed and faces a damaging inquiry.") < 0
    assert polarity("The company did not fail.") > 0


def test_tone_per_entity_and_article():
    a = article("a", "Pellmar Lines praised its crews. Pellmar Lines welcomed the deal.")
    b = article("b", "Pellmar Lines was blamed for the chaos. Critics condemned Pellmar Lines.")
    mentions = (Mention("a", "Pellmar Lines", 0, 13), Mention("a", "Pellmar Lines", 33, 46),
                Mention("b", "Pellmar Lines", 0, 13), Mention("b", "Pellmar Lines", 57, 70))
    ent = Entity("e1", "Pellmar Lines", "org", articles=("a", "b"), mentions=mentions)
    _, tones = find_framing([a, b], [None, None], [ent])
    score = {t.article: t.score for t in tones if t.entity == "e1"}
    assert score["a"] > 0 > score["b"]


def test_compound_adjectives_and_epithets_are_loaded():
    a = article("e", "The debt-laden Corran council and its scandal-plagued, crisis-hit ferry board, led by an "
                     "embattled chair, answered to a so-called reform regime that called the pickets thugs; a "
                     "gaffe-ridden campaign and a mayor with a budget-slashing plan followed.")
    found = _words(find_loaded(a))
    assert {"debt-laden", "scandal-plagued", "crisis-hit", "embattled", "so-called", "regime", "thugs",
            "gaffe-ridden"} <= found


def test_compound_suffix_needs_a_first_half():
    # "-hit" alone, or "hit" as a verb, is not a compound epithet
    a = article("h", "The storm hit the harbour on Monday and the ferry was hit by a wave.")
    assert "hit" not in _texts(find_loaded(a))


def test_words_of_place_rank_or_number_are_no_labels_but_nouns_are():
    from newsprism.analyze.entities import resolve_entities
    from newsprism.analyze.nlp import parse_many

    arts = [article("a", "On Friday many Korvelians protested, and embattled mayor Lars Holm stayed away."),
            article("b", "On Friday other Korvelians protested, and union boss Lars Holm stayed away.")]
    docs = parse_many([a.text for a in arts])
    hits = find_labels(arts, docs, resolve_entities(arts, docs))
    assert "many" not in _texts(hits) and "other" not in _texts(hits)
    assert "embattled mayor" in _texts(hits)  # a noun that describes him differently: a label
