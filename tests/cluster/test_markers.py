"""Figures read from the text: the spellings of one value meet, round numbers and years do not count."""

from __future__ import annotations

from newsprism.cluster.markers import figures, instance_figures


def test_spellings_of_one_value_normalise_alike() -> None:
    assert figures("Brindle Works hired 194,000") == figures("Brindle Works hired 194K") == ["1.94e+05"]
    assert figures("a rate of 4.8%") == figures("a rate of 4.8 percent") == ["4.8%"]
    assert figures("a $928 billion offer") == ["$9.28e+11"]
    assert figures("$6T over a decade") == ["$6e+12"]


def test_small_counts_and_years_are_left_out() -> None:
    assert figures("13 ferries sailed in 2026 and 7 more in 1998") == []
    assert figures("866 pages") == ["866"]


def test_only_specific_figures_name_an_instance() -> None:
    text = "Claims fell below 300,000 to 293,000; the plan is worth $1 trillion and the rate is 4.8%."
    assert instance_figures(text) == ["2.93e+05", "4.8%"]
