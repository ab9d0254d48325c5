"""Hypothesis fuzz targets, one per reader: HTML, the text cleaner, feeds, sitemaps, WARC, JSONL.

Each reader takes arbitrary (and arbitrary-but-plausible) input and must answer with its normal
result or its own failure — never a stray exception. The budget is a number of examples, not a
time, so the tests do not depend on the machine's speed; ``FUZZ_EXAMPLES`` raises it for a long run.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.errors import ExtractError, FetchError
from newsprism.extract.article import extract
from newsprism.extract.html import extract_html
from newsprism.extract.text import clean_text, split_header
from newsprism.fetch.document import Document, make_document
from newsprism.fetch.feeds import feed_entries, sitemap_entries
from newsprism.fetch.records import jsonl_documents, warc_documents
from newsprism.model import Failure
from newsprism.settings import Options

BUDGET = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")), deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))

TAGS = st.sampled_from(["div", "p", "span", "article", "script", "style", "h1", "a", "table", "td", "br", "meta",
                        "title", "html", "body", "!--", "![CDATA[", "?xml"])
TEXTS = st.text(alphabet=st.characters(codec="utf-8"), max_size=80)


@st.composite
def markup(draw: st.DrawFn) -> str:
    """Tag soup: opening and closing tags, attributes, entities and text, in any order and nesting."""
    parts = []
    for _ in range(draw(st.integers(0, 60))):
        kind = draw(st.integers(0, 4))
        tag = draw(TAGS)
        if kind == 0:
            parts.append(f"<{tag} class=\"{draw(TEXTS)}\">")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(draw(st.sampled_from(["&amp;", "&#0;", "&#x110000;", "&nbsp;", "&bogus;", "]]>", "-->"])))
        else:
            parts.append(draw(TEXTS))
    return "".join(parts)


@BUDGET
@given(markup())
def test_html_reader(html: str) -> None:
    result = extract_html(html)
    assert isinstance(result.text, str)
    with contextlib.suppress(ExtractError):  # its own failure is a fine answer; anything else is not
        extract(make_document("fuzz.html", html.encode("utf-8", "replace"), "html"), Options())


@BUDGET
@given(st.lists(TEXTS, max_size=40).map("\n".join))
def test_text_cleaner(text: str) -> None:
    header = split_header(text)
    assert 0 <= header.end <= len(text)
    assert isinstance(clean_text(text[header.end:]), str)


FEED_ITEM = st.builds(lambda t, link, d: f"<item><title>{t}</title><link>{link}</link><pubDate>{d}</pubDate></item>",
                      TEXTS, st.sampled_from(["/a", "https://news.example/b", "", "javascript:x", "http://[::1", "%"]),
                      st.sampled_from(["Mon, 01 Jun 2026 10:00:00 GMT", "yesterday", "", "2026-13-45"]))


@BUDGET
@given(st.lists(FEED_ITEM, max_size=8), st.booleans(), st.binary(max_size=40))
def test_feed_reader(items: list[str], close: bool, junk: bytes) -> None:
    body = ("<?xml version=\"1.0\"?><rss><channel>" + "".join(items) + ("</channel></rss>" if close else "")).encode()
    for data in (body, body + junk, junk):
        try:
            entries = feed_entries(data, "https://news.example/feed.xml")
        except FetchError:  # documented: a feed so broken that no entry can be read
            continue
        assert all(isinstance(link, str) for link, _ in entries)


SITEMAP_URL = st.builds(lambda loc, mod: f"<url><loc>{loc}</loc><lastmod>{mod}</lastmod></url>",
                        st.sampled_from(["https://news.example/a", "/rel", "", "ftp://x", "http://[::1"]),
                        st.sampled_from(["2026-06-01", "2026-06-01T10:00:00+02:00", "never", ""]))


@BUDGET
@given(st.lists(SITEMAP_URL, max_size=8), st.booleans(), st.binary(max_size=40))
def test_sitemap_reader(urls: list[str], index: bool, junk: bytes) -> None:
    root = "sitemapindex" if index else "urlset"
    body = f"<?xml version=\"1.0\"?><{root} xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">".encode()
    body += "".join(urls).encode() + f"</{root}>".encode()
    for data in (body, body[: len(body) // 2], junk):
        try:
            kind, entries = sitemap_entries(data, "https://news.example/sitemap.xml")
        except FetchError:  # documented: not a sitemap, or too broken to read
            continue
        assert isinstance(kind, str) and isinstance(entries, list)


WARC_HEAD = st.lists(st.sampled_from([
    "WARC-Type: response", "WARC-Type: resource", "WARC-Type: request", "WARC-Target-URI: http://news.example/a",
    "Content-Type: application/http; msgtype=response", "Content-Type: text/html", "WARC-Date: 2026-06-01T10:00:00Z",
    "broken header", "Content-Length: -1", "WARC-Record-ID: <urn:uuid:1>"]), max_size=6)


@BUDGET
@given(WARC_HEAD, TEXTS, st.integers(-5, 400), st.booleans())
def test_warc_reader(headers: list[str], body: str, length: int, as_http: bool) -> None:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>{body}</p>" if as_http else body
    record = "WARC/1.0\r\n" + "".join(h + "\r\n" for h in headers) + f"Content-Length: {length}\r\n\r\n{http}\r\n\r\n"
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"newsprism-fuzz-{os.getpid()}.warc"
    try:
        path.write_text(record * 2, encoding="utf-8")
        items = list(warc_documents("fuzz.warc", path, 1_000_000))
    finally:
        path.unlink(missing_ok=True)
    assert all(isinstance(i, (Document, Failure)) for i in items)


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXTS,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXTS, inner, max_size=3),
                           max_leaves=8)
ROWS = st.dictionaries(st.sampled_from(["id", "url", "outlet", "title", "published", "text", "html", "extra"]),
                       JSON_VALUES, max_size=6)


@BUDGET
@given(st.lists(ROWS | JSON_VALUES, max_size=6), st.binary(max_size=30))
def test_jsonl_reader(rows: list[object], junk: bytes) -> None:
    data = b"".join(json.dumps(r).encode() + b"\n" for r in rows) + junk
    items = list(jsonl_documents("fuzz.jsonl", io.BytesIO(data), 100_000))
    assert all(isinstance(i, (Document, Failure)) for i in items)
    for item in items:
        if isinstance(item, Document):
            assert all(isinstance(v, str) and not v.startswith(("{", "[")) or v.strip() for v in item.meta.values())
