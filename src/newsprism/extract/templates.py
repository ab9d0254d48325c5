"""Per-outlet template learning: a line that recurs across many pages of one outlet is boilerplate.

An outlet repeats its furniture ("Sign up for The Daily Brief", "© 2026 Harbor Ledger", a standard
disclaimer) on every page, while article sentences almost never recur. Over a batch, a line seen in
at least ``min_pages`` distinct pages and in at least ``min_share`` of one outlet's pages is learned as
boilerplate for that outlet and removed from its articles, HTML-extracted and plain text alike.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

_SPACE = re.compile(r"\s+")
# lines shorter than this are not learned: "Photo" or "Reuters" alone is not worth a template
MIN_CHARS = 12


def line_key(line: str) -> str:
    """Lines compare case- and space-insensitively."""
    return _SPACE.sub(" ", line).strip().lower()


@dataclass(frozen=True)
class Templates:
    """Boilerplate lines per outlet (normalised with ``line_key``)."""

    lines: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def learn(cls, texts_by_outlet: Mapping[str, Iterable[str]], *, min_pages: int = 3,
              min_share: float = 0.5) -> Templates:
        """Learn from texts grouped by outlet; identical texts (copies of one page) count once."""
        learned: dict[str, frozenset[str]] = {}
        for outlet, texts in texts_by_outlet.items():
            seen: set[str] = set()
            counts: Counter[str] = Counter()
            pages = 0
            for text in texts:
                digest = hashlib.sha1(line_key(text).encode(), usedforsecurity=False).hexdigest()
                if digest in seen:
                    continue
                seen.add(digest)
                pages += 1
                counts.update({k for k in map(line_key, text.splitlines()) if len(k) >= MIN_CHARS})
            if pages < min_pages:
                continue
            found = frozenset(k for k, n in counts.items() if n >= min_pages and n >= min_share * pages)
            if found:
                learned[outlet] = found
        return cls(learned)

    def __bool__(self) -> bool:
        return bool(self.lines)

    def for_outlet(self, outlet: str | None) -> frozenset[str]:
        return self.lines.get(outlet or "", frozenset())

    def clean(self, outlet: str | None, text: str) -> tuple[str, int]:
        """``text`` without the outlet's boilerplate lines, and how many lines went.

        Never empties an article: if every line is "boilerplate" the batch was one repeated page.
        """
        known = self.for_outlet(outlet)
        if not known:
            return text, 0
        lines = text.split("\n")
        kept = [ln for ln in lines if line_key(ln) not in known]
        if not kept:
            return text, 0
        return "\n".join(kept), len(lines) - len(kept)
