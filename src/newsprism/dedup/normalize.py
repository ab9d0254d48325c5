"""Article hygiene shared by dedup and clustering: ids, dates, outlets and the text we compare.

Bulk stages meet messy input (no id, the same id twice, dates from 1900 or next year, a 10 MB
"article"), and none of it may break a batch. These helpers turn an article into the few clean
values that dedup and clustering need, the same way in both stages.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from newsprism.model import Article, stable_id

log = logging.getLogger("newsprism.dedup")

# Similarity only needs the opening of an article; capping keeps one huge input from costing
# more than a few ordinary ones.
MAX_CHARS = 20_000
# Dates before this are placeholders (epoch, 1900) rather than publication dates.
EARLIEST = date(1971, 1, 1)

_WORD = re.compile(r"\w+", re.UNICODE)


def day_of(published: str | None, today: date | None = None) -> int | None:
    """The publication day as an ordinal, or None when missing, unreadable or absurd.

    Only the date part as written is used: same-day coverage in different time zones then
    shares a day, which is what the story window cares about.
    """
    if not published or not isinstance(published, str):
        return None
    m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", published)
    if m is None:
        return None
    try:
        d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    latest = (today or datetime.now(UTC).date()) + timedelta(days=1)
    if d < EARLIEST or d > latest:
        return None
    return d.toordinal()


def similarity_text(a: Article, with_title: bool = False) -> str:
    """The (capped) text compared between articles; the title only when asked for."""
    text = a.text or ""
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
    if with_title and a.title:
        return a.title + "\n" + text
    return text


def words(text: str) -> list[str]:
    """Lower-cased word tokens after NFKC normalisation; quotes and dashes are never part of a word,
    so straight and curly typography give the same tokens."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _WORD.findall(text)


def text_hash(tokens: Sequence[str]) -> int:
    """A stable hash of the normalised text: equal for exact copies whatever the spacing or quotes."""
    return zlib.crc32(" ".join(tokens).encode("utf-8"))


def outlet_of(a: Article) -> str:
    """The outlet name, else the URL host without ``www.``, else the source."""
    if a.outlet:
        return a.outlet
    if a.url:
        host = urlsplit(a.url).hostname or ""
        if host:
            return host[4:] if host.startswith("www.") else host
    return a.source or a.id


def clean_articles(articles: Sequence[Article], stage: str = "cluster") -> list[Article]:
    """Give id-less articles a stable id and drop repeated ids (the later one, with a warning).

    A repeated id cannot be told apart in the output (``{"id", "story"}``), so the second article
    with an id already seen is skipped and logged, never renamed.
    """
    out: list[Article] = []
    seen: set[str] = set()
    for a in articles:
        if not a.id:
            a = replace(a, id=stable_id("article", a.source or "", a.url or "", (a.text or "")[:2000]))
            log.warning("%s: article without id given id %s", a.source or "?", a.id)
        if a.id in seen:
            log.warning("%s: duplicate article id %s skipped in %s", a.source or "?", a.id, stage)
            continue
        seen.add(a.id)
        out.append(a)
    return out

