"""A tiny fictional store for the web/API/report tests, with hand-made analyses.

The analyses are written as phrases in ``tests/web/data/findings.json``; offsets are found here, so
the fixture stays readable and every highlight points at real text. One article carries hostile
markup (``<script>``, ``<img onerror>``, a ``javascript:`` URL) that must show as plain text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from newsprism.model import (
    Analysis,
    Article,
    ArticleRef,
    Claim,
    CopyGroup,
    FramingHit,
    NumberConflict,
    Omission,
    Quantity,
    Quote,
    Reuse,
    Span,
    Story,
    SummarySentence,
    Support,
)
from newsprism.store import Store

DATA = Path(__file__).parent / "data"


def load_articles() -> list[tuple[str, Article]]:
    out = []
    for d in json.loads((DATA / "articles.json").read_text()):
        text = d["text"]
        spans = tuple(Span(m.start(), m.end()) for m in re.finditer(r"[^\n.!?]+[.!?\"]*", text) if m.group().strip())
        out.append((d["story"], Article(id=d["id"], source=f"fixture/{d['id']}.json", url=d["url"], outlet=d["outlet"],
                                        title=d["title"], published=d["published"], language="en", text=text,
                                        sentences=spans)))
    return out


def _at(article: Article, phrase: str) -> tuple[int, int]:
    start = article.text.find(phrase)
    assert start >= 0, f"{phrase!r} not in {article.id}"
    return start, start + len(phrase)


def build_analyses(articles: dict[str, Article]) -> dict[str, Analysis]:
    spec = json.loads((DATA / "findings.json").read_text())
    out = {}
    for sid, f in spec.items():
        members = [a for a in articles.values() if a.id.endswith(sid) or a.id.split("-")[1] == sid]
        refs = tuple(ArticleRef(a.id, a.source, a.outlet, a.title, a.published, a.text, a.url) for a in members)
        claims, omissions = [], []
        for c in f.get("claims", []):
            support = tuple(Support(aid, p, *_at(articles[aid], p)) for aid, p in c["support"].items())
            claims.append(Claim(c["id"], c["text"], support, c["kind"], outlets=len(support)))
            omissions += [Omission(c["id"], aid, c["text"]) for aid in c.get("omitted_by", [])]
        quotes = tuple(Quote(f"q{i}", q["text"], q["speaker"], q["article"], *_at(articles[q["article"]], q["text"]),
                             group=q["group"], alterations=tuple(q.get("alterations", ())))
                       for i, q in enumerate(f.get("quotes", [])))
        numbers = [Quantity(n["text"], n["value"], n["unit"], n["kind"], n["article"],
                            *_at(articles[n["article"]], n["text"]), subject=n["subject"])
                   for n in f.get("numbers", [])]
        conflicted = tuple(q for q, n in zip(numbers, f.get("numbers", []), strict=True) if n.get("conflict"))
        conflicts = (NumberConflict("repair cost", "money", "USD", conflicted),) if conflicted else ()
        framing = tuple(FramingHit(h["text"], h["article"], *_at(articles[h["article"]], h["text"]), h["kind"],
                                   note=h.get("note")) for h in f.get("framing", []))
        reuse = tuple(Reuse(r["source"], r["target"],
                            tuple(Support(r["target"], p, *_at(articles[r["target"]], p)) for p in r["passages"]),
                            tuple(r["shared_errors"]), r["score"], r["direction"]) for r in f.get("reuse", []))
        copies = tuple(CopyGroup(g["canonical"], tuple(g["members"]),
                                 tuple(articles[m].outlet or "" for m in g["members"])) for g in f.get("copies", []))
        summary = tuple(SummarySentence(s["text"], tuple(s["articles"]), s.get("kind", "consensus"))
                        for s in f.get("summary", []))
        out[sid] = Analysis(story=sid, articles=refs, claims=tuple(claims), omissions=tuple(omissions),
                            quotes=quotes, numbers=tuple(numbers), conflicts=conflicts, framing=framing,
                            reuse=reuse, copies=copies, summary=summary)
    return out


def build_store(path: Path) -> tuple[Store, dict[str, Analysis]]:
    """A store with the fixture articles in two stories, and the analyses keyed by story id."""
    store = Store(path)
    pairs = load_articles()
    for _, a in pairs:
        store.add_article(a)
    articles = {a.id: a for _, a in pairs}
    analyses = build_analyses(articles)
    spec = json.loads((DATA / "findings.json").read_text())
    stories = []
    for sid, analysis in analyses.items():
        ids = tuple(r.id for r in analysis.articles)
        days = sorted(articles[i].published or "" for i in ids)
        stories.append(Story(id=sid, article_ids=ids, title=spec[sid]["title"], first_seen=days[0],
                             last_seen=days[-1], copies=analysis.copies))
    store.replace_stories(stories)
    return store, analyses
