"""The fetch stage: paths and URLs in, ``Document`` (raw bytes + what we know) or ``Failure`` out.

``iter_documents`` is the one entry point the pipeline uses. It never raises for a bad input: every
path or URL that yields nothing yields a ``Failure`` naming it and saying why, in input order.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import datetime
from urllib.parse import urlsplit

import httpx

from newsprism.errors import NewsprismError
from newsprism.fetch.document import Document, make_document
from newsprism.fetch.feeds import iter_url
from newsprism.fetch.files import iter_path
from newsprism.fetch.http import HttpFetcher, Validators
from newsprism.model import Failure
from newsprism.settings import Options

__all__ = ["Document", "HttpFetcher", "Validators", "iter_documents", "make_document"]

log = logging.getLogger(__name__)


def is_url(source: str) -> bool:
    return urlsplit(source.strip()).scheme.lower() in ("http", "https")


def iter_documents(inputs: Sequence[str], options: Options, *, validators: Validators | None = None,
                   since: datetime | None = None, client: httpx.Client | None = None,
                   fetcher: HttpFetcher | None = None) -> Iterator[Document | Failure]:
    """Documents (and Failures) for each input in order: files, directories, URLs, feeds, sitemaps.

    ``validators`` (the store, in the pipeline) enable conditional GET (unchanged URLs yield ``Failure(url, "not modified")``; unchanged
    feed entries are passed over); ``since`` skips feed and sitemap entries older than it; ``client``
    or a ready ``fetcher`` can be injected (tests, shared connection pools).
    """
    own = fetcher is None
    try:
        for source in inputs:
            try:
                if is_url(source):
                    if fetcher is None:
                        fetcher = HttpFetcher(options, validators, client=client)
                    yield from iter_url(source.strip(), fetcher, since)
                elif "://" in source:
                    yield Failure(source, f"unsupported URL scheme {urlsplit(source).scheme!r}", "fetch")
                else:
                    yield from iter_path(source, options)
            except NewsprismError as e:
                yield Failure(source, e.message, "fetch")
            except Exception as e:  # a bug must not sink the batch; it is logged with its traceback
                log.exception("fetch failed for %s", source)
                yield Failure(source, f"unexpected error: {type(e).__name__}: {e}".splitlines()[0], "fetch")
    finally:
        if own and fetcher is not None:
            fetcher.close()
