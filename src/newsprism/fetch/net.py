"""Safety and politeness for HTTP: the SSRF guard, the per-host rate limit, robots.txt rules.

Kept apart from the request loop in ``http.py`` so each rule can be tested on its own, without a
server: the guard takes an injectable resolver, the rate limiter an injectable clock and sleep.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from newsprism.errors import BlockedAddressError, FetchError

Resolver = Callable[..., list[Any]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = ("http", "https")


def origin(url: str) -> str:
    """``scheme://host:port``: the unit robots.txt rules and the rate limit apply to."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def host_of(url: str) -> str:
    try:
        host = urlsplit(url).hostname
    except ValueError as e:
        raise FetchError(f"malformed URL: {e}", url) from e
    if not host:
        raise FetchError("URL has no host", url)
    return host


def check_scheme(url: str) -> None:
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError as e:  # "http://[::1" and friends
        raise FetchError(f"malformed URL: {e}", url) from e
    if scheme not in ALLOWED_SCHEMES:
        raise FetchError(f"unsupported URL scheme {scheme or '(none)'!r}", url)


def blocked_reason(addr: IPAddress) -> str | None:
    """Why an address must not be fetched from, or None if it is a public unicast address."""
    mapped = getattr(addr, "ipv4_mapped", None)
    if mapped is not None:  # ::ffff:127.0.0.1 is loopback in disguise
        addr = mapped
    # most specific first: Python counts link-local and unspecified addresses as private too
    checks = (("loopback", addr.is_loopback), ("link-local", addr.is_link_local),
              ("multicast", addr.is_multicast), ("unspecified", addr.is_unspecified),
              ("private", addr.is_private), ("reserved", addr.is_reserved), ("non-global", not addr.is_global))
    for name, hit in checks:
        if hit:
            return name
    return None


def guard_url(url: str, resolve: Resolver = socket.getaddrinfo) -> IPAddress:
    """Refuse a URL whose host resolves to any non-public address (SSRF guard); return the address to use.

    Every address the name resolves to is checked, not only the first. The caller connects to the
    returned address (not to the name again), so a DNS answer that changes between the check and the
    connection (DNS rebinding) cannot slip a private address through.
    """
    check_scheme(url)
    host = host_of(url)
    port = urlsplit(url).port or (443 if url.lower().startswith("https") else 80)
    try:
        infos = resolve(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as e:
        raise FetchError(f"cannot resolve host {host}", url) from e
    if not infos:
        raise FetchError(f"cannot resolve host {host}", url)
    addresses: list[IPAddress] = []
    for info in infos:
        raw = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        try:
            addr = ipaddress.ip_address(raw)
        except ValueError:
            raise BlockedAddressError(f"refusing to fetch {host}: unparseable address {raw!r}", url) from None
        reason = blocked_reason(addr)
        if reason:
            raise BlockedAddressError(
                f"refusing to fetch {host} ({addr}): {reason} address (set allow_private to permit)", url)
        addresses.append(addr)
    # one address is pinned; IPv4 first because many hosts have IPv6 records but no IPv6 route
    return next((a for a in addresses if a.version == 4), addresses[0])


class HostRateLimiter:
    """At most ``rate`` requests per second to one host; waits instead of refusing.

    ``min_interval`` can be raised per host (robots.txt ``Crawl-delay``). Thread-safe so a caller may
    share one fetcher between threads.
    """

    def __init__(self, rate: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._extra: dict[str, float] = {}
        self._lock = threading.Lock()

    def slow_down(self, host: str, interval: float) -> None:
        self._extra[host] = max(self._extra.get(host, 0.0), interval)

    def wait(self, host: str) -> float:
        """Block until a request to ``host`` is allowed; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + max(self.interval, self._extra.get(host, 0.0))
        delay = start - now
        if delay > 0:
            self._sleep(delay)
        return max(delay, 0.0)


class RobotsRules:
    """robots.txt per origin, fetched once by the caller-supplied ``load`` and cached.

    ``load(robots_url)`` returns ``(status, text)``; following common crawler practice, 401/403 forbid
    the whole site, other 4xx allow everything, and an unreachable robots.txt allows everything.
    """

    MAX_CRAWL_DELAY = 30.0

    def __init__(self, user_agent: str, load: Callable[[str], tuple[int, str]],
                 limiter: HostRateLimiter | None = None) -> None:
        self.user_agent = user_agent
        self._load = load
        self._limiter = limiter
        self._cache: dict[str, RobotFileParser] = {}

    def allowed(self, url: str) -> bool:
        return self._rules(origin(url)).can_fetch(self.user_agent, url)

    def _rules(self, site: str) -> RobotFileParser:
        rules = self._cache.get(site)
        if rules is not None:
            return rules
        rules = RobotFileParser(site + "/robots.txt")
        try:
            status, text = self._load(site + "/robots.txt")
        except FetchError:
            status, text = 0, ""
        if status in (401, 403):
            rules.parse(["User-agent: *", "Disallow: /"])
        elif 200 <= status < 300:
            rules.parse(text.splitlines())
            delay = rules.crawl_delay(self.user_agent)
            if delay and self._limiter is not None:
                self._limiter.slow_down(host_of(site), min(float(delay), self.MAX_CRAWL_DELAY))
        else:
            rules.parse([])  # no rules: everything allowed
        self._cache[site] = rules
        return rules
