"""Story analyses in the server: at most ``analysis_workers`` at once, a time budget per request."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsprism.model import Analysis, to_dict
from newsprism.settings import Options
from newsprism.store import Store
from newsprism.web import create_app
from tests.web.helpers import build_store


class SlowAnalysis:
    """Stands in for the pipeline: each analysis waits for ``gate``; counts how many run at once."""

    def __init__(self, analyses: dict[str, Analysis]) -> None:
        self.analyses = analyses
        self.gate = threading.Event()
        self.running = self.most = 0
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, _store: Store, story_id: str, _options: Options) -> Analysis:
        with self._lock:
            self.calls.append(story_id)
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            self.gate.wait(10)
            return self.analyses[story_id]
        finally:
            with self._lock:
                self.running -= 1


@pytest.fixture()
def slow(tmp_path: Path) -> Iterator[tuple[TestClient, SlowAnalysis]]:
    store, analyses = build_store(tmp_path / "pool.db")
    fake = SlowAnalysis(analyses)
    app = create_app(store, Options(api_rate=0, analysis_workers=1, analysis_timeout=0.3), analysis_of=fake)
    with TestClient(app, base_url="http://localhost") as client:
        yield client, fake
        fake.gate.set()
    store.close()


def test_a_slow_analysis_answers_503_then_the_result(slow: Any) -> None:
    client, fake = slow
    r = client.get("/api/v1/stories/bridge/analysis")
    assert r.status_code == 503 and r.headers["retry-after"] == "30"
    assert "taking longer than 0.3 s" in r.json()["message"]
    page = client.get("/stories/bridge", headers={"accept": "text/html"})
    assert page.status_code == 503 and "try again" in page.text
    assert fake.calls == ["bridge"]  # the requests that waited shared one analysis
    fake.gate.set()
    deadline = time.monotonic() + 5
    while (r := client.get("/api/v1/stories/bridge/analysis")).status_code == 503 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert r.status_code == 200 and r.json() == to_dict(fake.analyses["bridge"])


def test_analyses_of_different_stories_run_one_at_a_time(slow: Any) -> None:
    client, fake = slow
    answers: list[int] = []
    threads = [threading.Thread(target=lambda sid=sid: answers.append(
        client.get(f"/api/v1/stories/{sid}/analysis").status_code)) for sid in ("bridge", "library")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [503, 503]
    assert fake.running == 1 and fake.calls in (["bridge"], ["library"])  # the other one waits in the queue
    fake.gate.set()
    deadline = time.monotonic() + 5
    while len(fake.calls) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(fake.calls) == ["bridge", "library"] and fake.most == 1
