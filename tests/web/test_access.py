"""Who the server answers: the Host allowlist, the write token, Origin checks, X-Forwarded-For, stopping."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from newsprism.settings import Options
from newsprism.store import Store
from newsprism.web import app as web_app
from newsprism.web import create_app
from newsprism.web.access import LOOPBACK_HOSTS, Access
from newsprism.web.app import server_access, uvicorn_config
from tests.web.helpers import build_store
from tests.web.server import free_port, running_config

INGEST = {"urls": ["https://news.example/a"]}


def _no_ingest(inputs: Any, store: Any, options: Any, on_item: Any, **_: Any) -> tuple[list[str], int, list[str]]:
    return [], 0, []


@pytest.fixture()
def fixture_store(tmp_path: Path) -> Iterator[Store]:
    store, _ = build_store(tmp_path / "access.db")
    yield store
    store.close()


def _client(store: Store, access: Access | None = None, base: str = "http://localhost", **options: Any) -> TestClient:
    app = create_app(store, Options(**{"api_rate": 0, **options}), ingest=_no_ingest, access=access)
    return TestClient(app, base_url=base)


# -- Host allowlist ---------------------------------------------------------------------------------
@pytest.mark.parametrize("base", ["http://evil.example", "http://evil.example:8000", "http://127.0.0.2.nip.io"])
def test_unknown_host_is_refused(fixture_store: Store, base: str) -> None:
    client = _client(fixture_store, base=base)
    assert client.get("/").status_code == 400
    assert client.post("/api/v1/ingest", json=INGEST).status_code == 400
    assert "--allowed-host" in client.get("/api/v1/stories").json()["message"]


@pytest.mark.parametrize("base", ["http://localhost:8000", "http://127.0.0.1", "http://[::1]:9"])
def test_loopback_names_are_answered(fixture_store: Store, base: str) -> None:
    assert _client(fixture_store, base=base).get("/api/v1/stories").status_code == 200


def test_allowed_host_adds_a_name(fixture_store: Store) -> None:
    access = Access(allowed_hosts=(*LOOPBACK_HOSTS, "news.internal"))
    assert _client(fixture_store, access, base="http://news.internal:8000").get("/").status_code == 200
    assert _client(fixture_store, access, base="http://other.internal").get("/").status_code == 400


# -- Origin: compared with the allowlist, not with Host -----------------------------------------------
def test_dns_rebinding_page_cannot_post(fixture_store: Store) -> None:
    # the rebinding page's Origin and Host agree (both evil.example): the Host check stops it
    client = _client(fixture_store, base="http://evil.example:8000")
    r = client.post("/api/v1/ingest", json=INGEST, headers={"origin": "http://evil.example:8000"})
    assert r.status_code == 400


def test_origin_must_be_an_allowed_host_on_the_same_port(fixture_store: Store) -> None:
    access = Access(allowed_hosts=(*LOOPBACK_HOSTS, "news.internal"))
    client = _client(fixture_store, access, base="http://localhost:8000")
    post = lambda origin: client.post("/api/v1/ingest", json=INGEST, headers={"origin": origin}).status_code  # noqa: E731
    assert post("http://localhost:8000") == 202
    assert post("http://news.internal") == 202
    assert post("http://evil.example") == 403
    assert post("http://localhost:3000") == 403  # another program on this machine
    assert post("http://127.0.0.1:3000") == 403  # ... under another loopback name
    assert post("http://127.0.0.1:8000") == 202
    assert post("null") == 403


# -- token -------------------------------------------------------------------------------------------
def test_writes_need_the_token_reads_do_not(fixture_store: Store) -> None:
    client = _client(fixture_store, Access(token="s3cret"))
    assert client.get("/api/v1/stories").status_code == 200
    assert client.post("/api/v1/ingest", json=INGEST).status_code == 401
    assert client.post("/api/v1/ingest", json=INGEST, headers={"authorization": "Bearer nope"}).status_code == 401
    assert client.post("/api/v1/ingest", json=INGEST, headers={"authorization": "Bearer s3cret"}).status_code == 202
    assert client.post("/api/v1/ingest", json=INGEST, headers={"x-newsprism-token": "s3cret"}).status_code == 202
    assert client.post("/ingest", data={"urls": "https://news.example/a"}, follow_redirects=False).status_code == 401


def test_token_link_sets_a_cookie_for_the_browser(fixture_store: Store) -> None:
    client = _client(fixture_store, Access(token="s3cret"))
    assert client.get("/?token=wrong", follow_redirects=False).status_code == 401
    r = client.get("/ingest?token=s3cret", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/ingest"
    assert "HttpOnly" in r.headers["set-cookie"] and "SameSite=Strict" in r.headers["set-cookie"]
    assert client.post("/ingest", data={"urls": "https://news.example/a"}, follow_redirects=False).status_code == 303


def test_recent_jobs_are_shown_only_with_the_token(fixture_store: Store) -> None:
    client = _client(fixture_store, Access(token="s3cret"))
    job = client.post("/api/v1/ingest", json={"urls": ["https://news.example/secret-plan"]},
                      headers={"authorization": "Bearer s3cret"}).json()
    assert f"/jobs/{job['id']}" not in client.get("/ingest").text
    assert f"/jobs/{job['id']}" in client.get("/ingest", headers={"authorization": "Bearer s3cret"}).text


def test_beyond_loopback_a_token_is_required_and_made_up() -> None:
    assert server_access("127.0.0.1").token is None
    assert server_access("127.0.0.1", token="mine").token == "mine"
    wide = server_access("0.0.0.0")
    assert wide.token and len(wide.token) >= 24
    assert server_access("0.0.0.0", token="mine").token == "mine"
    assert "192.168.1.5" in server_access("192.168.1.5").allowed_hosts
    assert "news.internal" in server_access("0.0.0.0", ["news.internal"]).allowed_hosts


def test_serve_beyond_loopback_prints_warning_and_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    import uvicorn

    ran: list[Any] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self: ran.append(self.config))
    web_app.serve(Options(db=str(tmp_path / "s.db")), host="0.0.0.0", port=8123)
    err = capsys.readouterr().err
    assert "listening on 0.0.0.0" in err and "token" in err
    token = err.split("?token=", 1)[1].split()[0]
    assert ran and ran[0].app.state.ctx.access.token == token
    web_app.serve(Options(db=str(tmp_path / "s.db")), host="127.0.0.1", port=8123)
    assert capsys.readouterr().err == ""


# -- X-Forwarded-For ---------------------------------------------------------------------------------
def _burst(url: str, n: int) -> list[int]:
    with httpx.Client(trust_env=False) as client:
        return [client.get(f"{url}/api/v1/outlets", headers={"x-forwarded-for": f"203.0.113.{i}"}).status_code
                for i in range(n)]


def test_forwarded_for_does_not_bypass_the_rate_limit(fixture_store: Store) -> None:
    app = create_app(fixture_store, Options(api_rate=0.01, api_burst=2), ingest=_no_ingest)
    with running_config(uvicorn_config(app, "127.0.0.1", free_port())) as url:
        assert _burst(url, 4) == [200, 200, 429, 429]


def test_forwarded_for_is_believed_from_named_proxies(fixture_store: Store) -> None:
    app = create_app(fixture_store, Options(api_rate=0.01, api_burst=2), ingest=_no_ingest)
    with running_config(uvicorn_config(app, "127.0.0.1", free_port(), "127.0.0.1")) as url:
        assert _burst(url, 4) == [200, 200, 200, 200]  # four clients behind our proxy, one request each


# -- stopping ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_promptly_while_a_job_hangs_on_a_dripping_server(tmp_path: Path, drip: str,
                                                                      sig: signal.Signals) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src"), "NEWSPRISM_HTTP_DEADLINE": "600",
           "NEWSPRISM_HTTP_TIMEOUT": "600", "NEWSPRISM_RESPECT_ROBOTS": "false"}
    proc = subprocess.Popen([sys.executable, "-m", "newsprism.cli", "serve", "--db", str(tmp_path / "s.db"),
                             "--port", str(port), "--allow-private"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(trust_env=False, timeout=5) as client:
            for _ in range(300):
                try:
                    job = client.post(f"{base}/api/v1/ingest", json={"urls": [drip]}).json()
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            else:
                pytest.fail("server did not start")
            for _ in range(100):
                if client.get(f"{base}/api/v1/jobs/{job['id']}").json()["state"] == "running":
                    break
                time.sleep(0.05)
        time.sleep(0.5)  # the job is now reading the dripping headers, with ten minutes to go
        proc.send_signal(sig)
        assert proc.wait(timeout=10) is not None  # before: waited for the job, i.e. ten minutes
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def test_shutdown_stops_the_running_job_and_drops_queued_ones(fixture_store: Store) -> None:
    from newsprism.model import Failure
    from newsprism.web.jobs import JobRunner

    started = threading.Event()

    def slow(inputs: Any, store: Any, options: Any, on_item: Any, **_: Any) -> tuple[list[str], int, list[str]]:
        started.set()
        for _ in range(3000):  # thirty seconds of slow inputs unless stopped
            time.sleep(0.01)
            on_item(Failure("x", "slow", "fetch"))
        return [], 0, []

    runner = JobRunner(fixture_store, Options(), ingest=slow)
    first, second = runner.submit(["a"]), runner.submit(["b"])
    assert started.wait(5)
    runner.shutdown(grace=10)
    assert first.state == "failed" and "stopped with the server" in (first.message or "")
    assert second.state == "failed" and "before this job ran" in (second.message or "")


def test_uploads_are_stored_under_their_own_name(fixture_store: Store) -> None:
    from tests.test_cli import PAGE

    app = create_app(fixture_store, Options(api_rate=0))  # the real pipeline: reads the uploaded file
    with TestClient(app, base_url="http://localhost") as client:
        job = client.post("/api/v1/ingest/files", files=[("files", ("courier page.html", PAGE.encode(), "text/html")),
                                                         ("files", ("empty.txt", b" ", "text/plain"))]).json()
        for _ in range(600):
            job = client.get(f"/api/v1/jobs/{job['id']}").json()
            if job["finished"]:
                break
            time.sleep(0.05)
        assert job["state"] == "done", job
        article = client.get(f"/api/v1/articles/{job['added'][0]}").json()
    assert article["source"] == "courier page.html"
    assert [f["source"] for f in job["failures"]] == ["empty.txt"]
    assert "newsprism-upload" not in str(job)
