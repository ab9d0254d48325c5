"""Decoding, outlets, dates and language: the metadata helpers of the extract stage."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime

import pytest

from newsprism.extract import extract
from newsprism.extract.decode import decode
from newsprism.extract.language import guess_language
from newsprism.extract.meta import date_from_url, normalize_date, outlet_from_url, sane_date
from newsprism.fetch.document import make_document
from newsprism.fetch.sniff import looks_binary
from newsprism.settings import Options


def test_bom_wins() -> None:
    text, how = decode(codecs.BOM_UTF8 + "Zürich".encode())
    assert (text, how) == ("Zürich", "bom:utf-8")
    text, how = decode(codecs.BOM_UTF16_LE + "Zürich".encode("utf-16-le"))
    assert text == "Zürich" and how.startswith("bom:")


def test_declared_charset_is_used_when_the_bytes_fit() -> None:
    body = '<meta charset="iso-8859-1"><p>café</p>'.encode("latin-1")
    text, how = decode(body)
    assert "café" in text and how == "declared:cp1252"
    text, how = decode("café".encode("latin-1"), "text/html; charset=ISO-8859-1")
    assert text == "café"


def test_wrong_declared_charset_falls_back_to_something_readable() -> None:
    words = "Die Brücke über die Aller ist für Fußgänger geöffnet und größer als die alte. " * 5
    body = ('<meta charset="utf-8"><p>' + words + "</p>").encode("latin-1")
    text, how = decode(body)
    assert "Brücke über die Aller" in text and "\ufffd" not in text
    assert not how.startswith("declared")


def test_binary_junk_is_recognised() -> None:
    assert looks_binary(bytes(range(256)).decode("latin-1") * 10)
    assert not looks_binary("An ordinary sentence.\n")


def test_outlet_from_url() -> None:
    assert outlet_from_url("https://www.bbc.co.uk/news/world-123") == "bbc.co.uk"
    assert outlet_from_url("https://news.harborledger.example/a") == "news.harborledger.example"
    assert outlet_from_url("https://www.harborledger.example/a") == "harborledger.example"
    assert outlet_from_url(None) is None and outlet_from_url("not a url") is None


def test_date_from_url() -> None:
    assert date_from_url("https://x.example/news/2026/02/03/ferry") == "2026-02-03"
    assert date_from_url("https://x.example/story-20240315-fire.html") == "2024-03-15"
    assert date_from_url("https://x.example/2026/13/45/bad") is None
    assert date_from_url("https://x.example/about") is None
    assert date_from_url("https://x.example/world/ferry-fares-rise-oct-18-2026-09-28/") == "2026-09-28"
    assert date_from_url("https://x.example/news/2026/oct/6/ferry-strike/") == "2026-10-06"
    assert date_from_url("https://x.example/2026/sept/31/bad") is None
    # an edition code and an ObjectId: its first four bytes are the second it was made (0x6a0e8d00)
    assert date_from_url("https://x.example/entry/ferry-strike_n_6a0e8d00e4b005b245bce336") == "2026-05-21"
    assert date_from_url("https://x.example/entry/ferry-strike-6a0e8d00e4b005b245bce336") is None


def test_normalize_date() -> None:
    assert normalize_date("April 6, 2026 12:40 pm") == "2026-04-06T12:40:00"
    assert normalize_date("2026-04-06") == "2026-04-06"
    assert normalize_date("2026-04-06T12:40:05+02:00") == "2026-04-06T12:40:05+02:00"
    assert normalize_date("6 April 2026") == "2026-04-06"
    assert normalize_date("Monday") is None and normalize_date("") is None
    assert normalize_date("Published April 6, 2026 at 12:40 pm EST") == "2026-04-06T12:40:00"


@pytest.mark.parametrize(("raw", "language", "iso"), [
    ("12 mai 2026", "fr", "2026-05-12"),      # not "12" as December
    ("3. März 2026", "de", "2026-03-03"),
    ("12 de mayo de 2026", "es", "2026-05-12"),
    ("12 mai 2026", None, "2026-05-12"),      # no language given: dateparser detects it
])
def test_dates_in_other_languages(raw: str, language: str | None, iso: str) -> None:
    assert normalize_date(raw, language) == iso


def test_absurd_dates_are_not_sane() -> None:
    now = datetime(2026, 6, 1, tzinfo=UTC)
    assert sane_date("2026-06-02", now) and sane_date("1995-01-01", now)
    assert not sane_date("1970-01-01", now) and not sane_date("2026-06-10", now)
    assert not sane_date("2026-06-10", "2026-06-01T08:00:00+00:00")  # the fetch time is the clock


def test_a_dateline_after_the_fetch_is_dropped_whatever_today_is() -> None:
    body = "Bridge reopens\nBy Ana Ruiz, Lakeside Gazette\n12 May 2026\n\n" + "The bridge reopened on Monday. " * 5
    before = extract(make_document("a.txt", body.encode(), "text", fetched_at="2026-05-01T00:00:00+00:00"),
                     Options())
    after = extract(make_document("a.txt", body.encode(), "text", fetched_at="2026-05-13T00:00:00+00:00"),
                    Options())
    assert before.published is None and "absurd 2026-05-12" in dict(before.provenance)["published_dropped"]
    assert after.published == "2026-05-12"


def test_language_guess() -> None:
    assert guess_language("The council said on Monday that the bridge would reopen in the spring.") == "en"
    assert guess_language("Die Stadt teilte mit, dass die Brücke im Frühjahr wieder für den Verkehr "
                          "geöffnet wird und nicht mehr gesperrt ist.") == "de"
    assert guess_language("12 34 56") is None
