"""The learned same-fact aligner: shipped weights, hard caps, and grouping that carries every pair."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from newsprism.analyze import align
from newsprism.analyze.claims import align_claims
from newsprism.model import Span
from newsprism.settings import Options
from tests.analyze.helpers import article


@dataclass(frozen=True)
class _Cand:
    article: int


def test_shipped_model_matches_the_feature_table():
    model = align.shipped_model()
    assert model is not None
    assert model.features == align.FEATURES
    assert len(model.coef) == len(model.mean) == len(model.scale) == len(align.FEATURES)
    assert model.threshold == 0.5


def test_conflicting_pairs_are_capped_below_the_threshold():
    model = align.shipped_model()
    assert model is not None
    x = np.tile(model.mean + 3 * model.scale * np.sign(model.coef), (2, 1))  # a pair the model calls "same"
    x[1, align.FEATURES.index("conflict")] = 1.0
    scores = align.decide(model, x)
    assert scores[0] > 0.5 >= align.CONFLICT_CAP >= scores[1]


def test_a_long_sentence_supports_two_claims_one_sentence_per_article():
    # article 0 sentence 0 restates both article-1 sentences (1 and 2); article 2 sentence 3 restates 1
    cands = [_Cand(0), _Cand(1), _Cand(1), _Cand(2)]
    scores = np.zeros((4, 4))
    for a, b, s in ((0, 1, 0.9), (0, 2, 0.8), (1, 3, 0.85), (0, 3, 0.7)):
        scores[a, b] = scores[b, a] = s
    groups = align.group_facts([[0, 1, 3], [2]], cands, scores, 0.5)
    assert [0, 1, 3] in groups and [0, 2] in groups
    for g in groups:
        assert len({cands[m].article for m in g}) == len(g)


def test_a_sentence_that_joins_a_claim_is_not_also_a_claim_of_its_own():
    # "Only X reports" a sentence that two other outlets restate would be false
    cands = [_Cand(0), _Cand(1), _Cand(2)]
    scores = np.zeros((3, 3))
    scores[0, 1] = scores[1, 0] = 0.9
    assert sorted(align.group_facts([[0], [1], [2]], cands, scores, 0.5)) == [[0, 1], [2]]


def test_grouping_never_joins_a_conflicting_sentence():
    cands = [_Cand(0), _Cand(1), _Cand(2)]
    scores = np.array([[0, 0.9, 0.9], [0.9, 0, 0.9], [0.9, 0.9, 0]])
    apart = np.zeros((3, 3), dtype=bool)
    apart[1, 2] = apart[2, 1] = True
    groups = align.group_facts([[0], [1], [2]], cands, scores, 0.5, apart)
    assert not any({1, 2} <= set(g) for g in groups)
    assert any({0, 1} <= set(g) for g in groups) and any({0, 2} <= set(g) for g in groups)


@pytest.mark.slow
def test_own_wordings_of_arrests_align_and_are_not_left_out():
    """The issue's sample-corpus case: one outlet's sentence in other words is not an omission."""
    from newsprism.analyze.nlp import parse_many

    texts = {
        "a": "Four thugs were arrested and two officers were hurt as the march turned violent. "
             "The mayor will speak on Friday about the cost of the clean-up.",
        "b": "Police arrested four people, and two officers suffered minor injuries during the protest. "
             "Shops along the route were closed for the afternoon.",
        "c": "Four people were arrested after clashes in which two officers were injured. "
             "Organisers said the march had been peaceful until the evening.",
    }
    arts = [article(k, v) for k, v in texts.items()]
    docs = parse_many([a.text for a in arts])
    sentences = [[Span(s.start_char, s.end_char) for s in d.sents] for d in docs]
    claims, omissions = align_claims(arts, Options(), None, sentences, docs)
    arrests = [c for c in claims if any("arrested" in s.text for s in c.support)]
    assert any({s.article for s in c.support} == {"a", "b", "c"} for c in arrests)
    assert not [o for o in omissions if "arrested" in o.text]


def _spans(*texts: str):
    from newsprism.analyze.nlp import parse_many

    return [d[:] for d in parse_many(list(texts))]


@pytest.mark.slow
def test_content_view_leaves_out_the_attribution_not_the_fact():
    said, told, according, denied, pronoun = _spans(
        "About 6,500 residents were evacuated and more than 1,100 homes were flooded, said Idris Kellaway, "
        "commander of the Tarn Valley Fire and Rescue Service.",
        "Evacuations will continue through the night, officials told reporters on Tuesday.",
        "The company announced 4,000 job cuts on Tuesday, according to a spokesman.",
        "The company did not say whether it would close the plant.",
        "Trump said Wednesday he is suing Facebook, Twitter and Google.",
    )
    assert align.content_view(said).text == ("About 6,500 residents were evacuated and more than 1,100 homes "
                                             "were flooded")
    assert align.content_view(told).text == "Evacuations will continue through the night"
    assert "spokesman" not in align.content_view(according).text
    assert "4,000 job cuts" in align.content_view(according).text
    assert not align.content_view(denied).stripped  # a negated speech verb is kept
    assert "Trump" in align.content_view(pronoun).text  # "he" is the speaker: the actor stays


@pytest.mark.slow
def test_a_shared_attribution_does_not_make_two_facts_one():
    from newsprism.analyze.nlp import parse_many

    texts = {
        "a": "About 6,500 residents were evacuated and more than 1,100 homes were flooded, said Idris Kellaway, "
             "commander of the Tarn Valley Fire and Rescue Service.",
        "b": "“We are still in a rescue phase, and we will not stop searching while there is any chance of finding "
             "people alive,” said Idris Kellaway, commander of the Tarn Valley Fire and Rescue Service.",
    }
    arts = [article(k, v) for k, v in texts.items()]
    docs = parse_many([a.text for a in arts])
    sentences = [[Span(s.start_char, s.end_char) for s in d.sents] for d in docs]
    claims, _ = align_claims(arts, Options(), None, sentences, docs)
    assert not any({"a", "b"} <= {s.article for s in c.support} for c in claims)


def test_a_pair_claim_sharing_a_sentence_folds_into_the_bigger_claim():
    cands = [_Cand(0), _Cand(1), _Cand(2), _Cand(1)]
    groups = align.merge_shared([[0, 1], [0, 2], [3]], cands)
    assert sorted(groups) == [[0, 1, 2], [3]]
    # not when the union would give one article two sentences, or holds a conflict
    assert sorted(align.merge_shared([[0, 1], [0, 3]], cands)) == [[0, 1], [0, 3]]
    apart = np.zeros((4, 4), dtype=bool)
    apart[1, 2] = apart[2, 1] = True
    assert sorted(align.merge_shared([[0, 1], [0, 2]], cands, apart)) == [[0, 1], [0, 2]]
