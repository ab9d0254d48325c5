"""Local inputs: files and directories → Documents, with a Failure for anything unreadable.

The file name decides the format (``.html``, ``.txt``, ``.jsonl``, ``.warc``, ``.gz`` of any of them);
the bytes decide when the name is ambiguous. Limits are checked before reading (the size on disk)
and while decompressing (the inflated size), so a huge or hostile file costs nothing.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterator
from pathlib import Path

from newsprism.fetch.document import Document, make_document
from newsprism.fetch.records import json_documents, jsonl_documents, warc_documents
from newsprism.fetch.sniff import looks_binary, looks_like_html
from newsprism.model import Failure
from newsprism.settings import Options

FORMATS = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text", ".md": "text",
           ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".warc": "warc"}
CONTENT_TYPES = {"html": "text/html", "text": "text/plain"}


def _mb(n: float) -> str:
    return f"{n / 1_000_000:.1f} MB"


def file_format(path: Path) -> tuple[str | None, bool]:
    """``(format, gzipped)``; format ``"sniff"`` for a name without extension, None if unsupported."""
    name = path.name.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    suffix = os.path.splitext(name)[1]
    if not suffix:
        return "sniff", gz
    return FORMATS.get(suffix), gz


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz" and len(suffixes) > 1:
        return "".join(suffixes[-2:])
    return suffixes[-1] if suffixes else ""


def iter_path(source: str, options: Options) -> Iterator[Document | Failure]:
    """Documents from one path as given: a file, or every supported file under a directory."""
    path = Path(source).expanduser()
    try:
        if not path.exists():
            yield Failure(source, "no such file or directory", "fetch")
        elif path.is_dir():
            found = False
            for child in walk(path):
                for item in iter_file(str(child), child, options, explicit=False):
                    found = True
                    yield item
            if not found:
                yield Failure(source, "no supported files in directory", "fetch")
        else:
            yield from iter_file(source, path, options, explicit=True)
    except PermissionError:
        yield Failure(source, "permission denied", "fetch")


def walk(root: Path) -> Iterator[Path]:
    """Files under ``root`` in sorted order, skipping hidden files and hidden directories."""
    for dirpath, dirnames, filenames in os.walk(root, onerror=None):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def iter_file(source: str, path: Path, options: Options, *, explicit: bool) -> Iterator[Document | Failure]:
    """One file → Documents. Inside a directory, files of unknown type are passed over silently."""
    fmt, gz = file_format(path)
    if fmt is None or (fmt == "sniff" and not explicit):
        if explicit:
            yield Failure(source, f"unsupported file type {_suffix(path)}", "fetch")
        return
    try:
        if not path.is_file():
            yield Failure(source, "not a regular file", "fetch")
            return
        size = path.stat().st_size
        if size == 0:
            yield Failure(source, "empty file", "fetch")
        elif fmt == "warc":  # warcio reads .warc.gz itself; the cap applies per record
            yield from warc_documents(source, path, options.max_bytes)
        elif fmt == "jsonl":  # streamed; the cap applies per line
            with (gzip.open(path, "rb") if gz else path.open("rb")) as stream:
                yield from jsonl_documents(source, stream, options.max_bytes)
        elif size > options.max_bytes:
            yield Failure(source, f"file too large ({_mb(size)} > {_mb(options.max_bytes)})", "fetch")
        else:
            body = _read(path, gz, options.max_bytes)
            if isinstance(body, str):
                yield Failure(source, body, "fetch")
            elif fmt == "json":
                yield from json_documents(source, body, options.max_bytes)
            else:
                yield page_document(source, body, fmt)
    except OSError as e:
        yield Failure(source, f"cannot read: {e.strerror or e}", "fetch")


def _read(path: Path, gz: bool, max_bytes: int) -> bytes | str:
    """The file's bytes, inflated if gzipped; a reason string instead if that is not possible."""
    if not gz:
        return path.read_bytes()
    try:
        with gzip.open(path, "rb") as f:
            body = f.read(max_bytes + 1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:
        return f"corrupt gzip file: {str(e) or type(e).__name__}"
    if len(body) > max_bytes:
        return f"file too large (more than {_mb(max_bytes)} decompressed)"
    if not body:
        return "empty file"
    return body


def page_document(source: str, body: bytes, fmt: str) -> Document | Failure:
    """An HTML or text page. ``.txt``/``.md`` holding an HTML document is treated as HTML."""
    if not body.strip():
        return Failure(source, "empty file", "fetch")
    if looks_binary(body):
        return Failure(source, "binary content", "fetch")
    kind = "html" if fmt == "html" or looks_like_html(body) else "text"
    return make_document(source, body, kind, content_type=CONTENT_TYPES[kind])
