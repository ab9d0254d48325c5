"""The REST API and the pages, through FastAPI's TestClient on the fictional fixture store."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsprism.model import Article, Failure, to_dict
from newsprism.settings import Options
from newsprism.store import Store
from newsprism.web import create_app
from tests.web.helpers import build_store


class FakeIngest:
    """Stands in for the pipeline: records what it was given (and whether uploads existed then)."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.seen: dict[str, bytes] = {}
        self.gate = threading.Event()
        self.gate.set()

    def __call__(self, inputs: Sequence[str], store: Store, options: Options,
                 on_item: Callable[[Article | Failure], None], **_: Any) -> tuple[list[str], int, list[str]]:
        self.gate.wait(5)
        self.calls.append(list(inputs))
        for path in inputs:
            if os.path.exists(path):
                self.seen[path] = Path(path).read_bytes()
            on_item(Failure(source=path, reason="fake: not parsed", stage="extract"))
        return ["new-article"], 1, ["bridge"]


@pytest.fixture()
def fixture_store(tmp_path: Path) -> Iterator[tuple[Store, dict[str, Any]]]:
    store, analyses = build_store(tmp_path / "api.db")
    yield store, analyses
    store.close()


def _client(fixture_store: tuple[Store, dict[str, Any]], ingest: Any = None, **options: Any) -> TestClient:
    store, analyses = fixture_store
    app = create_app(store, Options(**{"api_rate": 0, **options}),
                     analysis_of=lambda _s, sid, _o: analyses[sid], ingest=ingest or FakeIngest())
    return TestClient(app, base_url="http://localhost")


def _wait(client: TestClient, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/jobs/{job_id}").json()
        if job["finished"]:
            return job  # type: ignore[no-any-return]
        time.sleep(0.02)
    raise AssertionError("job did not finish")


def test_story_list_newest_first_with_counts(fixture_store: Any) -> None:
    body = _client(fixture_store).get("/api/v1/stories").json()
    assert body["total"] == 2
    assert [s["id"] for s in body["stories"]] == ["bridge", "library"]
    bridge = body["stories"][0]
    assert bridge["articles"] == 4 and len(bridge["outlets"]) == 4 and bridge["copies"] == 1


@pytest.mark.parametrize(("params", "expected"), [
    ({"q": "girder"}, ["bridge"]),
    ({"q": "library books"}, ["library"]),
    ({"q": "zeppelin"}, []),
    ({"q": '"AND (NEAR *'}, []),  # FTS syntax in user input is taken as words, never an error
    ({"outlet": "Riverside Post"}, ["library"]),
    ({"outlet": "Calder Gazette"}, ["bridge", "library"]),
    ({"since": "2024-03-05"}, ["bridge"]),
    ({"until": "2024-02-28"}, ["library"]),
    ({"since": "2024-02-11", "until": "2024-03-04"}, ["bridge", "library"]),
    ({"per_page": 1, "page": 2}, ["library"]),
])
def test_story_list_filters(fixture_store: Any, params: dict[str, Any], expected: list[str]) -> None:
    body = _client(fixture_store).get("/api/v1/stories", params=params).json()
    assert [s["id"] for s in body["stories"]] == expected


def test_story_analysis_and_article(fixture_store: Any) -> None:
    client = _client(fixture_store)
    story = client.get("/api/v1/stories/bridge").json()
    assert story["article_ids"] == ["gazette-bridge", "wire-bridge", "courier-bridge", "lantern-bridge"]
    analysis = client.get("/api/v1/stories/bridge/analysis").json()
    assert analysis == to_dict(fixture_store[1]["bridge"])
    article = client.get("/api/v1/articles/lantern-bridge").json()
    assert "<script>alert('pwned')</script>" in article["text"]
    hits = client.get("/api/v1/articles", params={"q": "fiasco"}).json()
    assert [(h["id"], h["story"]) for h in hits] == [("lantern-bridge", "bridge")]
    outlets = client.get("/api/v1/outlets").json()
    assert outlets[0] == {"outlet": "Calder Gazette", "articles": 2}


@pytest.mark.parametrize("path", ["/api/v1/stories/nope", "/api/v1/stories/nope/analysis",
                                  "/api/v1/articles/nope", "/api/v1/jobs/nope"])
def test_not_found_is_json(fixture_store: Any, path: str) -> None:
    r = _client(fixture_store).get(path)
    assert r.status_code == 404
    assert r.json()["status"] == 404 and "nope" in r.json()["message"]


def test_invalid_parameters_are_json(fixture_store: Any) -> None:
    r = _client(fixture_store).get("/api/v1/stories", params={"per_page": 0})
    assert r.status_code == 422
    assert r.json()["status"] == 422 and "per_page" in r.json()["message"]


@pytest.mark.parametrize("url", ["/etc/passwd", "file:///etc/passwd", "ftp://example.org/x", "http://", "story.html",
                                 "http://[::1"])
def test_ingest_refuses_anything_but_http_urls(fixture_store: Any, url: str) -> None:
    fake = FakeIngest()
    client = _client(fixture_store, ingest=fake)
    r = client.post("/api/v1/ingest", json={"urls": [url]})
    assert r.status_code == 422 and r.json()["status"] == 422 and "urls" in r.json()["message"]
    r = client.post("/ingest", data={"urls": f"https://news.example/ok\n{url}"}, headers={"accept": "text/html"})
    assert r.status_code == 400 and "only http:// and https:// URLs" in r.text
    assert fake.calls == []


def test_ingest_urls_runs_a_job_with_progress(fixture_store: Any) -> None:
    fake = FakeIngest()
    fake.gate.clear()
    client = _client(fixture_store, ingest=fake)
    r = client.post("/api/v1/ingest", json={"urls": ["https://news.example/a", "https://news.example/a", "https://news.example/b"]})
    assert r.status_code == 202
    job = r.json()
    assert job["inputs"] == ["https://news.example/a", "https://news.example/b"]
    assert client.get(f"/api/v1/jobs/{job['id']}").json()["finished"] is False
    fake.gate.set()
    done = _wait(client, job["id"])
    assert done["state"] == "done" and done["processed"] == 2 and len(done["failures"]) == 2
    assert done["added"] == ["new-article"] and done["skipped"] == 1 and done["stories"] == ["bridge"]


def test_upload_goes_to_a_temp_dir_that_is_deleted(fixture_store: Any) -> None:
    fake = FakeIngest()
    client = _client(fixture_store, ingest=fake)
    files = [("files", ("../../evil/notes.txt", b"Harbor Bridge text", "text/plain")),
             ("files", ("page.html", b"<html><body>hi</body></html>", "text/html"))]
    r = client.post("/api/v1/ingest/files", files=files)
    assert r.status_code == 202, r.text
    job = _wait(client, r.json()["id"])
    assert job["inputs"] == ["notes.txt", "page.html"]
    (paths,) = fake.calls
    assert [Path(p).name for p in paths] == ["000-notes.txt", "001-page.html"]
    assert fake.seen[paths[0]] == b"Harbor Bridge text"
    assert not os.path.exists(os.path.dirname(paths[0])), "upload directory left behind"
    assert [f["source"] for f in job["failures"]] == ["notes.txt", "page.html"]


def test_upload_refuses_unknown_types_and_big_bodies(fixture_store: Any) -> None:
    fake = FakeIngest()
    client = _client(fixture_store, ingest=fake, upload_max_bytes=2000)
    r = client.post("/api/v1/ingest/files", files=[("files", ("tool.exe", b"MZ...", "application/octet-stream")),
                                                   ("files", ("empty.txt", b"", "text/plain"))])
    assert r.status_code == 202
    job = _wait(client, r.json()["id"])
    assert [(f["source"], f["stage"]) for f in job["failures"]] == [("tool.exe", "upload"), ("empty.txt", "upload")]
    assert "unsupported file type" in job["failures"][0]["reason"]
    r = client.post("/api/v1/ingest/files", files=[("files", ("big.txt", b"x" * 5000, "text/plain"))])
    assert r.status_code == 413 and r.json()["status"] == 413
    assert fake.calls == []


def test_rate_limit_per_client(fixture_store: Any) -> None:
    client = _client(fixture_store, api_rate=0.5, api_burst=3)
    codes = [client.get("/api/v1/stories").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    r = client.get("/api/v1/stories")
    assert r.json() == {"status": 429, "message": "too many requests; slow down"}
    assert int(r.headers["retry-after"]) >= 1
    assert client.get("/static/style.css").status_code == 200  # static files are not counted


def test_cross_site_posts_are_refused(fixture_store: Any) -> None:
    fake = FakeIngest()
    client = _client(fixture_store, ingest=fake)
    r = client.post("/api/v1/ingest", json={"urls": ["https://news.example/a"]},
                    headers={"origin": "https://evil.example"})
    assert r.status_code == 403
    r = client.post("/ingest", data={"urls": "https://news.example/a"}, headers={"origin": "https://evil.example"})
    assert r.status_code == 403
    assert fake.calls == []


def test_pages_render_and_escape(fixture_store: Any) -> None:
    client = _client(fixture_store)
    home = client.get("/")
    assert home.status_code == 200 and "Harbor Bridge closed after crack found in girder" in home.text
    assert "default-src 'self'" in home.headers["content-security-policy"]
    page = client.get("/stories/bridge").text
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "javascript:" not in page
    assert 'data-key="c-traffic"' in page and 'class="cell omitted"' in page
    report = client.get("/stories/bridge/report.html")
    assert report.status_code == 200 and "attachment" in report.headers["content-disposition"]
    missing = client.get("/stories/nope", headers={"accept": "text/html"})
    assert missing.status_code == 404 and "no such story" in missing.text and "<h1>404</h1>" in missing.text


def test_ingest_form_redirects_to_job_page(fixture_store: Any) -> None:
    fake = FakeIngest()
    client = _client(fixture_store, ingest=fake)
    r = client.post("/ingest", data={"urls": "https://news.example/a\n\nhttps://news.example/b"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/jobs/")
    job_id = r.headers["location"].rsplit("/", 1)[1]
    _wait(client, job_id)
    page = client.get(r.headers["location"]).text
    assert "done" in page and "/stories/bridge" in page
    assert client.post("/ingest", data={"urls": ""}, headers={"accept": "text/html"}).status_code == 400


def test_server_shutdown_stops_the_job_runner(fixture_store: Any) -> None:
    with _client(fixture_store) as client:
        runner = client.app.state.ctx.jobs  # type: ignore[attr-defined]
        stopped: list[bool] = []
        original = runner.shutdown
        runner.shutdown = lambda: (stopped.append(True), original())[-1]
        assert client.get("/api/v1/stories").status_code == 200
        assert stopped == []
    assert stopped == [True]
