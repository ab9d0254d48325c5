"""A fast rule-based sentence splitter with offsets into the text.

Bulk extraction must stay cheap per article, so this is a handful of rules rather than a parser:
split after ``.``, ``!`` or ``?`` (and any closing quotes or brackets) when the next word starts a
sentence, except after known abbreviations (Mr., Dr., U.S., Jan.), initials (J. K. Rowling) and
inside numbers (3.5). A paragraph break (``\\n``) always ends a sentence.
"""

from __future__ import annotations

import re

from newsprism.model import Span

ABBREVIATIONS = frozenset(str.split("""
mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep rev hon pres supt insp det
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
inc ltd co corp bros plc llc dept univ assn est approx no nos vol vs etc al fig figs ch op cf ca
u.s u.k u.n e.u u.s.a a.m p.m e.g i.e d.c n.y l.a ph.d
"""))
# candidate boundaries: terminal punctuation, optional closing quotes/brackets, then spaces
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+[\"'“‘«(\[]*([A-Z0-9À-ÖØ-Þ]|[^\W\d_](?=\W))")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the ``.`` at ``dot`` ends an abbreviation or an initial rather than a sentence."""
    m = _WORD_BEFORE.search(text, max(0, dot - 20), dot + 1)
    if not m:
        return False
    word = m.group(1).lower()
    if word in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isalpha():  # an initial: "J. K. Rowling", "Harry S. Truman"
        return True
    # dotted acronyms such as "U.S." or "a.m." not in the list
    return bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def _split_paragraph(text: str, start: int, end: int, out: list[Span]) -> None:
    begin = start
    for m in _BOUNDARY.finditer(text, start, end):
        stop = m.end()
        nxt = _NEXT_START.match(text, stop, end)
        if not nxt:
            continue
        punct = m.group(0)
        if punct.startswith(".") and len(punct.rstrip("\"'”’»)]")) == 1 and _is_abbreviation(text, m.start()):
            # "Mr. Smith" stays together; "in the U.S. The" is ambiguous and kept together too
            continue
        _add(text, begin, stop, out)
        begin = nxt.start() + (len(nxt.group(0)) - len(nxt.group(0).lstrip()))
    _add(text, begin, end, out)


def _add(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end))


def split_sentences(text: str) -> tuple[Span, ...]:
    """Sentence spans of ``text`` (offsets into it), in order; paragraphs always split."""
    out: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        _split_paragraph(text, pos, pos + len(line), out)
        pos += len(line) + 1
    return tuple(out)
