"""``newsprism serve --run DIR`` against ``newsprism load DIR`` + ``serve --db``: two real servers
started by the CLI over the sample corpus's run, asked the same things over HTTP, answer the same."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from newsprism.settings import Options
from newsprism.store import Store
from newsprism.web import create_app
from tests.web.server import free_port

ENV = {**os.environ, "NEWSPRISM_API_RATE": "0", "HF_HUB_OFFLINE": "1"}


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsprism.cli", *args], capture_output=True, text=True,
                          timeout=300, env=ENV)


@contextmanager
def _serving(*args: str) -> Iterator[str]:
    """``newsprism serve ARGS`` on a free loopback port, until the block ends."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "newsprism.cli", "serve", *args, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(url + "/api/v1/outlets", timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None:
                    pytest.fail(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
                time.sleep(0.1)
        else:
            pytest.fail("server did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def servers(local_sample_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(the run's folder served directly, the database ``load`` made of it served)."""
    db = tmp_path_factory.mktemp("served") / "loaded.db"
    done = _cli("load", str(local_sample_run), "--db", str(db))
    assert done.returncode == 0, done.stderr
    with _serving("--run", str(local_sample_run)) as direct, _serving("--db", str(db)) as loaded:
        yield direct, loaded


def _both(servers: tuple[str, str], path: str) -> tuple[httpx.Response, httpx.Response]:
    return httpx.get(servers[0] + path, timeout=60), httpx.get(servers[1] + path, timeout=60)


def _same(servers: tuple[str, str], path: str) -> httpx.Response:
    direct, loaded = _both(servers, path)
    assert (direct.status_code, direct.headers.get("content-type")) == (loaded.status_code,
                                                                       loaded.headers.get("content-type")), path
    assert direct.content == loaded.content, path
    return direct


def test_the_same_stories_and_analyses(servers: tuple[str, str]) -> None:
    listing = _same(servers, "/api/v1/stories").json()
    assert listing["total"] == len(listing["stories"]) == 4
    for s in listing["stories"]:
        story = _same(servers, f"/api/v1/stories/{s['id']}").json()
        assert story["article_ids"]
        analysis = _same(servers, f"/api/v1/stories/{s['id']}/analysis").json()
        assert analysis["story"] == s["id"] and analysis["claims"]
        for article_id in story["article_ids"]:
            assert _same(servers, f"/api/v1/articles/{article_id}").json()["id"] == article_id
        _same(servers, f"/api/v1/stories/{s['id'][:6]}")


@pytest.mark.parametrize("query", [
    "?q=court", "?q=Velora", "?q=police%20said", "?q=zeppelin", "?outlet=Coastline%20Daily", "?since=2026-06-22",
    "?until=2026-06-01", "?per_page=2&page=2", "?q=the&per_page=1&page=3",
])
def test_the_same_filtered_story_pages(servers: tuple[str, str], query: str) -> None:
    _same(servers, "/api/v1/stories" + query)
    _same(servers, "/" + query)


@pytest.mark.parametrize("path", [
    "/api/v1/articles?q=the", "/api/v1/articles?q=police&limit=3", "/api/v1/articles?q=U.S.",
    "/api/v1/outlets", "/api/v1/openapi.json", "/api/v1/stories/zzzz", "/api/v1/articles/nope",
    "/api/v1/stories?since=bad",
])
def test_the_same_search_and_errors(servers: tuple[str, str], path: str) -> None:
    _same(servers, path)


def test_the_same_pages(servers: tuple[str, str]) -> None:
    listing = _same(servers, "/api/v1/stories").json()
    for s in listing["stories"]:
        page = _same(servers, f"/stories/{s['id']}")
        assert s["title"].split()[0] in page.text
        _same(servers, f"/stories/{s['id']}/report.html")


def test_adding_coverage_is_refused_clearly(servers: tuple[str, str]) -> None:
    direct, loaded = servers
    refused = httpx.post(direct + "/api/v1/ingest", json={"urls": ["https://example.org/a.html"]}, timeout=10)
    assert refused.status_code == 403
    assert "read-only" in refused.json()["message"] and "newsprism load" in refused.json()["message"]
    form = httpx.post(direct + "/ingest", data={"urls": "https://example.org/a.html"}, timeout=10,
                      headers={"accept": "text/html"})
    assert form.status_code == 403 and "read-only" in form.text
    assert "read-only" in httpx.get(direct + "/ingest", timeout=10).text
    assert "read-only" not in httpx.get(loaded + "/ingest", timeout=10).text


def test_a_folder_that_is_not_a_finished_run_is_one_clear_line(tmp_path: Path) -> None:
    done = _cli("serve", "--run", str(tmp_path))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "not the output of a run" in done.stderr
    (tmp_path / "run.json").write_text("{}")
    done = _cli("serve", "--run", str(tmp_path))
    assert done.returncode == 1 and "the run did not finish" in done.stderr


def test_a_read_only_database_refuses_coverage_the_same_way(tmp_path: Path) -> None:
    db = tmp_path / "ro.db"
    Store(db).close()
    client = TestClient(create_app(Store(db, read_only=True), Options(api_rate=0)), base_url="http://localhost")
    refused = client.post("/api/v1/ingest", json={"urls": ["https://example.org/a.html"]})
    assert refused.status_code == 403 and "read-only" in refused.json()["message"]
    assert "read-only" in client.get("/ingest").text
    writable = TestClient(create_app(Store(tmp_path / "rw.db"), Options(api_rate=0)), base_url="http://localhost")
    assert "read-only" not in writable.get("/ingest").text
