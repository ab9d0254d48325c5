"""The public API is small and deliberate (httpx-style exported-members test)."""

from __future__ import annotations

import newsprism


def test_exported_members():
    assert newsprism.__all__ == ["Analysis", "Article", "Claim", "Corpus", "NewsprismError", "Options",
                                 "Quote", "Story", "compare", "to_dict"]
    for name in newsprism.__all__:
        assert getattr(newsprism, name) is not None
