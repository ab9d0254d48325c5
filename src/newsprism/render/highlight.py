"""Highlights built from character offsets, never from markup.

Article text is hostile input: it is cut into plain-text segments at every mark boundary, and the
templates escape each segment and wrap it in a span that names the marks covering it. Overlapping
marks (a quote inside a claim) simply give a segment several keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    key: str  # what a click selects: "c-<claim>", "g-<quote group>", "x-<conflict>", ...
    kind: str  # claim | quote | number | framing | reuse (a CSS class)


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    keys: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


def segments(text: str, marks: Iterable[Mark]) -> list[Segment]:
    """Cut ``text`` into segments; each carries the keys and kinds of the marks covering it."""
    n = len(text)
    spans = [m for m in marks if 0 <= m.start < m.end <= n]
    if not spans:
        return [Segment(text)] if text else []
    bounds = sorted({0, n, *(m.start for m in spans), *(m.end for m in spans)})
    starts: dict[int, list[Mark]] = {}
    for m in spans:
        starts.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    out: list[Segment] = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        active = [m for m in active if m.end > lo] + starts.get(lo, [])
        piece = text[lo:hi]
        if not active:
            _append(out, Segment(piece))
            continue
        keys = tuple(dict.fromkeys(m.key for m in active))
        kinds = tuple(sorted({m.kind for m in active}))
        _append(out, Segment(piece, keys, kinds))
    return out


def _append(out: list[Segment], seg: Segment) -> None:
    """Merge with the previous segment when both carry the same marks (fewer spans to render)."""
    if out and out[-1].keys == seg.keys and out[-1].kinds == seg.kinds:
        out[-1] = Segment(out[-1].text + seg.text, seg.keys, seg.kinds)
    else:
        out.append(seg)
