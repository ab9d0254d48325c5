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


def test_shipped_matchers_load_and_match_the_feature_tables() -> None:
    matchers = sim.shipped_matchers()
    assert set(matchers) == set(sim.MATCHERS + sim.CROSS_MATCHERS)
    texts = SENTENCES
    docs = parse_many(texts)
    for p in (sim.prepare(texts), sim.prepare(texts, docs), sim.prepare(texts, ngrams=True),
              sim.prepare(texts, docs, ngrams=True)):
        model, names = sim.matcher_for(p), sim.feature_names(p)
        assert model.features == names
        assert len(model.coef) == len(model.mean) == len(model.scale) == len(names)
        assert np.all(model.scale > 0) and np.isfinite(model.coef).all()
        assert sim.pair_features(p, PAIRS_I, PAIRS_J).shape == (2, len(names))
    assert len(sim.feature_names(sim.prepare(texts, docs, ngrams=True))) == (
        len(sim.FEATURES) + len(sim.NGRAM_FEATURES) + len(sim.PARSED_FEATURES) + len(sim.DEPENDENCY_FEATURES))


def test_ngram_matchers_rank_paraphrase_first() -> None:
    docs = parse_many(SENTENCES)
    for p in (sim.prepare(SENTENCES, ngrams=True), sim.prepare(SENTENCES, docs, ngrams=True)):
        scores = sim.score_pairs(p, PAIRS_I, PAIRS_J)
        assert scores[0] > 0.5 > scores[1]


def test_analysis_does_not_compute_the_ngram_features() -> None:
    p = sim.prepare(SENTENCES)
    assert sim.feature_names(p) == sim.FEATURES
    assert not p.stem_grams and not p.char_grams and len(p.words) == 3


def _feature(p: sim.Prepared, name: str) -> np.ndarray:
    return sim.pair_features(p, np.array([0, 0]), np.array([1, 2]))[:, sim.feature_names(p).index(name)]


def test_a_shared_word_4gram_raises_the_4gram_overlap() -> None:
    # the same words, but only the first pair shares a run of four
    p = sim.prepare(["the harbour board closed the pier on monday",
                     "on monday the harbour board closed the pier",
                     "the pier closed on monday the board harbour"], ngrams=True)
    for name in ("word4_min", "word4_max", "stem4_min"):
        shared, scrambled = _feature(p, name)
        assert shared > scrambled == 0.0
    assert _feature(p, "word1_min")[0] == _feature(p, "word1_min")[1] == 1.0


def test_ngram_overlap_is_both_sides_shares() -> None:
    # 4-grams: 5 on the short side, 11 on the long one, 5 shared; ``_min`` divides by the smaller
    # count (5/5), ``_max`` by the larger (5/11)
    p = sim.prepare(["police closed the old bridge over the river",
                     "police closed the old bridge over the river after the storm hit the town",
                     "a storm hit the town"], ngrams=True)
    assert _feature(p, "word4_min")[0] == 1.0
    assert abs(_feature(p, "word4_max")[0] - 5 / 11) < 1e-9


def test_character_ngrams_meet_spelling_variants() -> None:
    p = sim.prepare(["Lindqvist resigned from the harbour board",
                     "Lindquist resigned from the harbor board",
                     "Okafor joined the river council"], ngrams=True)
    same, other = _feature(p, "char4_min")
    assert same > 0.5 > other


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


def test_dependency_overlap_sees_who_did_what() -> None:
    """Labelled dependencies tell "the mayor sacked the chief" from "the chief sacked the mayor";
    the unlabelled (head, word) pairs of the two are the same."""
    texts = ["The mayor sacked the police chief.", "On Monday the mayor sacked the police chief.",
             "The police chief sacked the mayor."]
    p = sim.prepare(texts, parse_many(texts), ngrams=True)
    dep, pair = _feature(p, "dep_min"), _feature(p, "dep_pair_min")
    assert dep[0] == 1.0 > dep[1]
    assert pair[1] == 1.0


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
