"""A cheap language guess from stop words, for text whose page declares no language.

Bulk extraction cannot afford a language model per article; the share of a few dozen very common
words tells the major European languages apart well enough to label an article.
"""

from __future__ import annotations

import re


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words("the and of to in is that for on with was said it by as at from his her are have"),
    "de": _words("der die und das ist nicht mit den von zu sich des auf für ein eine im dem auch"),
    "fr": _words("le la les et des est une un dans pour que qui pas sur du au avec il elle sont"),
    "es": _words("el la los las y de que en un una por con para es del se no al lo como"),
    "it": _words("il di che e la per un una non sono con del della gli le si nel anche"),
    "nl": _words("de het een en van is dat op te in voor niet met zijn er ook aan door"),
    "pt": _words("o a os as e de que em um uma para com não do da no na por se"),
}
_WORD = re.compile(r"[^\W\d_]+")


def guess_language(text: str, *, sample: int = 5000) -> str | None:
    """Two-letter code of the likeliest language, or None when no stop-word list fits well."""
    words = [w.lower() for w in _WORD.findall(text[:sample])]
    if len(words) < 8:
        return None
    best, score = None, 0.0
    for lang, stops in _STOPWORDS.items():
        share = sum(1 for w in words if w in stops) / len(words)
        if share > score:
            best, score = lang, share
    return best if score >= 0.08 else None


def primary(tag: str) -> str:
    """``en`` for ``en-GB``, ``EN_us``, ``en``."""
    return tag.lower().split("-")[0].split("_")[0]


def is_english(language: str | None, text: str) -> bool:
    """The article's own language tag when it has one, else the stop-word guess; a text too short
    to guess counts as English when it has an English stop word."""
    if language:
        return primary(language) == "en"
    guess = guess_language(text)
    if guess is not None:
        return guess == "en"
    head = [w.lower() for w in _WORD.findall(text[:5000])]
    return len(head) < 8 and any(w in _STOPWORDS["en"] for w in head)
