"""Word diffs between two renderings of the same quote, to show what an outlet cut or reworded."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class DiffPart:
    op: str  # equal | insert | delete
    text: str


def word_diff(reference: str, other: str) -> list[DiffPart]:
    """Parts that turn ``reference`` into ``other``: deleted words, inserted words, shared words.

    Comparison ignores case and surrounding punctuation so a changed comma does not mark a word.
    """
    a, b = _WORD.findall(reference), _WORD.findall(other)
    matcher = difflib.SequenceMatcher(a=[_norm(w) for w in a], b=[_norm(w) for w in b], autojunk=False)
    parts: list[DiffPart] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(DiffPart("equal", " ".join(b[j1:j2])))
            continue
        if op in ("delete", "replace"):
            parts.append(DiffPart("delete", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(DiffPart("insert", " ".join(b[j1:j2])))
    return parts


def changed(parts: list[DiffPart]) -> bool:
    return any(p.op != "equal" for p in parts)


def _norm(word: str) -> str:
    return word.strip("\"'“”‘’.,;:!?()[]—–-").lower()
