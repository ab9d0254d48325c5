"""URL inputs: a page, or an RSS/Atom feed or sitemap whose entries are fetched in turn.

A URL is fetched once; its body decides what it is (feeds are often served as ``text/html`` or
``application/xml``, so the root element is looked at). Entries older than ``since`` are skipped
before they are fetched, which is what makes polling feeds cheap.
"""

from __future__ import annotations

import calendar
import dataclasses
import gzip
import io
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from newsprism.errors import FetchError, NotModified
from newsprism.fetch.document import Document
from newsprism.fetch.http import HttpFetcher
from newsprism.fetch.sniff import feed_or_sitemap, looks_binary
from newsprism.model import Failure

MAX_ENTRIES = 1000  # per feed
MAX_SITEMAPS = 50  # children of one sitemap index
MAX_SITEMAP_URLS = 10_000  # per URL given
_NOT_PAGES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip",
              "application/octet-stream")


def iter_url(url: str, fetcher: HttpFetcher, since: datetime | None = None) -> Iterator[Document | Failure]:
    """A page → one Document; a feed or sitemap → one Document (or Failure) per entry fetched."""
    since = _aware(since)
    try:
        doc = fetcher.get(url)
    except NotModified:
        yield Failure(url, "not modified", "fetch")
        return
    except FetchError as e:
        yield Failure(url, e.message, "fetch")
        return
    what = feed_or_sitemap(doc.body, doc.page.content_type)
    if what == "feed":
        yield from _feed(doc, fetcher, since)
    elif what == "sitemap":
        yield from _sitemap(doc, fetcher, since)
    else:
        yield page_or_failure(doc)


def page_or_failure(doc: Document) -> Document | Failure:
    ctype = (doc.page.content_type or "").lower()
    if ctype.startswith(_NOT_PAGES):
        return Failure(doc.source, f"not a web page ({ctype.split(';')[0]})", "fetch")
    if looks_binary(doc.body):
        return Failure(doc.source, "binary content", "fetch")
    return doc


def _entry(link: str, fetcher: HttpFetcher, meta: dict[str, str]) -> Iterator[Document | Failure]:
    """Fetch one feed or sitemap entry. Unchanged entries (304) were stored before: nothing to yield."""
    try:
        doc = fetcher.get(link)
    except NotModified:
        return
    except FetchError as e:
        yield Failure(link, e.message, "fetch")
        return
    item = page_or_failure(doc)
    if isinstance(item, Document) and meta:
        item = dataclasses.replace(item, meta={**item.meta, **meta})
    yield item


# -- feeds ----------------------------------------------------------------------------------------------
def feed_entries(body: bytes, base_url: str, since: datetime | None = None) -> list[tuple[str, dict[str, str]]]:
    """``(link, meta)`` for each entry of an RSS/Atom feed, newest-first order kept, ``since`` applied.

    Raises ``FetchError`` for a feed so broken that no entry can be read.
    """
    import feedparser

    # a stream, never bytes or str: feedparser would fetch a str that looks like a URL by itself
    parsed: Any = feedparser.parse(io.BytesIO(body), response_headers={"content-location": base_url})
    if parsed.bozo and not parsed.entries:
        raise FetchError(f"malformed feed: {_one_line(parsed.get('bozo_exception'))}", base_url)
    since = _aware(since)
    out: list[tuple[str, dict[str, str]]] = []
    seen: set[str] = set()
    for entry in parsed.entries[:MAX_ENTRIES]:
        link = entry.get("link") or _alternate(entry)
        if not link:
            continue
        link = _join(base_url, link.strip())
        if link in seen:
            continue
        seen.add(link)
        when = _struct_time(entry.get("published_parsed") or entry.get("updated_parsed"))
        if since is not None and when is not None and when < since:
            continue
        meta: dict[str, str] = {}
        if when is not None:
            meta["published"] = when.isoformat()
        title = entry.get("title")
        if isinstance(title, str) and title.strip():
            meta["title"] = " ".join(title.split())
        out.append((link, meta))
    return out


def _alternate(entry: Any) -> str | None:
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    return None


def _feed(doc: Document, fetcher: HttpFetcher, since: datetime | None) -> Iterator[Document | Failure]:
    try:
        entries = feed_entries(doc.body, doc.page.url or doc.source, since)
    except FetchError as e:
        yield Failure(doc.source, e.message, "fetch")
        return
    for link, meta in entries:
        yield from _entry(link, fetcher, meta)


# -- sitemaps ---------------------------------------------------------------------------------------------
SitemapEntry = tuple[str, datetime | None, datetime | None]  # loc, lastmod, news:publication_date


def sitemap_entries(body: bytes, base_url: str) -> tuple[str, list[SitemapEntry]]:
    """``(root, [(loc, lastmod, published)])``: root ``urlset`` (pages) or ``sitemapindex`` (sitemaps).

    Only a news sitemap's ``<news:publication_date>`` is a publication date; ``<lastmod>`` may be a
    later edit, so it filters by ``since`` but is not passed on as ``published``.
    """
    if body[:2] == b"\x1f\x8b":  # sitemap.xml.gz served without Content-Encoding
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError, zlib.error) as e:
            raise FetchError(f"corrupt gzipped sitemap: {e}", base_url) from e
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        raise FetchError(f"malformed sitemap XML: {e}", base_url) from e
    kind = _local(root.tag)
    out: list[SitemapEntry] = []
    for child in root:
        loc = lastmod = published = None
        for el in child.iter():
            name = _local(el.tag)
            if name == "loc" and loc is None:
                loc = (el.text or "").strip()
            elif name == "lastmod":
                lastmod = el.text
            elif name == "publication_date":
                published = el.text
        if loc:
            out.append((_join(base_url, loc), _iso(lastmod), _iso(published)))
    return kind, out


def _sitemap(doc: Document, fetcher: HttpFetcher, since: datetime | None) -> Iterator[Document | Failure]:
    try:
        kind, entries = sitemap_entries(doc.body, doc.page.url or doc.source)
    except FetchError as e:
        yield Failure(doc.source, e.message, "fetch")
        return
    pages: list[SitemapEntry] = []
    if kind == "sitemapindex":  # one level deep: nested indexes inside children are ignored
        for loc, _, _ in _recent(entries, since)[:MAX_SITEMAPS]:
            try:
                child = fetcher.get(loc)
                child_kind, child_entries = sitemap_entries(child.body, child.page.url or loc)
            except NotModified:
                continue
            except FetchError as e:
                yield Failure(loc, e.message, "fetch")
                continue
            if child_kind == "urlset":
                pages.extend(child_entries)
    else:
        pages = entries
    seen: set[str] = set()
    for loc, _, published in _recent(pages, since)[:MAX_SITEMAP_URLS]:
        if loc in seen:
            continue
        seen.add(loc)
        yield from _entry(loc, fetcher, {"published": published.isoformat()} if published else {})


def _recent(entries: list[SitemapEntry], since: datetime | None) -> list[SitemapEntry]:
    """Entries changed or published at or after ``since``; undated ones are kept (we cannot tell)."""
    if since is None:
        return entries
    kept = []
    for entry in entries:
        when = entry[1] or entry[2]
        if when is None or when >= since:
            kept.append(entry)
    return kept


# -- small helpers ------------------------------------------------------------------------------------------
def _join(base: str, link: str) -> str:
    """``link`` against ``base``; a link too malformed to join stays as written (its fetch fails alone)."""
    try:
        return urljoin(base, link)
    except ValueError:
        return link


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _aware(when: datetime | None) -> datetime | None:
    """Naive datetimes (e.g. ``--since 2024-05-01``) are taken as UTC."""
    if when is None or when.tzinfo is not None:
        return when
    return when.replace(tzinfo=UTC)


def _iso(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return _aware(datetime.fromisoformat(text.strip()))
    except ValueError:
        return None


def _struct_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _one_line(e: Any) -> str:
    text = " ".join(str(e or "unreadable XML").split())
    return text[:200]
