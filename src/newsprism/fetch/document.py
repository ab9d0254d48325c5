"""``Document``: the raw bytes of one input with what we know about it before extraction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from newsprism.model import Page


@dataclass(frozen=True, slots=True)
class Document:
    """One input to extract: a page's bytes, its kind, and metadata given alongside it.

    ``kind`` is ``html`` or ``text``. ``meta`` carries fields given by the input itself (a JSONL row's
    ``id``, ``outlet``, ``published``, ``title``, ``url``); they win over extracted ones.
    """

    page: Page
    body: bytes
    kind: str
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return self.page.source


def make_document(source: str, body: bytes, kind: str, *, url: str | None = None, status: int | None = None,
                  content_type: str | None = None, meta: dict[str, str] | None = None,
                  fetched_at: str | None = None) -> Document:
    """``fetched_at`` defaults to now; archives (WARC) pass the capture time they record."""
    page = Page(source=source, url=url, fetched_at=fetched_at or datetime.now(UTC).isoformat(timespec="seconds"),
                status=status, content_type=content_type, sha256=hashlib.sha256(body).hexdigest(),
                size=len(body))
    return Document(page=page, body=body, kind=kind, meta=dict(meta or {}))
