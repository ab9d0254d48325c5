"""The MiniLM cross-encoder (``xenc``): the switch, the per-story cache, the feature seam, the cascade
that reads only the aligner's likely pairs, and the aligner chosen by availability. The scorer on
our own pairs runs only where the ``neural`` extra is installed."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism.analyze import align, claims, minilm, xenc
from newsprism.analyze import similarity as sim
from newsprism.model import Span
from newsprism.settings import Options
from tests.analyze.helpers import article

PARAPHRASE = ("Police in Marrowby arrested four people on Tuesday, and two officers suffered minor injuries.",
              "Four men were arrested in Marrowby on Tuesday and two police officers were slightly hurt.")
OTHER_FACT = "The Marrowby council voted on Tuesday to close the old harbour bridge for repairs."
DENIAL = "Police in Marrowby said on Tuesday that nobody had been arrested and no officer was hurt."


class Stub:
    """Stands in for the model: word overlap as a probability; records what it is asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def probs(self, a: list[str], b: list[str]) -> np.ndarray:
        self.asked += list(zip(a, b, strict=True))
        return np.array([len(set(x.lower().split()) & set(y.lower().split())) / max(len(x.split()), 1)
                         for x, y in zip(a, b, strict=True)])


def test_off_by_default_on_by_the_switch_and_the_extra_is_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(xenc.ENABLE, raising=False)
    assert not xenc.available() and xenc.story_scores() is None
    monkeypatch.setenv(xenc.ENABLE, "0")
    assert not xenc.available() and xenc.story_scores() is None
    monkeypatch.setenv(xenc.ENABLE, "1")
    monkeypatch.setattr(minilm, "available", lambda: False)  # torch or the packaged base missing
    assert not xenc.available() and xenc.story_scores() is None
    monkeypatch.setattr(minilm, "available", lambda: True)
    assert xenc.available() == xenc.weights_path().is_file()


def test_the_shipped_factors_are_small_and_fp16() -> None:
    arrays, meta = xenc.read_weights()
    assert xenc.weights_path().stat().st_size <= 10 * 2**20
    targets = {k.rsplit(".", 1)[0].split(".", 3)[3] for k in arrays if ".lora_" in k}
    layers = {k.split(".")[2] for k in arrays if ".lora_" in k}
    assert targets == set(xenc.TARGETS) and layers == {str(n) for n in range(6)}
    assert meta["rank"] > 0 and meta["max_length"] >= 64 and "msr" not in str(arrays.keys()).lower()
    with xenc.weights_path().open("rb") as f, np.load(f) as z:
        assert all(z[k].dtype == np.float16 for k in z.files if k != "meta")


def test_scores_read_each_distinct_pair_once() -> None:
    stub = Stub()
    scores = xenc.Scores(stub)  # type: ignore[arg-type]
    a = scores([PARAPHRASE[0], PARAPHRASE[0]], [PARAPHRASE[1], PARAPHRASE[1]])
    b = scores([PARAPHRASE[0], PARAPHRASE[0]], [PARAPHRASE[1], OTHER_FACT])
    assert stub.asked == [PARAPHRASE, (PARAPHRASE[0], OTHER_FACT)]
    assert a[0] == a[1] == b[0] and len(scores([], [])) == 0


def test_a_pair_scorer_adds_its_probability_as_the_last_feature() -> None:
    texts = [*PARAPHRASE, OTHER_FACT]
    scores = xenc.Scores(Stub())  # type: ignore[arg-type]
    p = sim.prepare(texts, cross=scores)
    assert sim.feature_names(p) == sim.FEATURES + sim.CROSS_FEATURES
    x = sim.pair_features(p, np.array([0, 0]), np.array([1, 2]))
    assert np.allclose(x[:, -1], scores([texts[0], texts[0]], [texts[1], texts[2]]))
    assert sim.pair_features(p, np.array([], dtype=int), np.array([], dtype=int)).shape == (0, len(sim.feature_names(p)))
    assert sim.feature_names(sim.prepare(texts)) == sim.FEATURES  # none given: the lexical features


def test_the_xenc_matchers_trust_the_cross_encoder() -> None:
    matchers = sim.shipped_matchers()
    for kind in sim.CROSS_MATCHERS:
        assert matchers[kind].features[-1] == "xenc_prob" and matchers[kind].coef[-1] > 0
    p = sim.prepare(list(PARAPHRASE), cross=xenc.Scores(Stub()))  # type: ignore[arg-type]
    assert sim.matcher_for(p) is matchers["xenc_lexical"]


def test_the_cascade_reads_only_the_pairs_the_prefilter_picks() -> None:
    cascade = align.shipped_cascade()
    assert cascade is not None and cascade.model.coef[-1] > 0  # the cross-encoder's probability counts for
    rng = np.random.default_rng(0)
    x = np.tile(cascade.prefilter.mean, (6, 1)) + rng.normal(size=(6, len(align.FEATURES))) * cascade.prefilter.scale
    x[:, align.FEATURES.index("conflict")] = 0
    first, idx = align.picked(cascade.prefilter, x, cascade.floor, budget=2)
    assert len(idx) <= 2 and all(first[idx] >= cascade.floor)
    assert all(first[k] <= first[idx].min() for k in range(6) if k not in idx)  # the likeliest are read
    texts = [f"sentence number {k} about the harbour" for k in range(12)]
    i, j = np.arange(6), np.arange(6, 12)
    stub = Stub()
    small = align.Cascade(cascade.prefilter, cascade.model, cascade.floor, 2)
    out = align.cascade_scores(small, x, texts, i, j, xenc.Scores(stub))  # type: ignore[arg-type]
    assert stub.asked == [(texts[i[k]], texts[j[k]]) for k in sorted(idx, key=lambda k: -first[k])]
    rest = [k for k in range(6) if k not in idx]
    assert np.allclose(out[rest], first[rest])


def test_a_conflict_stays_capped_in_the_cascade() -> None:
    cascade = align.shipped_cascade()
    assert cascade is not None
    x = np.tile(cascade.prefilter.mean + 3 * cascade.prefilter.scale * np.sign(cascade.prefilter.coef), (1, 1))
    x[0, align.FEATURES.index("conflict")] = 1.0
    out = align.cascade_scores(cascade, x, ["a b c", "a b c"], np.array([0]), np.array([1]),
                               lambda a, b: np.ones(len(a)))
    assert out[0] <= align.CONFLICT_CAP


def _story() -> tuple[list, list, list]:
    from newsprism.analyze.nlp import parse_many

    arts = [article("a", PARAPHRASE[0] + " " + OTHER_FACT), article("b", PARAPHRASE[1] + " " + DENIAL)]
    docs = parse_many([a.text for a in arts])
    return arts, [[Span(s.start_char, s.end_char) for s in d.sents] for d in docs], docs


def test_the_aligner_is_chosen_by_availability(monkeypatch: pytest.MonkeyPatch) -> None:
    arts, sentences, docs = _story()
    stub = Stub()
    monkeypatch.setattr(xenc, "story_scores", lambda: xenc.Scores(stub))  # the extra "installed"
    used: list[object] = []
    real = align.score_matrix
    monkeypatch.setattr(align, "score_matrix", lambda model, *a: used.append(model) or real(model, *a))
    found, _ = claims.align_claims(arts, Options(), None, sentences, docs)
    assert isinstance(used[-1], align.Cascade) and stub.asked
    assert len(stub.asked) == len(set(stub.asked))  # each pair read once per story
    assert any({s.article for s in c.support} == {"a", "b"} for c in found)

    monkeypatch.setattr(xenc, "story_scores", lambda: None)  # not installed, or NEWSPRISM_NEURAL=0
    asked = len(stub.asked)
    claims.align_claims(arts, Options(), None, sentences, docs)
    assert isinstance(used[-1], align.Model) and len(stub.asked) == asked


def test_merging_factors_adds_the_scaled_product() -> None:
    torch = pytest.importorskip("torch")
    layer = torch.nn.Linear(4, 3)
    before = layer.weight.detach().clone()
    a = np.arange(8, dtype=np.float32).reshape(2, 4) / 10
    b = np.ones((3, 2), dtype=np.float32)
    xenc.merge(torch.nn.ModuleDict({"proj": layer}), {"proj.lora_A": a, "proj.lora_B": b}, 2.0)
    assert np.allclose(layer.weight.detach().numpy(), before.numpy() + 2.0 * b @ a)


@pytest.mark.skipif(not minilm.available(), reason="the neural extra is not installed")
def test_the_cross_encoder_tells_a_paraphrase_from_another_fact() -> None:
    probs = xenc.model(quantize=False).probs([PARAPHRASE[0], PARAPHRASE[0], PARAPHRASE[0]],
                                             [PARAPHRASE[1], OTHER_FACT, DENIAL])
    assert probs[0] >= 0.5 > probs[1]
    assert probs[0] > probs[2]


@pytest.mark.skipif(not minilm.available(), reason="the neural extra is not installed")
def test_with_the_extra_the_denial_never_aligns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(xenc.ENABLE, "1")
    arts, sentences, docs = _story()
    found, _ = claims.align_claims(arts, Options(), None, sentences, docs)
    pairs = [{s.text for s in c.support} for c in found if len(c.support) > 1]
    assert set(PARAPHRASE) in pairs
    assert not any(DENIAL in p and PARAPHRASE[0] in p for p in pairs)
