"""Claim alignment: paraphrases meet, different facts stay apart, copies count once, omissions."""

from __future__ import annotations

import pytest

from newsprism.analyze.claims import align_claims, split_sentences, voices
from newsprism.analyze.similarity import similarity, stem
from newsprism.model import Span
from newsprism.settings import Options
from tests.analyze.helpers import article, corran_copies, story_articles


def _claim_with(claims, fragment):
    found = [c for c in claims if any(fragment in s.text for s in c.support)]
    assert len(found) == 1, f"{fragment!r} is in {len(found)} claims"
    return found[0]


@pytest.fixture(scope="module")
def aligned():
    return align_claims(story_articles(), Options(), corran_copies())


def test_paraphrase_with_other_words_is_one_claim(aligned):
    claims, _ = aligned
    denial = _claim_with(claims, "denies the allegations")
    assert {s.article for s in denial.support} == {"tidewater", "brisk"}
    assert any("repeatedly rejected claims" in s.text for s in denial.support)


def test_reordered_sentence_joins_the_group(aligned):
    claims, _ = aligned
    walkout = _claim_with(claims, "All sailings between Corran")
    assert {"tidewater", "brisk", "corran"} <= {s.article for s in walkout.support}


def test_different_numbers_are_different_claims(aligned):
    claims, _ = aligned
    three = _claim_with(claims, "About 3,000 passengers")
    twelve = _claim_with(claims, "About 1,200 passengers")
    assert three.id != twelve.id


def test_copies_count_as_one_voice(aligned):
    claims, _ = aligned
    shelter = _claim_with(claims, "sports hall in Lowmere")
    assert {s.article for s in shelter.support} == {"corran", "corran-copy"}
    assert shelter.outlets == 1 and shelter.kind == "unique"
    walkout = _claim_with(claims, "All sailings between Corran")
    assert walkout.outlets == 3 and walkout.kind == "consensus"


def test_support_offsets_point_into_the_article(aligned):
    claims, _ = aligned
    texts = {a.id: a.text for a in story_articles()}
    for claim in claims:
        assert claim.text in {s.text for s in claim.support}
        for s in claim.support:
            assert texts[s.article][s.start : s.end] == s.text
        assert len({s.article for s in claim.support}) == len(claim.support)


def test_omissions_name_the_voice_that_leaves_a_consensus_claim_out(aligned):
    claims, omissions = aligned
    three = _claim_with(claims, "About 3,000 passengers")
    assert three.kind == "consensus"
    missing = {o.article for o in omissions if o.claim == three.id}
    assert missing == {"corran"}  # once for the copy group, not for its copy too
    assert all(o.claim in {c.id for c in claims if c.kind == "consensus"} for o in omissions)


def test_tiny_sentences_are_not_claims():
    a = article("a", "Updated. Share this. The council approved the new harbour budget on Tuesday evening.")
    b = article("b", "Updated. The council approved the new harbour budget on Tuesday evening, officials said.")
    claims, _ = align_claims([a, b], Options())
    assert all(len(c.text.split()) >= 5 for c in claims)
    assert len(claims) == 1 and claims[0].outlets == 2


def test_chaining_is_guarded():
    """A group must not swallow sentences that only match one member."""
    a = article("a", "The mayor of Corran opened the new library on Friday morning.")
    b = article("b", "The mayor of Corran opened the new library on Friday and then visited the harbour.")
    c = article("c", "On Friday the mayor visited the harbour to inspect storm damage to the ferry pier.")
    claims, _ = align_claims([a, b, c], Options())
    library = _claim_with(claims, "opened the new library on Friday morning")
    assert "c" not in {s.article for s in library.support}


def test_matcher_scores_paraphrase_above_unrelated():
    assert similarity("Pellmar Lines cancelled every sailing on Monday.",
                      "Every sailing was cancelled by Pellmar Lines on Monday.") > 0.5
    assert similarity("Pellmar Lines cancelled every sailing on Monday.",
                      "The guild secretary lives in a village near Lowmere.") < 0.5


def test_stemmer_meets_inflections():
    assert stem("rejected") == stem("rejects") == "reject"
    assert stem("cutting") == "cut"
    assert stem("allegations") == "allegation"


def test_split_sentences_and_voices():
    spans = split_sentences("First one here. Second one, \"quoted.\" Third!\nNew paragraph")
    assert len(spans) == 4
    arts = story_articles()
    assert voices(arts, corran_copies()) == [0, 1, 2, 2]
    assert align_claims([], Options()) == ([], [])


def _parsed_claims(texts: dict[str, str]):
    from newsprism.analyze.nlp import parse_many

    arts = [article(aid, text) for aid, text in texts.items()]
    docs = parse_many([a.text for a in arts])
    sentences = [[Span(s.start_char, s.end_char) for s in d.sents] for d in docs]
    return align_claims(arts, Options(), None, sentences, docs)[0]


RESIGNATION = {
    "a": "Harbour master Ilse Varga resigned on Monday after the ferry collision at Corran pier.",
    "b": "The council said Ilse Varga had not resigned, despite calls after the crash of a ferry into the Corran jetty.",
    "c": "Ilse Varga suspended 12 pilots after the ferry collision, the port office said.",
    "d": "The council said Varga had suspended 14 of the pilots following the crash at the jetty.",
    "e": "The council confirmed that Ilse Varga, who had run the port for six years, resigned following the crash "
         "of a ferry into the Corran jetty.",
}


def _together(claims, x: str, y: str) -> bool:
    return any({x, y} <= {s.article for s in c.support} for c in claims)


def test_two_outlets_own_wordings_of_one_event_are_one_claim():
    claims = _parsed_claims(RESIGNATION)
    assert _together(claims, "a", "e")


def test_same_actor_and_verb_with_a_negation_or_other_number_stay_apart():
    # a sentence may support several claims (the learned aligner), but never one with its denial
    # or with other figures for the same thing
    claims = _parsed_claims(RESIGNATION)
    assert not any(_together(claims, "b", x) for x in ("a", "e"))
    assert not _together(claims, "c", "d")


def test_each_claim_is_worded_by_a_sentence_no_earlier_claim_uses():
    from newsprism.analyze.claims import reword
    from newsprism.model import Claim, Support

    long = Support("a", "Etheridge is seen grabbing the man's wrist and neck after he asked about the agenda.", 0, 80, 0.9)
    wrist = Support("b", "He then grabs the man's wrist.", 0, 30, 0.9)
    neck = Support("c", "The congressman grabs him by the neck.", 0, 38, 0.9)
    claims = [Claim("1", long.text, (long, wrist), "consensus", 2),
              Claim("2", long.text, (long, neck), "consensus", 2),
              Claim("3", long.text, (long,), "unique", 1)]
    out = reword(claims)
    assert [c.text for c in out] == [long.text, neck.text]  # the third adds nothing a reader can see


def test_lower_case_pieces_join_the_sentence_they_were_cut_from():
    from newsprism.analyze.claims import join_fragments

    text = '"Who are you!" the seven-term congressman demands. He then grabs the wrist.\nthe end.'
    pieces = ['"Who are you!"', "the seven-term congressman demands.", "He then grabs the wrist.", "the end."]
    spans = [Span(text.index(p), text.index(p) + len(p)) for p in pieces]
    assert [text[s.start : s.end] for s in join_fragments(text, spans)] == [
        '"Who are you!" the seven-term congressman demands.', "He then grabs the wrist.", "the end."]


def test_a_piece_of_a_quotation_is_never_an_omission():
    from newsprism.analyze.claims import cut_quote, omissions
    from newsprism.model import Article, Claim, Support

    arts = [Article(id=k, source=k, url=None, outlet=None, title=None, text="x") for k in ("a", "b", "c")]
    piece = Claim("q", "“Whole streets have simply gone.", (Support("a", "", 0, 1, 1.0), Support("b", "", 0, 1, 1.0)),
                  "consensus", 2)
    whole = Claim("w", "The dam gave way at night.", (Support("a", "", 0, 1, 1.0), Support("b", "", 0, 1, 1.0)),
                  "consensus", 2)
    assert cut_quote(piece.text) and not cut_quote(whole.text) and not cut_quote("“Gone,” she said.")
    assert [o.claim for o in omissions([piece, whole], arts, [0, 1, 2])] == ["w"]


def test_within_a_kind_whole_sentences_come_before_pieces_of_quotations():
    from newsprism.analyze.claims import cut_quote

    quote = "“The piers are cracked in two places. We cannot wait for the spring,” Mayor Ona Brandt said."
    texts = {"a": f"{quote} The Korvel council closed the Marrow Street bridge to lorries on Tuesday.",
             "b": f"{quote} On Tuesday the Korvel council closed the Marrow Street bridge to lorries.",
             "c": f"{quote} The Marrow Street bridge was closed to lorries by the Korvel council on Tuesday."}
    claims, _ = align_claims([article(k, t, f"Outlet {k}") for k, t in texts.items()], Options())
    consensus = [c for c in claims if c.kind == "consensus"]
    assert [cut_quote(c.text) for c in consensus] == [False, True, True]
