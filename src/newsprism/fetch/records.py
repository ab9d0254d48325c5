"""Container inputs that hold many articles: JSON lines, JSON lists and WARC archives.

Each row or record becomes its own Document (or Failure), so one bad line or one corrupt record
costs that row only. Rows are read lazily — JSONL corpora and crawls may be far larger than the
per-input size cap, which here applies to each row or record instead of the whole file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any, Protocol

from newsprism.fetch.document import Document, make_document
from newsprism.fetch.sniff import looks_binary
from newsprism.model import Failure

META_KEYS = ("id", "url", "outlet", "published", "title")
HTML_TYPE = "text/html; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"


def _mb(n: float) -> str:
    return f"{n / 1_000_000:.1f} MB"


class LineReader(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...


# -- JSON rows ----------------------------------------------------------------------------------------
def row_document(source: str, row: Any, max_bytes: int) -> Document | Failure:
    """One article object (``html`` or ``text`` plus optional metadata) → Document."""
    if not isinstance(row, dict):
        return Failure(source, f"expected a JSON object, got {type(row).__name__}", "fetch")
    html, text = row.get("html"), row.get("text")
    if isinstance(html, str) and html.strip():
        body, kind, ctype = html.encode("utf-8", "replace"), "html", HTML_TYPE
    elif isinstance(text, str) and text.strip():
        body, kind, ctype = text.encode("utf-8", "replace"), "text", TEXT_TYPE
    elif isinstance(html, str) or isinstance(text, str):
        return Failure(source, "empty html/text field", "fetch")
    else:
        return Failure(source, 'no "html" or "text" string field', "fetch")
    if len(body) > max_bytes:
        return Failure(source, f"row too large ({_mb(len(body))} > {_mb(max_bytes)})", "fetch")
    meta: dict[str, str] = {}
    for key in META_KEYS:
        value = row.get(key)
        if value is None or value == "":
            continue
        if key == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # a numeric id is an id
        if not isinstance(value, str):
            return Failure(source, f'field "{key}" must be a string, got {_json_type(value)}', "fetch")
        meta[key] = value
    return make_document(source, body, kind, url=meta.get("url"), content_type=ctype, meta=meta)


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", bool: "true/false", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


class _Bad:
    """A row that could not be parsed, with the reason."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _numbered(source: str, rows: Iterable[tuple[int, Any]], max_bytes: int) -> Iterator[Document | Failure]:
    """Sources ``path#n`` for each row, or plain ``path`` when the input holds exactly one row."""
    it = iter(rows)
    first = next(it, None)
    if first is None:
        yield Failure(source, "no JSON rows", "fetch")
        return
    second = next(it, None)
    if second is None:
        yield _one(source, first[1], max_bytes)
        return
    for n, row in chain([first, second], it):
        yield _one(f"{source}#{n}", row, max_bytes)


def _one(source: str, row: Any, max_bytes: int) -> Document | Failure:
    if isinstance(row, _Bad):
        return Failure(source, row.reason, "fetch")
    return row_document(source, row, max_bytes)


def _jsonl_rows(stream: LineReader, max_bytes: int) -> Iterator[tuple[int, Any]]:
    n = 0
    while True:
        try:
            line = stream.readline(max_bytes + 1)
        except (OSError, EOFError, ValueError) as e:  # corrupt or truncated gzip mid-file
            yield n + 1, _Bad(f"cannot read further: {type(e).__name__}: {e}")
            return
        if not line:
            return
        n += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield n, _Bad(f"line too large (more than {_mb(max_bytes)})")
            continue
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except (ValueError, RecursionError) as e:  # JSONDecodeError and bad UTF-8 are ValueErrors
            yield n, _Bad(f"malformed JSON line: {str(e).splitlines()[0]}")


def _skip_rest_of_line(stream: LineReader) -> None:
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


def jsonl_documents(source: str, stream: LineReader, max_bytes: int) -> Iterator[Document | Failure]:
    """One Document per JSON line with ``html`` or ``text``; a malformed line is a Failure for that row."""
    return _numbered(source, _jsonl_rows(stream, max_bytes), max_bytes)


def json_documents(source: str, body: bytes, max_bytes: int) -> Iterator[Document | Failure]:
    """A JSON list of article objects, or one article object."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as e:
        yield Failure(source, f"malformed JSON: {str(e).splitlines()[0]}", "fetch")
        return
    if isinstance(data, dict):
        yield row_document(source, data, max_bytes)
    elif isinstance(data, list):
        yield from _numbered(source, enumerate(data, 1), max_bytes)
    else:
        yield Failure(source, "JSON must be an object or a list of objects", "fetch")


# -- WARC -----------------------------------------------------------------------------------------------
def _is_html(ctype: str | None) -> bool:
    return bool(ctype) and ("html" in ctype.lower())  # type: ignore[union-attr]


def warc_documents(source: str, path: Path, max_bytes: int) -> Iterator[Document | Failure]:
    """HTML ``response`` (and ``resource``) records of a WARC file, gzipped or not.

    Redirects and non-HTML records (images, CSS, requests, metadata) are not articles and are passed
    over; an error status is a Failure. warcio cannot resynchronise after a corrupt record, so a
    corrupt record ends the file with a Failure naming its offset — records before it are kept.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    class QuietIterator(ArchiveIterator):
        INC_RECORD = ""  # warcio writes this warning straight to stderr; we count it instead (err_count)

    offset = 0
    seen = found = 0
    with path.open("rb") as f:
        records = QuietIterator(f)
        try:
            for record in records:
                offset = records.offset  # get_record_offset() would consume the record's content
                seen += 1
                item = _record_document(f"{source}#{offset}", record, max_bytes)
                if item is not None:
                    found += 1
                    yield item
        except Exception as e:  # noqa: BLE001 — warcio raises many kinds of error on corrupt input
            detail = _first_line(e) if isinstance(e, ArchiveLoadFailed) else _warcio_bug(e)
            if detail.startswith("Unknown archive format"):
                detail = "unknown archive format"
            if seen == 0:
                yield Failure(source, f"not a WARC file or corrupt first record: {detail}", "fetch")
            else:
                yield Failure(f"{source}#{_next_offset(records, offset)}", f"corrupt WARC record: {detail}", "fetch")
            return
        end = _next_offset(records, offset)
        if seen and end < path.stat().st_size:  # warcio stops quietly at a record cut in its headers
            yield Failure(f"{source}#{end}", "truncated WARC record", "fetch")
            return
    bad_lengths = getattr(records, "err_count", 0)
    note = f" ({bad_lengths} with a wrong Content-Length)" if bad_lengths else ""
    if seen == 0:
        yield Failure(source, "no WARC records (truncated or not a WARC file)", "fetch")
    elif found == 0:
        yield Failure(source, f"no HTML responses among {seen} WARC records{note}", "fetch")
    elif bad_lengths:
        yield Failure(source, f"{bad_lengths} WARC record(s) with a wrong Content-Length; their text may be cut",
                      "fetch")


def _warcio_bug(e: BaseException) -> str:
    """What a Python error inside warcio means for the user: its header parser met a malformed record."""
    if isinstance(e, (AttributeError, TypeError, KeyError, IndexError)):
        return "malformed record headers (a required header such as WARC-Target-URI is missing or broken)"
    return f"{type(e).__name__}: {_first_line(e)}"


def _next_offset(records: Any, last: int) -> int:
    """Best guess of where the failing record starts: warcio's read position, else the last offset."""
    value = getattr(records, "offset", None)
    return value if isinstance(value, int) and value >= last else last


def _record_document(source: str, record: Any, max_bytes: int) -> Document | Failure | None:
    if record.rec_type not in ("response", "resource"):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    status: int | None = None
    if record.rec_type == "response":
        if record.http_headers is None:
            return None  # a non-HTTP response (dns:, whois:)
        ctype = record.http_headers.get_header("Content-Type")
        try:
            status = int(record.http_headers.get_statuscode())
        except (TypeError, ValueError):
            status = None
        if status is not None and 300 <= status < 400:
            return None
    else:
        ctype = record.rec_headers.get_header("Content-Type")
    if not _is_html(ctype):
        return None
    if status is not None and status >= 400:
        return Failure(source, f"archived response is HTTP {status} ({url})", "fetch")
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return Failure(source, f"record too large (more than {_mb(max_bytes)})", "fetch")
    if getattr(record.raw_stream, "limit", 0) > 0:  # the file ended before the record's Content-Length
        return Failure(source, f"truncated WARC record ({url})", "fetch")
    if not body.strip():
        return Failure(source, f"empty record ({url})", "fetch")
    if looks_binary(body):
        return Failure(source, f"binary content ({url})", "fetch")
    return make_document(source, body, "html", url=url, status=status, content_type=ctype,
                         fetched_at=record.rec_headers.get_header("WARC-Date"))


def _first_line(e: BaseException) -> str:
    """The first line of an error message, printable (warcio quotes raw bytes of the bad record)."""
    lines = str(e).strip().splitlines()
    text = lines[0] if lines else type(e).__name__
    return "".join(c if c.isprintable() and ord(c) < 0x7F else "?" for c in text)[:160]
