"""Malformed WARC records and JSON rows: one clear line each, nothing from warcio on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.fetch import iter_documents
from newsprism.fetch.document import Document
from newsprism.model import Failure
from newsprism.settings import Options

RECORD = "WARC/1.0\r\n{headers}Content-Length: {n}\r\n\r\n{body}\r\n\r\n"
HTTP = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>The harbour reopened on Monday after the storm.</p>"


def _record(body: str, headers: str, n: int | None = None) -> str:
    return RECORD.format(headers=headers, n=len(body.encode()) if n is None else n, body=body)


@pytest.mark.parametrize("text", [
    _record("hello", "WARC-Type: response\r\nContent-Type: application/http\r\n"),  # no WARC-Target-URI
    "WARC/1.0\r\nbroken header line\r\nWARC-Type: response\r\n\r\n",
])
def test_malformed_warc_headers_are_one_clear_line(tmp_path: Path, text: str,
                                                   capfd: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.warc"
    path.write_text(text)
    items = list(iter_documents([str(path)], Options()))
    assert len(items) == 1 and isinstance(items[0], Failure)
    assert "malformed record headers" in items[0].reason and "NoneType" not in items[0].reason
    assert capfd.readouterr().err == ""


def test_wrong_content_length_is_counted_not_printed(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "lengths.warc"
    uri = "WARC-Type: response\r\nWARC-Target-URI: http://news.example/a\r\nContent-Type: application/http\r\n"
    path.write_text(_record(HTTP, uri, n=len(HTTP) - 4) + _record(HTTP, uri))
    items = list(iter_documents([str(path)], Options()))
    assert capfd.readouterr().err == ""  # warcio's "WARNING: Record not followed by newline" lines
    failures = [i for i in items if isinstance(i, Failure)]
    assert failures and any("wrong Content-Length" in f.reason or "corrupt WARC record" in f.reason for f in failures)


def test_unknown_archive_format_is_short(tmp_path: Path) -> None:
    path = tmp_path / "noise.warc"
    path.write_bytes(bytes(range(256)) * 2)
    items = list(iter_documents([str(path)], Options()))
    assert len(items) == 1 and isinstance(items[0], Failure)
    assert items[0].reason.endswith("unknown archive format")


@pytest.mark.parametrize(("field", "value", "kind"), [
    ("title", {"a": 1}, "an object"), ("outlet", ["Courier"], "a list"), ("id", {"x": 1}, "an object"),
    ("url", 42, "a number"), ("published", True, "true/false"), ("id", 1.5, "a number"),
])
def test_jsonl_fields_of_the_wrong_type_reject_the_row(tmp_path: Path, field: str, value: object, kind: str) -> None:
    good = {"id": "a1", "title": "Harbour reopens", "text": "The harbour reopened on Monday after the storm."}
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, field: value}) + "\n")
    first, second = iter_documents([str(path)], Options())
    assert isinstance(first, Document)
    assert isinstance(second, Failure) and second.source.endswith("#2")
    assert second.reason == f'field "{field}" must be a string, got {kind}'


def test_jsonl_numeric_id_is_an_id(tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": 42, "text": "The harbour reopened on Monday after the storm."}) + "\n")
    (doc,) = iter_documents([str(path)], Options())
    assert isinstance(doc, Document) and doc.meta["id"] == "42"


def test_a_malformed_sitemap_url_fails_alone() -> None:
    # found by the fuzz target: one "http://[::1" <loc> used to sink the whole sitemap with a ValueError
    from newsprism.errors import FetchError
    from newsprism.fetch import HttpFetcher
    from newsprism.fetch.feeds import sitemap_entries

    body = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://[::1</loc></url>'
            b"<url><loc>/news/a.html</loc></url></urlset>")
    kind, entries = sitemap_entries(body, "https://news.example/sitemap.xml")
    assert kind == "urlset" and [e[0] for e in entries] == ["http://[::1", "https://news.example/news/a.html"]
    with HttpFetcher(Options()) as f, pytest.raises(FetchError, match="malformed URL"):
        f.get("http://[::1")
