"""Article metadata that does not need the page body: outlet from a URL, dates, and their sanity.

Dates come in many shapes (``April 6, 2026 12:40 pm``, ``2026-04-06T12:40:00+02:00``, ``12 mai 2026``, a path like ``/2026/04/06/``); every one is
normalised to ISO 8601 here, and absurd ones (before 1990, or more than two days after the page was
fetched: a parser that read a phone number as a year) are dropped with a note. English datelines go
through dateutil's fuzzy parser (it skips "Published", "at", "EST"); any other language through
dateparser with the article's language, never an English-only reading of "mai" or "März".
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from dateutil import parser as dateutil_parser

_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|$|[-_.])")
# a slug that ends in its date: "...-hit-debt-limit-oct-18-2021-09-28/"
_URL_SLUG_DATE = re.compile(r"[-_]((?:19|20)\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:/|$|[._])")
# the month by name: "/news/2021/oct/6/...", "/2021/sep/29/..."
_URL_MONTH_NAME = re.compile(r"/((?:19|20)\d{2})/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*/"
                             r"(0?[1-9]|[12]\d|3[01])(?:/|$)", re.I)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# an edition code and a MongoDB ObjectId ("..._us_55bbf7bde4b06363d5a25a38", "..._n_6169b75b..."):
# the id's first four bytes are the second the record was made, as HuffPost's entry addresses carry
_URL_OBJECT_ID = re.compile(r"_[a-z]{1,3}_([0-9a-f]{8})[0-9a-f]{16}(?:/|$|[._?#])")
_URL_COMPACT = re.compile(r"[/_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)")
_HAS_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
_EARLIEST = date(1990, 1, 1)
_ENGLISH_MONTH = re.compile(r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|"
                            r"oct(ober)?|nov(ember)?|dec(ember)?)\b\.?", re.I)
_LETTERS = re.compile(r"[^\W\d_]")
_HAS_TIME = re.compile(r"\d{1,2}[:.]\d{2}|\d\s*[ap]\.?m\b", re.I)
# a month and a year at least: "März 2026" is a month, "2026" alone is not a date
_DATEPARSER_SETTINGS = {"REQUIRE_PARTS": ["month", "year"], "PREFER_DAY_OF_MONTH": "first"}


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
    """The date a URL path carries, as ISO 8601: ``/2024/03/15/``, ``-20240315-``, a slug ending in
    ``-2024-03-15``, ``/2024/mar/15/``, or the timestamp of an ObjectId after an edition code
    (``_us_<24 hex digits>``; its UTC day)."""
    if not url:
        return None
    path = urlsplit(url).path
    m = _URL_DATE.search(path) or _URL_COMPACT.search(path) or _URL_SLUG_DATE.search(path)
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        if m := _URL_MONTH_NAME.search(path):
            return date(int(m.group(1)), _MONTHS.index(m.group(2).lower()[:3]) + 1, int(m.group(3))).isoformat()
    except ValueError:
        return None
    if m := _URL_OBJECT_ID.search(path):
        made = datetime.fromtimestamp(int(m.group(1), 16), tz=UTC).date()
        return made.isoformat() if made >= _EARLIEST else None
    return None


def normalize_date(value: str | None, language: str | None = None) -> str | None:
    """ISO 8601 (date, or datetime when a time is given) from a date string; None if unreadable.

    ``language`` (ISO 639-1, the article's) helps read month names in other languages.
    """
    if not value or not value.strip():
        return None
    raw = value.strip()
    if not _HAS_YEAR.search(raw):
        return None  # "April 6" alone would silently take this year
    parsed = _parse_iso(raw) or _parse_words(raw, language)
    if parsed is None:
        return None
    if not _HAS_TIME.search(raw) or re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        return parsed.date().isoformat()
    return parsed.isoformat(timespec="seconds")


def _parse_iso(raw: str) -> datetime | None:
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00") if raw.endswith("Z") else raw)
    except ValueError:
        return None


def _parse_words(raw: str, language: str | None) -> datetime | None:
    if _ENGLISH_MONTH.search(raw) or not _LETTERS.search(_ENGLISH_MONTH.sub("", raw).replace("T", "")):
        try:
            with warnings.catch_warnings():  # "EST" is read as a word, not a zone: naive time, as written
                warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
                return dateutil_parser.parse(raw, fuzzy=True, default=datetime(2000, 1, 1))
        except (ValueError, OverflowError, TypeError):
            return None
    return _dateparser(raw, language)


def _dateparser(raw: str, language: str | None) -> datetime | None:
    import dateparser  # loads its locale data on first use: only for non-English dates

    languages = [language, "en"] if language and language != "en" else None
    try:
        return dateparser.parse(raw, languages=languages, settings=_DATEPARSER_SETTINGS)
    except (ValueError, OverflowError, TypeError, LookupError):
        return None


def sane_date(iso: str | None, now: datetime | str | None = None) -> bool:
    """False for dates before 1990 or more than two days after ``now`` (a datetime or ISO string:
    the time the page was fetched; the wall clock only when nothing else is known)."""
    if not iso:
        return False
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return False
    if isinstance(now, str):
        now = _parse_iso(now)
    today = (now or datetime.now(UTC)).date()
    return _EARLIEST <= d <= today + timedelta(days=2)
