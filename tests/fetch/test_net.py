"""The SSRF guard, the per-host rate limiter, robots.txt rules and content sniffing, without a server."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsprism.errors import BlockedAddressError, FetchError
from newsprism.fetch.net import HostRateLimiter, RobotsRules, blocked_reason, guard_url
from newsprism.fetch.sniff import feed_or_sitemap, kind_of, looks_binary, root_element


@pytest.mark.parametrize(("addr", "reason"), [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.10", "private"),
    ("172.16.5.4", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.251", "multicast"), ("0.0.0.0", "unspecified"), ("100.64.0.1", "non-global"),
    ("::ffff:127.0.0.1", "loopback"), ("fc00::1", "private")])
def test_blocked_addresses(addr: str, reason: str) -> None:
    assert blocked_reason(ipaddress.ip_address(addr)) == reason


@pytest.mark.parametrize("addr", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(addr: str) -> None:
    assert blocked_reason(ipaddress.ip_address(addr)) is None


@given(st.ip_addresses(network="10.0.0.0/8") | st.ip_addresses(network="127.0.0.0/8")
       | st.ip_addresses(network="192.168.0.0/16") | st.ip_addresses(network="fe80::/10"))
def test_any_private_address_is_blocked(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    assert blocked_reason(addr) is not None


def resolver(mapping: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def resolve(host: str, port: int, **kw: object) -> list[tuple[object, ...]]:
        if host not in mapping:
            raise OSError("Name or service not known")
        return [(2, 1, 6, "", (a, port)) for a in mapping[host]]
    return resolve


def test_guard_checks_every_resolved_address() -> None:
    resolve = resolver({"ok.example": ["93.184.216.34"], "mixed.example": ["93.184.216.34", "10.0.0.1"]})
    guard_url("https://ok.example/a", resolve)
    with pytest.raises(BlockedAddressError, match="10.0.0.1"):
        guard_url("https://mixed.example/a", resolve)
    with pytest.raises(FetchError, match="cannot resolve"):
        guard_url("https://nowhere.example/a", resolve)
    with pytest.raises(BlockedAddressError, match="loopback"):
        guard_url("http://[::1]:8080/", resolve=lambda h, p, **kw: [(10, 1, 6, "", (h, p, 0, 0))])


def test_rate_limiter_spaces_requests_per_host() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    limiter = HostRateLimiter(2.0, clock=lambda: now[0], sleep=sleep)
    waits = [limiter.wait("a.example") for _ in range(3)] + [limiter.wait("b.example")]
    assert waits == [0.0, 0.5, 0.5, 0.0]
    limiter.slow_down("b.example", 3.0)
    assert limiter.wait("b.example") == pytest.approx(0.5)  # the 0.5 s slot booked before the slow-down
    assert limiter.wait("b.example") == pytest.approx(3.0)


def test_robots_rules_and_cache() -> None:
    loads: list[str] = []
    texts = {"https://a.example/robots.txt": (200, "User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n"),
             "https://b.example/robots.txt": (403, ""), "https://c.example/robots.txt": (404, "")}

    def load(url: str) -> tuple[int, str]:
        loads.append(url)
        if url not in texts:
            raise FetchError("cannot connect", url)
        return texts[url]

    limiter = HostRateLimiter(10.0)
    rules = RobotsRules("newsprism/0.1 (+https://example.org)", load, limiter)
    assert rules.allowed("https://a.example/news/1") and not rules.allowed("https://a.example/private/x")
    assert not rules.allowed("https://b.example/anything")
    assert rules.allowed("https://c.example/anything") and rules.allowed("https://d.example/down")
    assert loads.count("https://a.example/robots.txt") == 1
    assert limiter._extra["a.example"] == 2.0


def test_robots_rules_for_our_agent() -> None:
    rules = RobotsRules("newsprism/0.1", lambda u: (200, "User-agent: newsprism\nDisallow: /\n"))
    assert not rules.allowed("https://a.example/x")


@pytest.mark.parametrize(("body", "ctype", "want"), [
    (b'<?xml version="1.0"?>\n<!-- c --><rss version="2.0">', None, "feed"),
    (b"\xef\xbb\xbf<feed xmlns='http://www.w3.org/2005/Atom'>", "text/html", "feed"),
    (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">', None, "feed"),
    (b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>", "text/xml", "sitemap"),
    (b"<sitemapindex>", None, "sitemap"),
    (b"<!doctype html><html><p>rss feed here: <rss></p>", "application/rss+xml", None),
    (b"not xml at all", "application/rss+xml", "feed"),
])
def test_feed_or_sitemap(body: bytes, ctype: str | None, want: str | None) -> None:
    assert feed_or_sitemap(body, ctype) == want


def test_kind_and_binary_sniffing() -> None:
    assert kind_of(b"<!DOCTYPE html><p>x", None, default="text") == "html"
    assert kind_of(b"just words", "text/plain") == "text"
    assert kind_of(b"<html><body>x", "text/plain") == "html"
    assert kind_of(b"words", "application/json", default="text") == "text"
    assert root_element(b"<?xml version='1.0'?><!DOCTYPE x><Feed>") == "feed"
    assert looks_binary(b"\x00\x01\x02") and not looks_binary(b"\xff\xfeh\x00i\x00")
