"""The cited summary: consensus first, neutral wording, valid citations, differences."""

from __future__ import annotations

import numpy as np

from newsprism.analyze import similarity
from newsprism.analyze.claims import align_claims
from newsprism.analyze.framing import find_loaded
from newsprism.analyze.summary import summarize
from newsprism.model import Claim, FramingHit, NumberConflict, Quantity, Support
from newsprism.settings import Options
from tests.analyze.helpers import corran_copies, story_articles


def _story():
    arts = story_articles()
    claims, _ = align_claims(arts, Options(), corran_copies())
    return arts, claims


def test_every_summary_sentence_cites_articles_that_support_it():
    arts, claims = _story()
    texts = {a.id: a.text for a in arts}
    summary = summarize(claims, arts, options=Options(summary_sentences=4))
    consensus = [s for s in summary if s.kind == "consensus"]
    assert 1 <= len(consensus) <= 4
    for s in consensus:
        assert s.articles
        for aid in s.articles:  # each cited article has a sentence the matcher aligns with it
            sents = [texts[aid][sp.start : sp.end] for c in claims for sp in c.support if sp.article == aid]
            p = similarity.prepare([s.text] + sents)
            scores = similarity.claim_scores(p, np.zeros(len(sents), int), np.arange(1, len(sents) + 1))
            assert scores.max() >= Options().claim_threshold or s.text in sents


def test_consensus_comes_first_and_in_article_order():
    arts, claims = _story()
    summary = summarize(claims, arts, options=Options(summary_sentences=3))
    kinds = [s.kind for s in summary]
    assert kinds == sorted(kinds, key=lambda k: k != "consensus")
    first = summary[0]
    assert "walked out" in first.text or "sailings" in first.text
    assert len(first.articles) == 4  # the copy is cited too: it carries the sentence


def test_neutral_wording_is_preferred():
    s1 = Support("a", "The scandal-hit operator slashed every sailing on Monday.", 0, 56, 0.9)
    s2 = Support("b", "The operator cancelled every sailing on Monday, it said.", 0, 56, 0.8)
    claim = Claim("c1", s1.text, (s1, s2), "consensus", 2)
    from newsprism.model import Article

    a = Article("a", "a", None, "A", None, text=s1.text)
    b = Article("b", "b", None, "B", None, text=s2.text)
    hits: list[FramingHit] = find_loaded(a)
    out = summarize([claim], [a, b], [], hits, Options())
    assert out[0].text == s2.text and set(out[0].articles) == {"a", "b"}


def test_number_conflict_becomes_a_difference_sentence():
    arts, claims = _story()
    q = [Quantity("3,000", 3000, "", "count", "tidewater", 0, 5, "passengers"),
         Quantity("3,000", 3000, "", "count", "brisk", 0, 5, "passengers"),
         Quantity("1,200", 1200, "", "count", "corran", 0, 5, "passengers")]
    conflict = NumberConflict("passengers", "count", "", tuple(q))
    diff = [s for s in summarize(claims, arts, [conflict], [], Options()) if s.kind == "difference"]
    assert diff[0].text == "Passengers: Tidewater Gazette and Brisk Herald report 3,000; Corran Courier reports 1,200."
    assert set(diff[0].articles) == {"tidewater", "brisk", "corran"}


def test_no_claims_no_summary():
    assert summarize([], [], [], [], Options()) == []


def test_standalone_rejects_fragments_and_cut_off_text():
    from newsprism.analyze.summary import standalone

    assert standalone("The Korvel dam held overnight after three days of heavy rain.")
    assert not standalone("She said the dam held.")
    assert not standalone("The inquiry into the Korvel dam is also...")
    assert not standalone("The inquiry into the Korvel dam is also…")
    assert not standalone("“The structure is sound.”")
