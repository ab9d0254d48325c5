"""``HttpFetcher``: one polite, bounded, SSRF-safe GET that returns a ``Document`` or raises.

Politeness (robots.txt, a per-host rate limit, a clear User-Agent, conditional GET) and safety (the
address guard on every redirect hop, timeouts, a streamed size cap) live here so every caller —
single URLs, feed entries, sitemap URLs, the watch loop — gets them without thinking about it.
Redirects are followed by hand so that each hop passes the guard and robots.txt again.
"""

from __future__ import annotations

import email.utils
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Protocol
from urllib.parse import urldefrag, urljoin

import httpx

from newsprism.errors import FetchError, NotModified
from newsprism.fetch.deadline import deadline, deadline_client
from newsprism.fetch.document import Document, make_document
from newsprism.fetch.net import (
    HostRateLimiter,
    IPAddress,
    Resolver,
    RobotsRules,
    check_scheme,
    guard_url,
    host_of,
)
from newsprism.fetch.sniff import kind_of
from newsprism.settings import Options


class Validators(Protocol):
    """Where conditional GET keeps each URL's ``ETag`` and ``Last-Modified`` (the store is one)."""

    def http_validators(self, url: str) -> tuple[str | None, str | None]: ...

    def put_http_validators(self, url: str, etag: str | None, last_modified: str | None) -> None: ...

MAX_REDIRECTS = 5
ROBOTS_MAX_BYTES = 512_000  # Google reads the first 500 KiB of a robots.txt
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def megabytes(n: float) -> str:
    return f"{n / 1_000_000:.1f} MB"


@dataclass(frozen=True, slots=True)
class _Response:
    url: str
    status: int
    headers: httpx.Headers
    body: bytes


class HttpFetcher:
    """Fetch URLs politely and safely. Reuse one fetcher for a batch: it caches robots.txt and paces hosts.

    ``backoff`` is the first retry delay in seconds (doubled on each retry); ``sleep``, ``clock`` and
    ``resolve`` are injectable so tests run fast and without DNS.
    """

    def __init__(self, options: Options, validators: Validators | None = None, client: httpx.Client | None = None, *,
                 backoff: float = 0.5, max_wait: float = 30.0, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic, resolve: Resolver | None = None) -> None:
        self.options = options
        self.validators = validators
        self._own_client = client is None
        self.client = client if client is not None else deadline_client()
        self.backoff = backoff
        self.max_wait = max_wait
        self._sleep = sleep
        self._clock = clock
        self._resolve: Resolver = resolve if resolve is not None else socket.getaddrinfo
        self.limiter = HostRateLimiter(options.rate_per_host, clock=clock, sleep=sleep)
        self.robots = RobotsRules(options.user_agent, self._load_robots, self.limiter)

    # -- public -------------------------------------------------------------------------------
    def get(self, url: str, *, conditional: bool = True) -> Document:
        """GET ``url`` and return its body as a Document (``source`` is ``url`` as given).

        Raises ``BlockedAddressError`` (SSRF guard), ``NotModified`` (304 to a conditional GET) or
        ``FetchError`` (robots.txt, status >= 400, timeout, size cap, redirect loop, ...).
        """
        check_scheme(url.strip())
        source, url = url, urldefrag(url.strip())[0]
        etag, last_modified = (None, None)
        if conditional and self.validators is not None:
            etag, last_modified = self.validators.http_validators(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        resp = self._follow(url, headers, check_robots=self.options.respect_robots, max_bytes=self.options.max_bytes)
        if resp.status == 304:
            raise NotModified("not modified", url)
        if resp.status >= 400:
            raise FetchError(f"HTTP {resp.status}{_phrase(resp.status)}", url)
        if not resp.body:
            raise FetchError(f"empty response (HTTP {resp.status})", url)
        if conditional and self.validators is not None:
            new_etag, new_lm = resp.headers.get("etag"), resp.headers.get("last-modified")
            if new_etag or new_lm:
                self.validators.put_http_validators(url, new_etag, new_lm)
        ctype = resp.headers.get("content-type")
        return make_document(source, resp.body, kind_of(resp.body, ctype, default="text"), url=resp.url,
                             status=resp.status, content_type=ctype)

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def __enter__(self) -> HttpFetcher:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- redirects, guard, robots ---------------------------------------------------------------
    def _follow(self, url: str, headers: Mapping[str, str], *, check_robots: bool, max_bytes: int) -> _Response:
        seen = {url}
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            pinned = None if self.options.allow_private else guard_url(current, self._resolve)
            if check_robots and not self.robots.allowed(current):
                raise FetchError(f"blocked by robots.txt ({current})", url)
            resp = self._request(current, headers, max_bytes, source=url, pinned=pinned)
            location = resp.headers.get("location")
            if resp.status not in REDIRECT_STATUSES or not location:
                return resp
            nxt = urldefrag(urljoin(current, location.strip()))[0]
            check_scheme(nxt)
            if nxt in seen:
                raise FetchError(f"redirect loop ({current} -> {nxt})", url)
            seen.add(nxt)
            current = nxt
            headers = {}  # validators belong to the URL they were stored for, not to later hops
        raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})", url)

    def _load_robots(self, robots_url: str) -> tuple[int, str]:
        resp = self._follow(robots_url, {}, check_robots=False, max_bytes=ROBOTS_MAX_BYTES)
        return resp.status, resp.body.decode("utf-8", "replace")

    # -- one request, with retries ----------------------------------------------------------------
    def _request(self, url: str, headers: Mapping[str, str], max_bytes: int, *, source: str,
                 pinned: IPAddress | None = None) -> _Response:
        """One GET with retries. With ``pinned``, connect to that vetted address, keeping Host and TLS name."""
        host = host_of(url)
        timeout = httpx.Timeout(self.options.http_timeout)
        send_headers = {"User-Agent": self.options.user_agent, "Accept-Encoding": "gzip, deflate", **headers}
        wire: str | httpx.URL = url
        extensions: dict[str, str] = {}
        if pinned is not None:
            target = httpx.URL(url)
            wire = target.copy_with(host=str(pinned))
            send_headers["Host"] = target.netloc.decode("ascii")
            if target.scheme == "https":
                extensions["sni_hostname"] = target.host  # certificate checked against the name, not the IP
        retries = max(0, self.options.http_retries)
        for attempt in range(retries + 1):
            self.limiter.wait(host)
            started = time.monotonic()
            try:
                with deadline(self.options.http_deadline), \
                        self.client.stream("GET", wire, headers=send_headers, timeout=timeout,
                                           follow_redirects=False, extensions=extensions) as r:
                    if r.status_code in RETRY_STATUSES and attempt < retries:
                        delay = _retry_after(r.headers.get("retry-after"))
                        self._sleep(min(delay if delay is not None else self._delay(attempt), self.max_wait))
                        continue
                    if r.status_code >= 300:  # redirects, 304 and errors: the body is not wanted
                        return _Response(url, r.status_code, r.headers, b"")
                    return _Response(url, r.status_code, r.headers, self._read(r, max_bytes, source))
            except (httpx.ConnectError, httpx.ConnectTimeout) as e:
                if attempt < retries:
                    self._sleep(self._delay(attempt))
                    continue
                raise FetchError(f"cannot connect to {host}: {_one_line(e)}", source) from e
            except httpx.TimeoutException as e:
                if time.monotonic() - started >= self.options.http_deadline:
                    raise FetchError(f"timed out: no complete response within {self.options.http_deadline:g}s",
                                     source) from e
                raise FetchError(f"timed out after {self.options.http_timeout:g}s", source) from e
            except httpx.HTTPError as e:
                raise FetchError(f"{type(e).__name__}: {_one_line(e)}", source) from e
        raise FetchError("retries exhausted", source)  # not reached: the last attempt returns or raises

    def _delay(self, attempt: int) -> float:
        return min(self.backoff * (2 ** attempt), self.max_wait)

    def _read(self, r: httpx.Response, max_bytes: int, source: str) -> bytes:
        """Stream the body, aborting past ``max_bytes`` or past the total deadline (slow-drip servers).

        The deadline client stops a dripping socket itself; the clock check here covers injected clients.
        """
        declared = r.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_bytes and not r.headers.get("content-encoding"):
            raise FetchError(f"response too large ({megabytes(int(declared))} > {megabytes(max_bytes)})", source)
        until = self._clock() + self.options.http_deadline
        chunks: list[bytes] = []
        size = 0
        for chunk in r.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"response too large (more than {megabytes(max_bytes)})", source)
            if self._clock() > until:
                raise FetchError(f"timed out: no complete response within {self.options.http_deadline:g}s", source)
            chunks.append(chunk)
        return b"".join(chunks)


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _phrase(status: int) -> str:
    try:
        from http import HTTPStatus
        return f" {HTTPStatus(status).phrase}"
    except ValueError:
        return ""


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split())
    return text or type(e).__name__
