"""The rule-based sentence splitter: abbreviations, quotes, decimals, initials, paragraphs, offsets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsprism.extract.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


def test_abbreviations_do_not_split() -> None:
    text = "Mr. Okoro met Dr. Lind in the U.S. capital on Jan. 5. They spoke for an hour."
    assert texts(text) == ["Mr. Okoro met Dr. Lind in the U.S. capital on Jan. 5.", "They spoke for an hour."]


def test_quote_after_period_stays_with_its_sentence() -> None:
    text = 'He said: "We will rebuild." The council agreed.'
    assert texts(text) == ['He said: "We will rebuild."', "The council agreed."]
    curly = "“It is over.” She left."
    assert texts(curly) == ["“It is over.”", "She left."]


def test_decimals_and_initials() -> None:
    assert texts("Rates rose to 4.25% on Monday. J. K. Varn voted against.") == [
        "Rates rose to 4.25% on Monday.", "J. K. Varn voted against."]


def test_question_and_exclamation_marks() -> None:
    assert texts("Why now? Nobody knows! The vote is on Friday.") == ["Why now?", "Nobody knows!",
                                                                      "The vote is on Friday."]


def test_paragraphs_always_split() -> None:
    assert texts("Headline without stop\nBody starts here. More body") == [
        "Headline without stop", "Body starts here.", "More body"]


def test_lowercase_after_period_does_not_split() -> None:
    assert texts("The plant employs approx. three hundred people.") == [
        "The plant employs approx. three hundred people."]


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\"”“'A1")), max_size=200))
def test_spans_are_ordered_non_empty_and_inside_the_text(text: str) -> None:
    spans = split_sentences(text)
    last = 0
    for s in spans:
        assert last <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == text[s.start:s.end].strip()
        assert "\n" not in text[s.start:s.end]
        last = s.end
