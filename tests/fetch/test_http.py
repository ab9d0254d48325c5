"""HTTP fetching against a local server on 127.0.0.1: politeness, limits, feeds and sitemaps.

The server runs in a thread started by the fixture; no test touches the internet. Loopback is a
private address, so these tests pass ``allow_private=True`` — except the ones that check it is refused.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from newsprism.errors import BlockedAddressError, FetchError, NotModified
from newsprism.fetch import Document, HttpFetcher, iter_documents
from newsprism.model import Failure
from newsprism.settings import Options

DATA = Path(__file__).parent / "data"
ARTICLE = (DATA / "article.html").read_bytes()
TEMPLATES = {"/feed.xml": "application/rss+xml", "/atom.xml": "application/atom+xml",
             "/sitemap.xml": "application/xml", "/news-sitemap.xml": "application/xml", "/sitemap-index.xml": "application/xml",
             "/broken-feed.xml": "application/rss+xml"}


class Server:
    """A tiny site: article pages, a feed, sitemaps and endpoints that misbehave on purpose."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with server.lock:
                    server.requests.append((self.path, dict(self.headers)))
                    server.hits[self.path] = server.hits.get(self.path, 0) + 1
                    hit = server.hits[self.path]
                server.route(self, hit)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def route(self, h: BaseHTTPRequestHandler, hit: int) -> None:
        path = h.path
        if path in TEMPLATES:
            body = (DATA / path.lstrip("/")).read_text().replace("{base}", self.base).encode()
            return send(h, 200, body, TEMPLATES[path])
        if path == "/robots.txt":
            return send(h, 200, (DATA / "robots.txt").read_bytes(), "text/plain")
        if path.startswith(("/news/", "/private/")) or path == "/page.html":
            return send(h, 200, ARTICLE, "text/html; charset=utf-8")
        if path == "/plain":
            return send(h, 200, (DATA / "note.txt").read_bytes(), "text/plain; charset=utf-8")
        if path == "/image.png":
            return send(h, 200, b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")
        if path == "/loop-a":
            return send(h, 302, b"", headers={"Location": "/loop-b"})
        if path == "/loop-b":
            return send(h, 302, b"", headers={"Location": f"{self.base}/loop-a"})
        if path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            return send(h, 301, b"", headers={"Location": f"/chain/{n + 1}"})
        if path == "/moved":
            return send(h, 301, b"", headers={"Location": "/news/moved.html"})
        if path == "/slow":
            time.sleep(1.5)
            return send(h, 200, ARTICLE, "text/html")
        if path == "/huge":
            return send(h, 200, b"<p>" + b"x" * 2_000_000, "text/html")
        if path == "/huge-chunked":  # no Content-Length: the cap must stop the stream itself
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.end_headers()
            try:
                for _ in range(40):
                    h.wfile.write(b"x" * 100_000)
            except (BrokenPipeError, ConnectionResetError):
                pass
            h.close_connection = True
            return None
        if path == "/flaky":
            return send(h, 503, b"busy") if hit == 1 else send(h, 200, ARTICLE, "text/html")
        if path == "/always-503":
            return send(h, 503, b"busy")
        if path == "/rate-limited":
            if hit == 1:
                return send(h, 429, b"slow down", headers={"Retry-After": "0"})
            return send(h, 200, ARTICLE, "text/html")
        if path == "/etag":
            if h.headers.get("If-None-Match") == '"v1"':
                return send(h, 304, b"")
            return send(h, 200, ARTICLE, "text/html", headers={"ETag": '"v1"'})
        return send(h, 404, b"not found", "text/plain")

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]


def send(h: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str | None = None,
         headers: dict[str, str] | None = None) -> None:
    h.send_response(status)
    if ctype:
        h.send_header("Content-Type", ctype)
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


@pytest.fixture
def server() -> Iterator[Server]:
    with Server() as s:
        yield s


OPTS = Options(allow_private=True, rate_per_host=0, http_timeout=0.5, http_retries=2, max_bytes=1_000_000)


class FakeStore:
    """The two store methods conditional GET needs."""

    def __init__(self) -> None:
        self.validators: dict[str, tuple[str | None, str | None]] = {}

    def http_validators(self, url: str) -> tuple[str | None, str | None]:
        return self.validators.get(url, (None, None))

    def put_http_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self.validators[url] = (etag, last_modified)


def fetcher(options: Options = OPTS, store: object = None) -> tuple[HttpFetcher, list[float]]:
    sleeps: list[float] = []
    return HttpFetcher(options, store, backoff=0.01, sleep=sleeps.append), sleeps  # type: ignore[arg-type]


# -- single pages ---------------------------------------------------------------------------------------------
def test_page_is_fetched_with_user_agent(server: Server) -> None:
    f, _ = fetcher()
    doc = f.get(server.base + "/page.html")
    assert doc.body == ARTICLE and doc.kind == "html"
    assert doc.page.status == 200 and doc.page.url == server.base + "/page.html"
    assert doc.page.content_type and doc.page.content_type.startswith("text/html")
    ua = [hdrs.get("User-Agent") for p, hdrs in server.requests if p == "/page.html"]
    assert ua == [OPTS.user_agent]


def test_plain_text_page_is_text(server: Server) -> None:
    f, _ = fetcher()
    assert f.get(server.base + "/plain").kind == "text"


def test_404_is_a_fetch_error(server: Server) -> None:
    f, _ = fetcher()
    with pytest.raises(FetchError, match="HTTP 404"):
        f.get(server.base + "/nothing-here")


def test_redirect_is_followed_and_final_url_kept(server: Server) -> None:
    f, _ = fetcher()
    doc = f.get(server.base + "/moved")
    assert doc.source == server.base + "/moved"
    assert doc.page.url == server.base + "/news/moved.html"


def test_redirect_loop(server: Server) -> None:
    f, _ = fetcher()
    with pytest.raises(FetchError, match="redirect loop"):
        f.get(server.base + "/loop-a")


def test_too_many_redirects(server: Server) -> None:
    f, _ = fetcher()
    with pytest.raises(FetchError, match="too many redirects"):
        f.get(server.base + "/chain/0")
    assert server.hits.get("/chain/5") == 1 and "/chain/6" not in server.hits


def test_slow_endpoint_times_out(server: Server) -> None:
    f, _ = fetcher(OPTS.replace(http_timeout=0.2))
    start = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        f.get(server.base + "/slow")
    assert time.monotonic() - start < 1.4


@pytest.mark.parametrize("path", ["/huge", "/huge-chunked"])
def test_body_over_cap_is_refused(server: Server, path: str) -> None:
    f, _ = fetcher()
    with pytest.raises(FetchError, match="too large"):
        f.get(server.base + path)


def test_503_then_200_is_retried_with_backoff(server: Server) -> None:
    f, sleeps = fetcher()
    assert f.get(server.base + "/flaky").body == ARTICLE
    assert server.hits["/flaky"] == 2 and sleeps == [0.01]


def test_retries_give_up_with_growing_backoff(server: Server) -> None:
    f, sleeps = fetcher()
    with pytest.raises(FetchError, match="HTTP 503"):
        f.get(server.base + "/always-503")
    assert server.hits["/always-503"] == OPTS.http_retries + 1
    assert sleeps == [0.01, 0.02]


def test_retry_after_is_honoured(server: Server) -> None:
    f, sleeps = fetcher()
    assert f.get(server.base + "/rate-limited").body == ARTICLE
    assert sleeps == [0.0]


def test_etag_conditional_get(server: Server) -> None:
    store = FakeStore()
    f, _ = fetcher(store=store)
    url = server.base + "/etag"
    assert f.get(url).body == ARTICLE
    assert store.validators[url] == ('"v1"', None)
    with pytest.raises(NotModified):
        f.get(url)
    assert server.requests[-1][1].get("If-None-Match") == '"v1"'
    assert f.get(url, conditional=False).body == ARTICLE


def test_etag_with_the_real_store(server: Server, tmp_path: Path) -> None:
    from newsprism.store import Store

    store = Store(tmp_path / "np.db")
    url = server.base + "/etag"
    assert len(list(iter_documents([url], OPTS, validators=store))) == 1
    again = list(iter_documents([url], OPTS, validators=store))
    assert again == [Failure(url, "not modified", "fetch")]


def test_robots_txt_disallow(server: Server) -> None:
    f, _ = fetcher()
    with pytest.raises(FetchError, match="robots.txt"):
        f.get(server.base + "/private/secret.html")
    assert "/private/secret.html" not in server.paths()
    f.get(server.base + "/page.html")
    assert server.hits["/robots.txt"] == 1  # cached per host


def test_robots_txt_can_be_ignored(server: Server) -> None:
    f, _ = fetcher(OPTS.replace(respect_robots=False))
    assert f.get(server.base + "/private/secret.html").body == ARTICLE
    assert "/robots.txt" not in server.paths()


def test_rate_limit_spaces_requests_to_one_host(server: Server) -> None:
    f = HttpFetcher(OPTS.replace(rate_per_host=20.0, respect_robots=False))
    start = time.monotonic()
    for _ in range(4):
        f.get(server.base + "/page.html")
    assert time.monotonic() - start >= 3 / 20 - 0.01


# -- SSRF guard ---------------------------------------------------------------------------------------------------
def test_loopback_is_refused_by_default(server: Server) -> None:
    f, _ = fetcher(Options(rate_per_host=0))
    with pytest.raises(BlockedAddressError, match="loopback"):
        f.get(server.base + "/page.html")
    assert server.requests == []
    items = list(iter_documents([server.base + "/page.html"], Options(rate_per_host=0)))
    assert len(items) == 1 and isinstance(items[0], Failure) and "loopback" in items[0].reason
    assert server.requests == []


def test_redirect_to_private_address_is_refused() -> None:
    """Each hop is checked: a public page may not bounce the fetcher onto the internal network."""
    addresses = {"news.example": "93.184.216.34", "intranet.example": "10.0.0.5"}

    def resolve(host: str, port: int, **kw: object) -> list[tuple[object, ...]]:
        return [(2, 1, 6, "", (addresses[host], port))]

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.host == "93.184.216.34"  # connected to the vetted address, not the name
        if request.headers["Host"] == "news.example" and request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.headers["Host"] == "news.example":
            return httpx.Response(302, headers={"Location": "http://intranet.example/admin"})
        return httpx.Response(200, text="secret")

    client = httpx.Client(transport=httpx.MockTransport(handler))
    f = HttpFetcher(Options(rate_per_host=0), client=client, resolve=resolve)
    with pytest.raises(BlockedAddressError, match=r"intranet.example \(10.0.0.5\): private"):
        f.get("http://news.example/story")


def test_connection_is_pinned_to_the_vetted_address() -> None:
    """DNS rebinding: the name is resolved once, checked, and the request goes to that address."""
    answers = iter(["93.184.216.34", "127.0.0.1"])

    def resolve(host: str, port: int, **kw: object) -> list[tuple[object, ...]]:
        return [(2, 1, 6, "", (next(answers), port))]

    seen: list[tuple[str, str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, request.headers["Host"], request.extensions.get("sni_hostname")))
        return httpx.Response(200, html="<p>ok</p>")

    client = httpx.Client(transport=httpx.MockTransport(handler))
    f = HttpFetcher(Options(rate_per_host=0, respect_robots=False), client=client, resolve=resolve)
    doc = f.get("https://news.example:8443/story")
    assert seen == [("93.184.216.34", "news.example:8443", "news.example")]
    assert doc.page.url == "https://news.example:8443/story"
    with pytest.raises(BlockedAddressError):  # the second answer is loopback
        f.get("https://news.example:8443/other")


def test_unsupported_scheme_is_a_failure() -> None:
    items = list(iter_documents(["ftp://files.example/a.html"], OPTS))
    assert len(items) == 1 and isinstance(items[0], Failure) and "scheme" in items[0].reason


# -- feeds and sitemaps ---------------------------------------------------------------------------------------------
def test_feed_yields_one_document_per_entry(server: Server) -> None:
    items = list(iter_documents([server.base + "/feed.xml"], OPTS))
    assert all(isinstance(i, Document) for i in items)
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.source for d in docs] == [server.base + f"/news/{n}.html" for n in ("ferry", "wall", "museum")]
    assert docs[0].meta["title"] == "Ferry service resumes"
    assert docs[0].meta["published"].startswith("2024-05-14T09:00:00")


def test_feed_entries_older_than_since_are_not_fetched(server: Server) -> None:
    since = datetime(2024, 5, 10, tzinfo=UTC)
    items = list(iter_documents([server.base + "/feed.xml"], OPTS, since=since))
    assert [i.source for i in items] == [server.base + "/news/ferry.html", server.base + "/news/wall.html"]
    assert "/news/museum.html" not in server.paths()
    naive = list(iter_documents([server.base + "/feed.xml"], OPTS, since=datetime(2024, 5, 14)))
    assert [i.source for i in naive] == [server.base + "/news/ferry.html"]


def test_atom_feed_with_relative_link(server: Server) -> None:
    items = list(iter_documents([server.base + "/atom.xml"], OPTS))
    assert [i.source for i in items] == [server.base + "/news/road.html"]


def test_broken_feed_is_one_failure(server: Server) -> None:
    items = list(iter_documents([server.base + "/broken-feed.xml"], OPTS))
    assert len(items) == 1 and isinstance(items[0], Failure)
    assert items[0].source == server.base + "/broken-feed.xml" and "feed" in items[0].reason


def test_sitemap_urls_are_followed_and_filtered(server: Server) -> None:
    items = list(iter_documents([server.base + "/sitemap.xml"], OPTS, since=datetime(2024, 5, 13, tzinfo=UTC)))
    assert [i.source for i in items] == [server.base + "/news/ferry.html", server.base + "/news/wall.html"]
    assert isinstance(items[0], Document) and "published" not in items[0].meta  # lastmod is not a pub date


def test_news_sitemap_publication_date(server: Server) -> None:
    items = list(iter_documents([server.base + "/news-sitemap.xml"], OPTS, since=datetime(2024, 5, 1, tzinfo=UTC)))
    assert [i.source for i in items] == [server.base + "/news/ferry.html"]
    assert isinstance(items[0], Document) and items[0].meta["published"] == "2024-05-14T09:00:00+00:00"


def test_sitemap_index_one_level_deep(server: Server) -> None:
    items = list(iter_documents([server.base + "/sitemap-index.xml"], OPTS))
    failures = [i for i in items if isinstance(i, Failure)]
    docs = [i for i in items if isinstance(i, Document)]
    assert len(docs) == 3
    assert [f.source for f in failures] == [server.base + "/missing-sitemap.xml"]


def test_entry_failures_do_not_stop_the_feed(server: Server) -> None:
    items = list(iter_documents([server.base + "/image.png", server.base + "/nothing", server.base + "/page.html"],
                                OPTS))
    assert [type(i).__name__ for i in items] == ["Failure", "Failure", "Document"]
    assert "not a web page" in items[0].reason  # type: ignore[union-attr]
    assert "404" in items[1].reason  # type: ignore[union-attr]


def test_an_unexpected_error_is_one_failure_and_the_batch_goes_on() -> None:
    class Broken(HttpFetcher):
        def get(self, url: str, *, conditional: bool = True) -> Document:
            raise RuntimeError("bug\nwith a second line")

    items = list(iter_documents(["https://news.example/a", str(DATA / "note.txt")], OPTS, fetcher=Broken(OPTS)))
    assert isinstance(items[0], Failure) and items[0].reason == "unexpected error: RuntimeError: bug"
    assert isinstance(items[1], Document)
