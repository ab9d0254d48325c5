"""Reuse: shared passages outside quotes, shared misspellings, direction, copy groups once."""

from __future__ import annotations

from newsprism.analyze.reuse import find_reuse, shared_runs
from newsprism.model import CopyGroup, Entity, Mention, Quote
from tests.analyze.helpers import article

PASSAGE = ("The ferry operator said the Corran terminal would stay closed until engineers had checked "
           "every mooring line on the damaged pier.")


def test_shared_passage_goes_from_earlier_to_later_article():
    early = article("early", "Storm hits Corran. " + PASSAGE + " Crews were sent home.", published="2026-09-01")
    late = article("late", "Ferries idle at Corran. " + PASSAGE + " Passengers waited.", published="2026-09-02")
    other = article("other", "Ferries idle at Corran as a storm passes, and passengers wait for news.", published="2026-09-02")
    found = find_reuse([late, other, early], [], [])
    assert len(found) == 1
    r = found[0]
    assert (r.source, r.target, r.direction) == ("early", "late", "source->target")
    assert len(r.passages) == 1 and PASSAGE[:-1] in r.passages[0].text
    assert late.text[r.passages[0].start : r.passages[0].end] == r.passages[0].text
    assert r.score > 0


def test_the_same_quote_is_not_reuse():
    quote = "We will not sail until every mooring line on the damaged pier has been checked"
    a = article("a", f'Ilse Marrow said: "{quote}." Talks went on.', published="2026-09-01")
    b = article("b", f'"{quote}," Ilse Marrow told reporters on the quay.', published="2026-09-02")
    qa = a.text.index(quote)
    qb = b.text.index(quote)
    quotes = [Quote("q1", quote, "Ilse Marrow", "a", qa, qa + len(quote)),
              Quote("q2", quote, "Ilse Marrow", "b", qb, qb + len(quote))]
    assert find_reuse([a, b], quotes, []) == []
    assert find_reuse([a, b], [], [])  # without the quotes, the run would count


def test_shared_misspelling_links_two_articles():
    names = {"a": "Marrow", "b": "Marow", "c": "Marow", "d": "Marrow", "e": "Marrow"}
    endings = {"a": "spoke to crews at the harbour.", "b": "met the ferry company on Monday.",
               "c": "called for talks with the operator.", "d": "addressed a rally in Lowmere.",
               "e": "declined to comment further."}
    arts = [article(k, f"Guild secretary Ilse {v} {endings[k]}", published=f"2026-09-0{i + 1}")
            for i, (k, v) in enumerate(names.items())]
    mentions = tuple(Mention(a.id, f"Ilse {names[a.id]}", 16, 16 + len(f"Ilse {names[a.id]}")) for a in arts)
    ent = Entity("ilse", "Ilse Marrow", "person", ("Ilse Marow",), tuple(names), mentions)
    found = find_reuse(arts, [], [ent])
    assert len(found) == 1
    r = found[0]
    assert (r.source, r.target) == ("b", "c")
    assert any("Marow" in e for e in r.shared_errors)


def test_copy_group_is_reported_once():
    text = "Storm hits Corran. " + PASSAGE
    a = article("a", text, published="2026-09-01")
    b = article("b", text, published="2026-09-02")
    c = article("c", "Later: " + PASSAGE + " More soon.", published="2026-09-03")
    group = CopyGroup("a", ("a", "b"), ("A", "B"))
    found = find_reuse([a, b, c], [], [], [group])
    assert [(r.source, r.target) for r in found] == [("a", "c")]


def test_runs_shorter_than_eight_words_do_not_count():
    w = [(x, 0, 0) for x in ["one", "two", "three", "four", "five", "six", "seven"]]
    assert shared_runs(w, w) == []


# -- shared rare errors with no shared passage (issue 13) ---------------------------------------


def _pair_story():
    """Four fictional reports of one event: two spell the guild secretary right, the pair misspells
    her the same way (letters swapped) and shares one odd phrase and one typo; no passage is shared."""
    texts = {
        "tide": ("Guild secretary Ilse Marrow told dock workers on Monday that the strike would go on. "
                 "Marrow said the government had not answered the guild's letter."),
        "quay": ("Dock workers cheered when Ilse Marrow, the guild secretary, promised to keep the "
                 "picket lines at the harbour through the week."),
        "gull": ("Ilse Marorw, who leads the dockers' guild, vowed the walkout would continue until the "
                 "goverment moved, calling the offer a thin gruel of promises."),
        "reed": ("The goverment offer was a thin gruel of promises, said Ilse Marorw, head of the guild, "
                 "as pickets stayed out for a fifth day."),
    }
    dates = {"tide": "2026-09-01T08:00", "quay": "2026-09-01T09:00", "gull": "2026-09-01T10:00",
             "reed": "2026-09-01T12:00"}
    return [article(k, v, published=dates[k]) for k, v in texts.items()]


def test_shared_misspelt_name_and_odd_phrase_link_the_pair_without_a_passage():
    from newsprism.analyze.entities import resolve_entities
    from newsprism.analyze.nlp import parse_many

    arts = _pair_story()
    entities = resolve_entities(arts, parse_many([a.text for a in arts]))
    found = find_reuse(arts, [], entities)
    assert [(r.source, r.target, r.direction) for r in found] == [("gull", "reed", "source->target")]
    r = found[0]
    assert not r.passages
    assert "spelling 'Marorw' (elsewhere 'Marrow')" in r.shared_errors
    assert "typo 'goverment' (elsewhere 'government')" in r.shared_errors
    assert any(e.startswith("phrase") and "gruel" in e for e in r.shared_errors)


def test_word_endings_are_not_typos():
    from newsprism.analyze.reuse import shared_typos

    texts = {k: [(w, 0, 0) for w in v.split()] for k, v in
             {"a": "they decided towards", "b": "they decided towards", "c": "she decides toward"}.items()}
    assert shared_typos(texts) == {}


def test_two_real_words_are_not_a_typo():
    from newsprism.analyze.reuse import shared_typos

    texts = {k: [(w, 0, 0) for w in v.split()] for k, v in
             {"a": "three experts indicted", "b": "three experts indicted", "c": "there exports indicated"}.items()}
    assert shared_typos(texts) == {}
    texts["a"].append(("goverment", 0, 0))
    texts["b"].append(("goverment", 0, 0))
    texts["c"].append(("government", 0, 0))
    assert shared_typos(texts) == {frozenset({"a", "b"}): ["typo 'goverment' (elsewhere 'government')"]}


def test_a_name_with_its_title_and_party_tag_is_no_odd_phrase():
    from newsprism.analyze.reuse import _words, shared_phrases

    texts = {"a": "Harbour Leader Tomas Vrelk (R-Ky.) said the pier stays open.",
             "b": "Harbour Leader Tomas Vrelk (R-Ky.) vowed to keep the pier open.",
             "c": "The pier will stay open, the harbour board said."}
    words = {k: _words(t) for k, t in texts.items()}
    assert shared_phrases(words)  # without the names, the name reads as an odd shared phrase
    assert shared_phrases(words, names=frozenset({"tomas", "vrelk"})) == {}
