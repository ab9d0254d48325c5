"""Shared loaders for the analyze tests (fictional texts in tests/analyze/data)."""

from __future__ import annotations

import json
from pathlib import Path

from newsprism.model import Article, CopyGroup

DATA = Path(__file__).parent / "data"


def story_articles(name: str = "claims_story.json") -> list[Article]:
    rows = json.loads((DATA / name).read_text("utf-8"))["articles"]
    return [Article(id=r["id"], source=f"{r['id']}.txt", url=None, outlet=r["outlet"], title=None,
                    published=r.get("published"), language=r.get("language"), text=r["text"]) for r in rows]


def corran_copies() -> list[CopyGroup]:
    return [CopyGroup("corran", ("corran", "corran-copy"), ("Corran Courier", "Lowmere Weekly"))]


def article(aid: str, text: str, outlet: str | None = None, published: str | None = None,
            language: str | None = None) -> Article:
    return Article(id=aid, source=f"{aid}.txt", url=None, outlet=outlet or aid.title(), title=None,
                   published=published, language=language, text=text)
