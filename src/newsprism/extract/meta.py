"""Article metadata that does not need the page body: outlet from a URL, dates, and their sanity.

Dates come in many shapes (``April 6, 2026 12:40 pm``, ``2026-04-06T12:40:00+02:00``, a path like
``/2026/04/06/``); every one is normalised to ISO 8601 here, and absurd ones (before 1990, or more
than two days in the future: a parser that read a phone number as a year) are dropped with a note.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from dateutil import parser as dateparser

_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|$|[-_.])")
_URL_COMPACT = re.compile(r"[/_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)")
_HAS_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
_EARLIEST = date(1990, 1, 1)


@lru_cache(maxsize=1)
def _tld() -> Any:
    import tldextract

    # the bundled public-suffix snapshot: never fetch the list over the network
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    return host.lower() if host else None


def outlet_from_url(url: str | None) -> str | None:
    """The registered domain (``bbc.co.uk`` for ``www.bbc.co.uk``); for ``.example`` hosts, the host."""
    host = host_of(url)
    if not host or "." not in host:
        return None
    if host.endswith(".example") or host.endswith(".test") or host.endswith(".localhost"):
        return host.removeprefix("www.")
    try:
        parts = _tld()(host)
    except Exception:  # tldextract on odd hosts (IP literals, IDNA errors) is best-effort
        return host.removeprefix("www.")
    return parts.top_domain_under_public_suffix or host.removeprefix("www.")


def date_from_url(url: str | None) -> str | None:
    """A ``/2024/03/15/`` or ``-20240315-`` date in a URL path, as ISO 8601."""
    if not url:
        return None
    path = urlsplit(url).path
    m = _URL_DATE.search(path) or _URL_COMPACT.search(path)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def normalize_date(value: str | None) -> str | None:
    """ISO 8601 (date, or datetime when a time is given) from a date string; None if unreadable."""
    if not value or not value.strip():
        return None
    raw = value.strip()
    if not _HAS_YEAR.search(raw):
        return None  # "April 6" alone would silently take this year
    try:
        parsed = dateparser.parse(raw, fuzzy=True, default=datetime(2000, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None
    has_time = bool(re.search(r"\d{1,2}[:.]\d{2}|\d\s*[ap]\.?m\b", raw, re.I)) and not re.fullmatch(
        r"\d{4}-\d{2}-\d{2}", raw)
    if not has_time:
        return parsed.date().isoformat()
    return parsed.isoformat(timespec="seconds")


def sane_date(iso: str | None, now: datetime | None = None) -> bool:
    """False for dates before 1990 or more than two days in the future."""
    if not iso:
        return False
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return False
    today = (now or datetime.now(UTC)).date()
    return _EARLIEST <= d <= today + timedelta(days=2)
