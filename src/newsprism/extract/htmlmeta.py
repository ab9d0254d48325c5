"""Page metadata (title, authors, date, site name, canonical URL) from a parsed HTML tree.

trafilatura's own ``extract_metadata`` also runs htmldate's extensive free-text date search (which
calls dateparser and costs as much as the text extraction itself) and guesses a site name from the
URL. We call its pieces directly instead: meta tags, JSON-LD, title, author, canonical URL, and
htmldate without the extensive search. The URL-derived outlet is ours (``meta.outlet_from_url``).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from htmldate import find_date
from lxml import etree
from trafilatura import metadata as tm

log = logging.getLogger("newsprism.extract")
_AUTHOR_SPLIT = re.compile(r";|\s+\|\s+")


@dataclass
class PageMeta:
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    sitename: str | None = None
    url: str | None = None
    how: dict[str, str] = field(default_factory=dict)


_BYLINE_XPATH = etree.XPath('//*[@rel="author" or @itemprop="author" or contains(@class, "byline") or '
                 'contains(@class, "author-name") or contains(@class, "article-author")]')
_BY = re.compile(r"^(by|von|par|por|de)\s+", re.I)


def byline_author(tree: Any) -> str | None:
    """The author named in a byline element, when the page has no author metadata.

    trafilatura's ``extract_author`` deep-copies the whole tree per page; a direct look at the usual
    byline markup finds most names at a fraction of the cost.
    """
    for el in _BYLINE_XPATH(tree)[:5]:
        text = _BY.sub("", " ".join(el.text_content().split()))
        if 3 <= len(text) <= 80 and not any(ch.isdigit() for ch in text) and "@" not in text:
            return text
    return None


_TIME_XPATH = etree.XPath('//meta[@property="article:published_time" or @name="article:published_time" or '
               '@property="og:published_time" or @itemprop="datePublished" or @name="pubdate" or '
               '@name="publish-date" or @name="date"]/@content | //*[@itemprop="datePublished"]/@datetime | '
               '//time[@datetime][1]/@datetime')
_STATED_XPATH = etree.XPath(_TIME_XPATH.path.rsplit(" | //time", 1)[0])
_JSON_LD = etree.XPath('//script[@type="application/ld+json"]/text()')
_JSON_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{10,40})"')
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _time_candidates(tree: Any) -> list[str]:
    candidates = [str(v).strip() for v in _TIME_XPATH(tree)]
    for script in _JSON_LD(tree)[:5]:
        candidates += _JSON_DATE.findall(str(script))
    return candidates


def stated_time(tree: Any) -> str | None:
    """The first publication timestamp in the page's meta tags or JSON-LD, when it has a time.

    A bare ``<time>`` element is not enough here: headers often show today's date in one.
    """
    found = [str(v).strip() for v in _STATED_XPATH(tree)]
    for script in _JSON_LD(tree)[:5]:
        found += _JSON_DATE.findall(str(script))
    return next((v for v in found if _ISO_TIME.match(v)), None)


def precise_time(tree: Any, day: str) -> str:
    """The full timestamp the page gives for ``day`` (htmldate keeps only the date), else ``day``."""
    for value in _time_candidates(tree):
        value = value.strip()
        if value.startswith(day) and _ISO_TIME.match(value):
            return value
    return day


def _clean(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def page_metadata(tree: Any, url: str | None = None, *, fetched_at: str | None = None) -> PageMeta:
    """Metadata the page states about itself; fields it does not state stay None."""
    out = PageMeta()
    try:
        doc = tm.examine_meta(tree)
        if doc.author and " " not in doc.author:
            doc.author = None  # a one-word "author" is a handle or the site, not a person
        try:
            doc = tm.extract_meta_json(tree, doc)
        except Exception as exc:  # trafilatura's JSON-LD reader trips over malformed JSON-LD
            log.debug("JSON-LD metadata unreadable: %s", exc)
        out.title = _clean(doc.title) or _clean(tm.extract_title(tree))
        author = doc.author or byline_author(tree)
        out.sitename = _clean(doc.sitename.lstrip("@") if doc.sitename else None)
        out.url = doc.url or tm.extract_url(tree, None)
        # a timestamp in the page's own metadata is the publication time; htmldate (which costs
        # as much again) is asked only when there is none
        out.date = stated_time(tree) or find_date(
            tree, url=out.url or url, original_date=True, extensive_search=False,
            max_date=(fetched_at or datetime.now().astimezone().isoformat())[:10])
        if out.date:
            out.date = precise_time(tree, out.date)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, RecursionError) as exc:
        log.debug("page metadata failed: %s", exc)
        return out
    if author:
        names = (" ".join(a.split()) for a in _AUTHOR_SPLIT.split(author))
        out.authors = tuple(dict.fromkeys(a for a in names if a))
    for name, value in (("title", out.title), ("authors", out.authors), ("published", out.date),
                        ("outlet", out.sitename), ("url", out.url)):
        if value:
            out.how[name] = f"html:{name}"
    return out
