"""Guess what a body is from its first bytes, for when names and content types say too little.

File extensions and HTTP content types lie often enough (``.txt`` files holding HTML, feeds served as
``text/html``, sitemaps as ``application/octet-stream``) that every fetch path looks at the bytes too.
Only the start of the body is read, so sniffing stays cheap for large inputs.
"""

from __future__ import annotations

import re

SNIFF_BYTES = 4096

# The first element of an XML/HTML document, after the XML declaration, doctype, comments and
# processing instructions.
_SKIP = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<![^>]*>)", re.S)
_TAG = re.compile(rb"\s*<([A-Za-z][\w:.-]*)")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf", "rdf"})
SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})


def _strip_bom(head: bytes) -> bytes:
    for bom in _BOMS:
        if head.startswith(bom):
            return head[len(bom):]
    return head


def root_element(body: bytes) -> str | None:
    """The lower-cased name of the first element (namespace prefix kept), or None if there is none."""
    head = _strip_bom(body[:SNIFF_BYTES])
    if b"\x00" in head:  # UTF-16 or binary: decode the common UTF-16 case, give up otherwise
        try:
            head = head.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return None
    pos = 0
    while True:
        m = _SKIP.match(head, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    tag = _TAG.match(head, pos)
    return tag.group(1).decode("ascii", "replace").lower() if tag else None


def looks_like_html(body: bytes) -> bool:
    """True if the body starts like an HTML document (``<!doctype html``, ``<html``, or a head/body tag)."""
    head = _strip_bom(body[:SNIFF_BYTES]).lstrip().lower()
    if head.startswith(b"<!doctype html") or head.startswith(b"<html"):
        return True
    root = root_element(body)
    return root in {"html", "head", "body"}


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def looks_binary(body: bytes | str) -> bool:
    """Not text, not HTML: raw bytes with NUL bytes near the start (UTF-16 with a BOM is let
    through), or decoded text that is mostly control characters or replacement marks (an image or
    a zip read as text)."""
    if isinstance(body, str):
        sample = body[:20_000]
        return bool(sample) and len(_CONTROL.findall(sample)) / len(sample) > 0.1
    head = body[:SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return b"\x00" in head


def feed_or_sitemap(body: bytes, content_type: str | None = None) -> str | None:
    """``"feed"``, ``"sitemap"`` or None, from the root element (content type as a tie-breaker)."""
    root = root_element(body)
    if root in SITEMAP_ROOTS:
        return "sitemap"
    if root in FEED_ROOTS:
        return "feed"
    ctype = (content_type or "").lower()
    if root is None and ("rss" in ctype or "atom" in ctype):
        return "feed"
    return None


def kind_of(body: bytes, content_type: str | None = None, default: str = "html") -> str:
    """``html`` or ``text`` for a page body, from its content type, else from its first bytes."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype in {"text/html", "application/xhtml+xml"}:
        return "html"
    if ctype in {"text/plain", "text/markdown", "text/x-markdown"}:
        return "html" if looks_like_html(body) else "text"
    if looks_like_html(body):
        return "html"
    return default
