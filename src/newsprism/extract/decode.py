"""Bytes → text: byte-order mark, then the declared charset, then detection.

Pages lie about their encoding often enough (a ``utf-8`` meta tag over Latin-1 bytes) that a declared
charset is only trusted when the bytes actually decode under it; otherwise we fall back to
charset-normalizer, and last to Latin-1 with replacement so decoding itself never fails.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{2,40})""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]{2,40})", re.I)
# bytes enough to find a <meta charset> (the HTML spec says browsers look at the first 1024)
_SNIFF = 4096
# detection on a huge page is slow and gains nothing over a large prefix
_DETECT_BYTES = 200_000


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        found = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    # browsers read iso-8859-1 and ascii labels as windows-1252; so do we
    return "cp1252" if found in {"latin-1", "iso8859-1", "ascii"} else found


def declared_charset(body: bytes, content_type: str | None = None) -> str | None:
    """The charset named by the HTTP Content-Type, else by a ``<meta>`` tag near the top."""
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m and _codec(m.group(1)):
            return _codec(m.group(1))
    found = _META_CHARSET.search(body[:_SNIFF])
    return _codec(found.group(1).decode("ascii", "replace")) if found else None


def decode(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode ``body``; returns ``(text, how)`` where ``how`` names the charset and why it was chosen."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(name, "replace"), f"bom:{name}"
    declared = declared_charset(body, content_type)
    if declared:
        try:
            return body.decode(declared), f"declared:{declared}"
        except (UnicodeDecodeError, LookupError):
            pass  # the page lies about its charset; detect instead
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(body[:_DETECT_BYTES]).best()
    if best is not None and best.encoding:
        name = _codec(best.encoding) or best.encoding
        try:
            return body.decode(name, "replace"), f"detected:{name}"
        except LookupError:
            pass
    return body.decode("cp1252", "replace"), "fallback:cp1252"
