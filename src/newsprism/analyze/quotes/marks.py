"""Direct quotes by their marks: where quoted text starts and ends, and split quotes rejoined.

Straight and curly marks are read alike (news copy misuses both); a quote within a quote and a
quote running over paragraphs are handled here, before any parsing.
"""

from __future__ import annotations

import re

OPENERS = "“„«"
CLOSERS = "”»"
MARKS = "\"“”„«»"
_SPACE_BEFORE = set(" \t\n([{—–-/:")
# between the parts of a split quote: the comma closing part one, the cue clause, a comma
_SPLIT_GAP = re.compile(r",\s*[\"”»]\s*(?P<cue>[^.!?\"“”\n]{1,80}?),\s*[\"“„«]\s*")


def words(s: str) -> list[str]:
    return re.findall(r"\w+", s)


# -- the parse: cues, subjects, names -----------------------------------------------------------


def direct_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, closed) of the text inside quotation marks, paragraph by paragraph.

    A mark opens when it follows a space (or starts a paragraph) and closes when it follows a
    non-space: that reads straight quotes and misused curly ones alike. Inside a quote, marks of
    the other family (curly within straight, or straight within curly) belong to a quote within
    the quote and are skipped, as is a curly pair inside a curly quote that still closes later in
    its paragraph (“... what he calls “hell” than ...”). A quote left open at the
    end of its paragraph runs to that end (the next paragraph repeats the opening mark).
    """
    out: list[tuple[int, int, bool]] = []
    pos = 0
    for para in text.split("\n"):
        base, pos = pos, pos + len(para) + 1
        start: int | None = 0
        while start is not None:
            start = _scan(para, base, start, out)
    return [_trim(text, s, e, c) for s, e, c in out if text[s:e].strip(" ,.;:") and words(text[s:e])]


def _scan(para: str, base: int, start: int, out: list[tuple[int, int, bool]]) -> int | None:
    """Read the quotes of ``para`` from ``start`` into ``out``. Returns where to read again when a
    quote opened with one family of marks was left open but a mark of the other family could have
    closed it (``"But Pete Wilson won,” Axelrod said.``, ``“We will win," Ruiz said.``): it is
    closed there and the rest is read anew. When the other family's marks inside it make a whole
    curly quote, that mark closes the inner quote: if the inner quote ends the paragraph, the
    straight mark was stray and reading starts again after it; else the straight quote runs on."""
    open_at: int | None = None
    other_close: int | None = None  # the first mark of the other family that could close the quote
    lone_close: int | None = None  # ... that closes no quote within the quote
    inner = False  # a quote within the quote, in the other family's marks, is open
    skip_to = -1
    for m in re.finditer(r"[\"“”„«»]", para[start:]):
        i, ch = start + m.start(), m.group()
        if i <= skip_to:
            continue
        if open_at is not None and ch == "“" == para[open_at]:
            inner_end = para.find("”", i + 1)
            if inner_end > 0 and para.find("”", inner_end + 1) > 0:
                skip_to = inner_end  # “... what he calls “hell” than ...”: a quote within the quote
                continue
        before = para[i - 1] if i else " "
        after = para[i + 1] if i + 1 < len(para) else " "
        can_open = before in _SPACE_BEFORE and not after.isspace()
        can_close = not before.isspace() or ch in CLOSERS
        # a quote within the quote closing it, spaced apart: "... the community,' " Ruiz wrote
        spaced = before == " " and i >= 2 and para[i - 2] in "'’" and not after.isalnum() and ch not in OPENERS
        if ch == '"' and spaced:
            can_close = True
        if ch in OPENERS and not after.isspace():
            can_open, can_close = True, can_close and ch not in OPENERS
        if open_at is None:
            if can_open or ch in OPENERS:
                open_at = i
        elif (para[open_at] == '"') != (ch == '"'):
            # the other family inside a quote: a quote within the quote, or a misused mark
            if can_open and lone_close is not None:
                # “I disagree," said Lee. "The bottom line ...": a closing mark that opened nothing,
                # then an opening one: the quote ended at the first
                out.append((base + open_at + 1, base + lone_close, True))
                open_at, other_close, lone_close, inner = i, None, None, False
                continue
            if can_open and not spaced:
                inner = True
            elif not before.isspace() or spaced:
                lone_close = i if not inner and lone_close is None else lone_close
                inner = False
            if (ch in CLOSERS or ch == '"') and (not before.isspace() or spaced) and other_close is None:
                other_close = i  # ("... legislation,’ ” Sanders said": straight opened, curly closes)
            continue
        elif can_close:
            out.append((base + open_at + 1, base + i, True))
            open_at, other_close, lone_close, inner = None, None, None, False
        elif can_open:
            # "This is long,” said Lee. "Some will ...: a closing mark of the other family that
            # opened nothing ended the quote; else the quote ran on unclosed to here
            end, closed = (lone_close, True) if lone_close is not None else (i, False)
            out.append((base + open_at + 1, base + end, closed))
            open_at, other_close, lone_close, inner = i, None, None, False
    if open_at is not None and other_close is not None:
        if para[open_at] != '"' or "“" not in para[open_at + 1:other_close]:
            out.append((base + open_at + 1, base + other_close, True))
            return other_close + 1
        if not para[other_close + 1:].strip(" .,"):
            return open_at + 1  # a stray straight mark before a curly quote: "Trump walked in, chanting “USA!”
        # else the curly pair is a quote within the straight quote, which runs on
    if open_at is not None and len(para) - open_at > 2:
        out.append((base + open_at + 1, base + len(para), False))
    return None


def _trim(text: str, s: int, e: int, closed: bool) -> tuple[int, int, bool]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
        e -= 1
    return s, e, closed


def merge_split(text: str, spans: list[tuple[int, int, bool]]) -> list[list[tuple[int, int, bool]]]:
    """Group ``"Part one," she said, "part two."`` into one quote of two parts."""
    groups: list[list[tuple[int, int, bool]]] = []
    for span in spans:
        if groups:
            gap = text[groups[-1][-1][1]:span[0]]
            m = _SPLIT_GAP.fullmatch(gap)
            if m and len(m.group("cue").split()) <= 10:
                groups[-1].append(span)
                continue
        groups.append([span])
    return groups
