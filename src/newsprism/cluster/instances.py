"""Two clusters that each report figures of their own, none of which the other mentions, are two
instances of a series (this week's jobless claims and last month's), not one story.

A cluster's signature is the set of specific figures (``cluster/markers.py``) that two or more
of its articles report; a lone article's signature is its own figures when it reports at least
``SINGLE_MIN`` of them (an article with one or two numbers is often commentary that cites
them in passing). A merge is refused when both signatures are non-empty and neither cluster
mentions any figure of the other's. Chosen on the tune half of the dev stories
(benchmarks/README.md); the counts are merged small into large, so the cost stays linear.
"""

from __future__ import annotations

from collections.abc import Sequence

SIG_MIN = 2  # articles of one cluster that must report a figure for it to sign the cluster
SINGLE_MIN = 3  # figures a lone article must report to sign itself


class Signatures:
    """Per cluster, how many of its articles report each figure."""

    def __init__(self, figures: Sequence[Sequence[int]], members: dict[int, list[int]]) -> None:
        self.count: dict[int, dict[int, int]] = {}
        self.size: dict[int, int] = {}
        for c, nodes in members.items():
            count: dict[int, int] = {}
            for node in nodes:
                for f in set(figures[node]):
                    count[f] = count.get(f, 0) + 1
            self.count[c], self.size[c] = count, len(nodes)

    def signature(self, c: int) -> list[int]:
        count = self.count[c]
        if self.size[c] == 1:
            return list(count) if len(count) >= SINGLE_MIN else []
        return [f for f, k in count.items() if k >= SIG_MIN]

    def conflict(self, a: int, b: int) -> bool:
        """Both clusters are signed and neither mentions a figure of the other's signature."""
        sa, sb = self.signature(a), self.signature(b)
        if not sa or not sb:
            return False
        ca, cb = self.count[a], self.count[b]
        return not any(f in cb for f in sa) and not any(f in ca for f in sb)

    def merge(self, a: int, b: int) -> None:
        """Cluster b joins cluster a."""
        ca, cb = self.count[a], self.count.pop(b)
        if len(ca) < len(cb):
            ca, cb = cb, ca
        for f, k in cb.items():
            ca[f] = ca.get(f, 0) + k
        self.count[a] = ca
        self.size[a] += self.size.pop(b)
