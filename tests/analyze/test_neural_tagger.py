"""The fine-tuned MiniLM loaded-wording tagger: windows and word probabilities (always), and fictional
sentences with planted loaded phrases (when the ``neural`` extra is installed)."""

from __future__ import annotations

import pytest

from newsprism.analyze import minilm
from newsprism.analyze import neural_tagger as nt
from newsprism.analyze.framing import find_framing, find_loaded
from newsprism.analyze.loaded_tagger import Word
from tests.analyze.helpers import article

neural = pytest.mark.skipif(not (minilm.available() and nt._weights_path().is_file()),
                            reason="the neural extra is not installed")


@pytest.fixture
def on(monkeypatch):
    """The suite runs with NEWSPRISM_NEURAL=0 (tests/conftest.py); these tests switch it on."""
    monkeypatch.setenv("NEWSPRISM_NEURAL", "1")

PLANTED = [
    ("Councillor Ilse Marrow slammed the scandal-plagued harbour authority of Lowmere on Monday.", "scandal-plagued"),
    ("The ferry board's so-called reform is a shameful betrayal of the islanders of Corran.", "shameful betrayal"),
    ("The regime in Velora unleashed its thugs on peaceful marchers in the old port.", "thugs"),
    # "bleeding ... dry" is not tagged: MiniLM gives it 0.45, the logistic regression 0.05, the mean is short
    ("Pellmar Lines, the debt-laden operator, has been bleeding the islanders dry for years.", "debt-laden"),
]

NEUTRAL = [
    "The council of Fictional City approved the harbour budget on Tuesday, a spokesperson said.",
    "Pellmar Lines will run two extra ferries between Corran and Lowmere from 4 June.",
    "The committee met for three hours and will publish its report next month.",
]


def test_windows_cover_every_piece_and_end_at_the_last():
    assert nt.windows(5, size=10, stride=8) == [(0, 5)]
    spans = nt.windows(30, size=10, stride=8)
    assert spans[0] == (0, 10) and spans[-1] == (20, 30)
    assert all(e - s == 10 for s, e in spans)
    covered = {k for s, e in spans for k in range(s, e)}
    assert covered == set(range(30))


def test_a_piece_takes_the_window_where_it_is_farthest_from_an_edge():
    spans = [(0, 10), (8, 18)]
    best = nt.best_window(18, spans)
    assert best[3] == 0 and best[8] == 0  # 8 is one from the first window's edge, on the second's
    assert best[9] == 1 and best[14] == 1  # 9 is on the first window's edge
    per_window = [[0.1] * 10, [0.9] * 10]
    probs = nt.assemble(18, spans, per_window)
    assert probs[:9] == [0.1] * 9 and probs[9:] == [0.9] * 9


def test_a_word_takes_its_highest_piece():
    words = [Word("debt-laden", 0, 10), Word("firm", 11, 15)]
    offsets = [(0, 4), (4, 5), (5, 10), (11, 15)]  # "debt" "-" "laden" "firm"
    assert nt.word_probs_from_pieces(words, offsets, [0.2, 0.1, 0.8, 0.3]) == [0.8, 0.3]


def test_combine_mean_and_content_words_only():
    words = [Word("the", 0, 3), Word("thugs", 4, 9)]
    mean = nt.Settings(0.5, 0, "mean", True)
    assert nt.combine(words, [0.9, 0.6], [0.1, 0.2], mean) == [0.0, pytest.approx(0.4)]
    alone = nt.Settings(0.5, 0, "neural", False)
    assert nt.combine(words, [0.9, 0.6], [0.1, 0.2], alone) == [0.9, 0.6]


def test_switched_off_by_the_environment(monkeypatch):
    monkeypatch.setenv("NEWSPRISM_NEURAL", "0")
    assert minilm.enabled() is False
    assert nt.available() is False
    assert nt.shipped() is None and nt.tag("The regime sent its thugs.", None) == []
    # the learned finder falls back to the logistic-regression tagger
    hits = find_loaded(article("a", PLANTED[2][0]), learned=True, scare_quotes=False)
    assert "thugs" in {h.text for h in hits}


@neural
@pytest.mark.parametrize(("text", "phrase"), PLANTED)
def test_planted_loaded_phrases_are_tagged(on, text, phrase):
    from newsprism.analyze.nlp import parse_one

    spans = nt.tag(text, parse_one(text))
    found = [text[s:e] for s, e, _ in spans]
    start = text.index(phrase)
    assert any(s < start + len(phrase) and start < e for s, e, _ in spans), found


@neural
def test_neutral_sentences_stay_clean(on):
    from newsprism.analyze.nlp import parse_one

    tagged = [(t, [t[s:e] for s, e, _ in nt.tag(t, parse_one(t))]) for t in NEUTRAL]
    assert sum(len(found) for _, found in tagged) <= 1, tagged


@neural
def test_the_analysis_uses_it_and_the_switch_turns_it_off(on, monkeypatch):
    from newsprism.analyze.nlp import parse_one

    text = "Lowmere's ferry operator, a bunch of greedy crooks, is fleecing the islanders again."
    a, doc = article("a", text), parse_one(text)
    tagged = {(s, e) for s, e, _ in nt.tag(text, doc)}
    hits, _ = find_framing([a], [doc], [])
    assert tagged and tagged <= {(h.start, h.end) for h in hits if h.kind == "loaded"}
    monkeypatch.setenv("NEWSPRISM_NEURAL", "0")
    off, _ = find_framing([a], [doc], [])
    assert {(h.start, h.end) for h in off if h.kind == "loaded"} == {(h.start, h.end) for h in find_loaded(a)}
