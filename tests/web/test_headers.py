"""HEAD answers like GET; no page runs inline script except the report's own, allowed by its hash."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsprism.settings import Options
from newsprism.web import create_app
from tests.web.helpers import build_store


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    store, analyses = build_store(tmp_path / "h.db")
    app = create_app(store, Options(api_rate=0), analysis_of=lambda _s, sid, _o: analyses[sid],
                     ingest=lambda *a, **k: ([], 0, []))
    yield TestClient(app, base_url="http://localhost")
    store.close()


@pytest.mark.parametrize("path", ["/", "/ingest", "/api/v1/stories", "/static/style.css"])
def test_head_answers_like_get(client: TestClient, path: str) -> None:
    head, get = client.head(path), client.get(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]


def test_head_of_a_missing_page_is_404(client: TestClient) -> None:
    assert client.head("/stories/nope").status_code == 404


def _story(client: TestClient) -> Any:
    return client.get("/api/v1/stories").json()["stories"][0]["id"]


def test_pages_allow_no_inline_script(client: TestClient) -> None:
    for path in ["/", "/ingest", f"/stories/{_story(client)}"]:
        r = client.get(path)
        policy = r.headers["content-security-policy"]
        script_src = re.search(r"script-src ([^;]*)", policy)
        assert script_src and script_src.group(1).strip() == "'self'", policy
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", r.text), f"inline script in {path}"
        assert not re.search(r"\son[a-z]+\s*=", r.text.split("<main", 1)[0]), f"event handler attribute in {path}"


def test_report_allows_only_its_own_script(client: TestClient) -> None:
    r = client.get(f"/stories/{_story(client)}/report.html")
    policy = r.headers["content-security-policy"]
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";")[0]
    scripts = re.findall(r"<script>(.*?)</script>", r.text, flags=re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert f"'sha256-{digest}'" in r.text.split("<title>", 1)[0]  # the file's own policy, for when it is opened offline
