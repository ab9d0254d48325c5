"""The story view's building blocks: highlight segments, word diffs, labels."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsprism.model import ArticleRef
from newsprism.render.diff import word_diff
from newsprism.render.highlight import Mark, segments
from newsprism.render.view import article_labels


def test_segments_split_at_overlapping_marks() -> None:
    text = "Mayor said: we will rebuild."
    segs = segments(text, [Mark(0, 10, "c-1", "claim"), Mark(5, 27, "g-1", "quote"), Mark(40, 50, "x", "number")])
    assert [(s.text, s.keys) for s in segs] == [
        ("Mayor", ("c-1",)), (" said", ("c-1", "g-1")), (": we will rebuild", ("g-1",)), (".", ())]


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), max_size=8))
def test_segments_always_rebuild_the_text(text: str, spans: list[tuple[int, int]]) -> None:
    marks = [Mark(a, b, f"k{i}", "claim") for i, (a, b) in enumerate(spans)]
    segs = segments(text, marks)
    assert "".join(s.text for s in segs) == text
    for s in segs:
        for key in s.keys:
            a, b = spans[int(key[1:])]
            assert 0 <= a < b <= len(text)


def test_word_diff_shows_cut_and_reworded_words() -> None:
    parts = word_diff("We will not reopen the bridge until it is completely safe.", "We will not reopen it until it is safe!")
    assert [(p.op, p.text) for p in parts if p.op != "equal"] == [
        ("delete", "the bridge"), ("insert", "it"), ("delete", "completely")]


def test_labels_number_repeated_outlets() -> None:
    refs = tuple(ArticleRef(i, f"/x/{i}.html", o, None, None, "") for i, o in
                 [("a", "Gazette"), ("b", "Gazette"), ("c", None)])
    assert article_labels(refs) == {"a": "Gazette (1)", "b": "Gazette (2)", "c": "c.html"}
