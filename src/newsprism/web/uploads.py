"""Inputs from the outside world: URL lists and uploaded files, checked before anything is read.

A URL must be http(s) (a "URL" like ``/etc/passwd`` or ``file:///`` would make the pipeline read a
local file). Uploaded files are copied into a fresh temporary directory under sanitized names; the
ingest job deletes that directory when it ends. Nothing else on disk is ever touched.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import PurePath
from typing import BinaryIO
from urllib.parse import urlsplit

from newsprism.errors import InputError, UsageError
from newsprism.model import Failure

MAX_URLS = 500
SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".md", ".json", ".jsonl", ".warc", ".warc.gz", ".arc.gz",
            ".gz", ".xml", ".rss", ".atom")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def parse_urls(lines: Iterable[str]) -> list[str]:
    """The http(s) URLs among the given lines (blank lines ignored), in order, without repeats."""
    urls: list[str] = []
    for raw in lines:
        url = raw.strip()
        if not url:
            continue
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError:
            host = None
        if parts.scheme.lower() not in ("http", "https") or not host:
            raise InputError("only http:// and https:// URLs can be added", source=url[:200])
        if url not in urls:
            urls.append(url)
    if not urls:
        raise UsageError("give at least one URL or file")
    if len(urls) > MAX_URLS:
        raise UsageError(f"at most {MAX_URLS} URLs per request")
    return urls


def safe_name(name: str) -> str:
    """A file name that cannot leave its directory: the last path part, plain characters only."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", base).strip("._")[:120]
    if not cleaned or not cleaned.lower().endswith(SUFFIXES):
        raise InputError(f"unsupported file type (use one of {', '.join(SUFFIXES)})", source=name[:200] or "?")
    return cleaned


def save_uploads(files: Iterable[tuple[str, BinaryIO]], max_file: int, max_total: int
                 ) -> tuple[str, list[str], list[str], list[Failure]]:
    """Copy uploads into a new temporary directory: (directory, paths, names as given, refused files).

    A file of an unknown type or an empty one is refused alone (a ``Failure`` naming it); a file or
    a total past the size caps refuses the whole request.
    """
    tmpdir = tempfile.mkdtemp(prefix="newsprism-upload-")
    paths: list[str] = []
    names: list[str] = []
    refused: list[Failure] = []
    total = 0
    try:
        for i, (name, stream) in enumerate(files):
            shown = PurePath(name.replace("\\", "/")).name or "upload"
            try:
                target = f"{tmpdir}/{i:03d}-{safe_name(name)}"
            except InputError as e:
                refused.append(Failure(source=shown, reason=e.message, stage="upload"))
                continue
            size = 0
            with open(target, "wb") as out:
                while chunk := stream.read(1 << 16):
                    size += len(chunk)
                    total += len(chunk)
                    if size > max_file:
                        raise InputError(f"file larger than {max_file} bytes", source=name)
                    if total > max_total:
                        raise InputError(f"uploads larger than {max_total} bytes in all", source=name)
                    out.write(chunk)
            if size == 0:
                refused.append(Failure(source=shown, reason="empty file", stage="upload"))
                continue
            paths.append(target)
            names.append(shown)
        if not paths and not refused:
            raise UsageError("give at least one URL or file")
    except BaseException:
        shutil.rmtree(tmpdir, ignore_errors=True)
        raise
    return tmpdir, paths, names, refused
