"""The figures that name one instance of a recurring story.

Weekly jobless claims, monthly jobs reports, successive offers in one negotiation: the coverage of
two instances shares nearly every word and name, and without publication dates only the instance
itself tells them apart. Articles about one instance repeat its figures (the same "293,000"
claims, the same "4.8%" rate, written "194K" by one outlet and "194,000" by another). Figures are
read from the text and normalised so that the spellings of one value meet.

Only specific figures count: a number with two or more significant digits ("293,000", "4.8%",
"$928 billion"), not a round one ("300,000", "$1 trillion": thresholds and orders of magnitude
that many instances share), nor a small count or a year. Dates named in the text ("the week
ended Oct. 9", "in September") were tried too and dropped: neighbouring instances name the same
months (benchmarks/README.md).
"""

from __future__ import annotations

import re

_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9,
          "billion": 1e9, "t": 1e12, "tn": 1e12, "trillion": 1e12}
_NUMBER = re.compile(
    r"(?<![\w.,])([$€£])?\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s?(%|percent\b|per cent\b)|\s?(thousand|million|billion|trillion|mn|bn|tn)\b|([KkMmBbTt])\b)?")


def figures(text: str) -> list[str]:
    """Normalised figures: "194K", "194,000" -> "1.94e+05"; "4.8 percent" -> "4.8%"; "$6T" -> "$6e+12".
    Small counts (under 100) and years without a unit are left out."""
    out = []
    for m in _NUMBER.finditer(text):
        money, digits, pct, scale_word, scale_letter = m.groups()
        value = float(digits.replace(",", ""))
        if pct:
            out.append(f"{value:g}%")
            continue
        scale = scale_word or scale_letter
        if scale:
            value *= _SCALE[scale.lower()]
        elif not money and "." not in digits and "," not in digits and (value < 100 or 1900 <= value <= 2100):
            continue
        out.append(("$" if money else "") + f"{value:.4g}")
    return out


def _specific(figure: str) -> bool:
    mantissa = figure.lstrip("$").rstrip("%").split("e")[0]
    return len(mantissa.replace(".", "").lstrip("0")) >= 2


def instance_figures(text: str) -> list[str]:
    """The specific figures of a text (see the module docstring)."""
    return [f for f in figures(text) if _specific(f)]
