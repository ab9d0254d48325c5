"""Decoding, outlets, dates and language: the metadata helpers of the extract stage."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime

from newsprism.extract.decode import decode, looks_binary
from newsprism.extract.language import guess_language
from newsprism.extract.meta import date_from_url, normalize_date, outlet_from_url, sane_date


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


def test_normalize_date() -> None:
    assert normalize_date("April 6, 2026 12:40 pm") == "2026-04-06T12:40:00"
    assert normalize_date("2026-04-06") == "2026-04-06"
    assert normalize_date("2026-04-06T12:40:05+02:00") == "2026-04-06T12:40:05+02:00"
    assert normalize_date("6 April 2026") == "2026-04-06"
    assert normalize_date("Monday") is None and normalize_date("") is None


def test_absurd_dates_are_not_sane() -> None:
    now = datetime(2026, 6, 1, tzinfo=UTC)
    assert sane_date("2026-06-02", now) and sane_date("1995-01-01", now)
    assert not sane_date("1970-01-01", now) and not sane_date("2026-06-10", now)


def test_language_guess() -> None:
    assert guess_language("The council said on Monday that the bridge would reopen in the spring.") == "en"
    assert guess_language("Die Stadt teilte mit, dass die Brücke im Frühjahr wieder für den Verkehr "
                          "geöffnet wird und nicht mehr gesperrt ist.") == "de"
    assert guess_language("12 34 56") is None
