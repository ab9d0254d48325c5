"""The paraphrase matcher: lexical features, and the optional spaCy-parse features."""

from __future__ import annotations

import numpy as np

from newsprism.analyze import similarity as sim
from newsprism.analyze.nlp import parse_many

SENTENCES = [
    "Velora Foods rejected the allegations on Tuesday, a spokesperson for the company said.",
    "On Tuesday a Velora Foods spokesperson said the company rejected the allegations.",
    "Heavy rain closed the Marrowby bridge for a third day as the river kept rising.",
]
PAIRS_I, PAIRS_J = np.array([0, 0]), np.array([1, 2])


def test_feature_tables_match_weights() -> None:
    assert len(sim.LEXICAL_WEIGHTS) == 1 + len(sim.FEATURES)
    assert len(sim.PARSED_WEIGHTS) == 1 + len(sim.FEATURES) + len(sim.PARSED_FEATURES)


def test_word_order_feature_sees_reordering() -> None:
    p = sim.prepare(["police arrested the mayor", "the mayor arrested police", "police arrested the mayor"])
    lcs = sim.pair_features(p, np.array([0, 0]), np.array([1, 2]))[:, sim.FEATURES.index("content_lcs")]
    assert lcs[0] < lcs[1] == 1.0


def test_lexical_matcher_ranks_paraphrase_first() -> None:
    scores = sim.score_pairs(sim.prepare(SENTENCES), PAIRS_I, PAIRS_J)
    assert scores[0] > 0.5 > scores[1]


def test_parsed_matcher_adds_features_and_ranks_paraphrase_first() -> None:
    p = sim.prepare(SENTENCES, parse_many(SENTENCES))
    feats = sim.pair_features(p, PAIRS_I, PAIRS_J)
    assert feats.shape == (2, len(sim.FEATURES) + len(sim.PARSED_FEATURES))
    lemma = feats[:, len(sim.FEATURES) + sim.PARSED_FEATURES.index("lemma_min")]
    assert lemma[0] > lemma[1]
    scores = sim.score_pairs(p, PAIRS_I, PAIRS_J)
    assert scores[0] > 0.5 > scores[1]


def test_spans_of_one_parse_work_as_docs() -> None:
    """Analysis passes spans of the article's single parse, not one Doc per sentence."""
    doc = parse_many([" ".join(SENTENCES)])[0]
    spans = [doc.char_span(doc.text.index(s), doc.text.index(s) + len(s)) for s in SENTENCES]
    scores = sim.score_pairs(sim.prepare(SENTENCES, spans), PAIRS_I, PAIRS_J)
    assert scores[0] > 0.5 > scores[1]


def _claim_score(a: str, b: str) -> float:
    return float(sim.claim_scores(sim.prepare([a, b]), np.array([0]), np.array([1]))[0])


def test_a_statement_and_its_denial_are_different_claims():
    assert _claim_score("Harbour master Ilse Varga resigned on Monday.",
                        "Harbour master Ilse Varga has not resigned on Monday.") < 0.5


def test_negations_worded_differently_do_not_split_one_claim():
    assert _claim_score("The board had failed to address the leak at the Corran pier.",
                        "The board had not addressed the leak at the Corran pier.") >= 0.5
    assert _claim_score("None of the wardens opposed the new tide tables at the Corran pier.",
                        "None of them opposed the new tide tables at the Corran pier.") >= 0.5


def test_spelled_out_and_digit_numbers_meet_and_differ():
    assert _claim_score("The ferry was stuck for six hours off Corran.",
                        "The ferry was stuck for 6 hours off Corran.") >= 0.5
    assert _claim_score("The ferry was stuck for six hours off Corran.",
                        "The ferry was stuck for seven hours off Corran.") < 0.5
