"""One total deadline per fetch: a server that drips its headers one byte a second cannot hang us.

The server is a raw socket on 127.0.0.1 started by the test; per-operation timeouts never trip on it
because every read returns a byte well within them.
"""

from __future__ import annotations

import time

import httpcore
import pytest

from newsprism.errors import FetchError
from newsprism.fetch import HttpFetcher, iter_documents
from newsprism.fetch.deadline import DeadlineBackend, deadline, deadline_client
from newsprism.model import Failure
from newsprism.settings import Options

OPTS = Options(allow_private=True, respect_robots=False, rate_per_host=0, http_timeout=5.0, http_deadline=1.0,
               http_retries=0)


def test_dripping_headers_end_at_the_total_deadline(drip: str) -> None:
    start = time.monotonic()
    with HttpFetcher(OPTS) as f, pytest.raises(FetchError, match=r"no complete response within 1s"):
        f.get(drip)
    # the drip lasts about a minute and each byte arrives well inside the 5 s read timeout
    assert time.monotonic() - start < 15


def test_ingest_of_a_dripping_url_reports_a_failure(drip: str) -> None:
    items = list(iter_documents([drip], OPTS))
    assert len(items) == 1 and isinstance(items[0], Failure) and "within 1s" in items[0].reason


def test_deadline_client_uses_the_deadline_backend() -> None:
    client = deadline_client()
    try:
        assert isinstance(client._transport._pool._network_backend, DeadlineBackend)  # type: ignore[attr-defined]
    finally:
        client.close()


def test_no_socket_operation_starts_after_the_deadline() -> None:
    class Never(httpcore.NetworkBackend):
        def connect_tcp(self, *args: object, **kwargs: object) -> httpcore.NetworkStream:
            raise AssertionError("connect after the deadline")

    with deadline(-1.0), pytest.raises(httpcore.ConnectTimeout, match="deadline"):
        DeadlineBackend(Never()).connect_tcp("127.0.0.1", 1, timeout=5.0)
