"""Very large articles: analysis is bounded (settings lowered here so the test runs in seconds).

An article above ``analysis_max_chars`` is cut at a paragraph break with a note; one above
``parse_chunk_chars`` is parsed in pieces joined into one Doc; the pair stages compare at most
``pair_max_sentences`` sentences per article, with a note. Every record keeps offsets into the
article. Speed and memory are measured in ``benchmarks/large_analysis.py``, not here.
"""

from __future__ import annotations

import random

import pytest

from newsprism.analyze import analyze
from newsprism.analyze.nlp import parse_many, pieces
from newsprism.settings import Options
from tests.analyze.helpers import article

PEOPLE = ("Ana Veltri", "Tomas Ridgel", "Marta Okonye", "Peter Halsund")
PLACES = ("Marrowby", "Ostrel", "Kesper Falls")


def _long_text(seed: int, paragraphs: int) -> str:
    rng = random.Random(seed)
    paras = []
    for _ in range(paragraphs):
        who, where, n = rng.choice(PEOPLE), rng.choice(PLACES), rng.randint(2, 900)
        paras.append(rng.choice((
            f"The flooding in {where} forced {n} families from their homes, officials said on Monday."
            f" “We are doing everything we can for {where},” {who} said.",
            f"{who}, who leads the Ostrel River Authority, said repairs would cost {n} million euros."
            " Volunteers arrived with food and blankets.",
            f"According to the authority, {n} workers were sent to {where} to inspect the damaged bridge."
            f" “It will take months before {where} is back to normal,” said {who}.",
        )))
    return "\n\n".join(paras)


@pytest.fixture(scope="module")
def large():
    arts = [article("ostrel", _long_text(1, 60), outlet="Ostrel Courier", language="en"),
            article("halvard", _long_text(2, 60), outlet="Halvard Post", language="en")]
    options = Options(analysis_max_chars=4_000, parse_chunk_chars=1_500, pair_max_sentences=12)
    return arts, analyze(arts, options)


def test_too_large_articles_are_cut_with_a_note(large):
    arts, an = large
    cut = [n for n in an.notes if "too large to analyse in full" in n]
    assert len(cut) == 2 and all("analysis_max_chars" in n for n in cut)
    assert any("pair_max_sentences" in n for n in an.notes)
    # the refs keep the whole article; nothing found lies beyond the analysed part
    assert [len(r.text) for r in an.articles] == [len(a.text) for a in arts]
    assert an.quotes and an.numbers and an.entities and an.claims
    assert max(q.end for q in an.quotes) <= 4_000 and max(n.end for n in an.numbers) <= 4_000


def test_records_point_at_the_right_text(large):
    arts, an = large
    text = {a.id: a.text for a in arts}
    for q in an.quotes:
        assert q.text in text[q.article][q.start:q.end] or text[q.article][q.start:q.end] in q.text
    for n in an.numbers:
        assert text[n.article][n.start:n.end] == n.text
    for e in an.entities:
        for m in e.mentions:
            assert text[m.article][m.start:m.end] == m.text
    for c in an.claims:
        for s in c.support:
            assert text[s.article][s.start:s.end] == s.text
    for f in an.framing:
        assert text[f.article][f.start:f.end] == f.text
    # claims compare only each article's first pair_max_sentences sentences
    assert all(s.end <= 2_000 for c in an.claims for s in c.support)


def test_chunked_parse_is_one_doc_with_the_article_offsets():
    text = _long_text(3, 30)
    spans = pieces(text, 700)
    assert "".join(text[a:b] for a, b in spans) == text
    assert all(text[a - 2:a] == "\n\n" for a, _ in spans[1:])  # cut at paragraph breaks
    whole, chunked = parse_many([text])[0], parse_many([text], 700)[0]
    assert chunked.text == text and len(chunked) == len(whole)
    assert [(s.start_char, s.end_char) for s in chunked.sents] == [(s.start_char, s.end_char) for s in whole.sents]
    assert [(e.start_char, e.end_char, e.label_) for e in chunked.ents] == \
        [(e.start_char, e.end_char, e.label_) for e in whole.ents]
    assert all(t.idx == u.idx and t.lemma_ == u.lemma_ for t, u in zip(chunked, whole, strict=True))


def test_a_piece_without_breaks_is_cut_at_its_size():
    assert pieces("x" * 2_500, 1_000) == [(0, 1_000), (1_000, 2_000), (2_000, 2_500)]
    assert pieces("short", 1_000) == [(0, 5)]
