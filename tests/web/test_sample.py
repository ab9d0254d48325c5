"""End-to-end on the real pipeline: the bundled sample corpus ingested, clustered and analysed,
served, and read in Debian's headless Chromium as a person would."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from newsprism.demo import run_demo
from newsprism.settings import Options
from newsprism.store import Store
from newsprism.web import create_app
from tests.web.server import running

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("sample")
    db = tmp / "sample.db"
    run_demo(db, tmp / "report", Options(db=str(db)), quiet=True)
    store = Store(db)
    with running(create_app(store, Options(db=str(db), api_rate=0))) as url:
        yield url
    store.close()


def test_api_serves_the_sample_stories_with_their_analysis(site: str) -> None:
    listing = httpx.get(site + "/api/v1/stories").json()
    items = listing["stories"]
    assert listing["total"] == len(items) == 4
    velora = next(s for s in items if "Velora" in (s.get("title") or ""))
    analysis = httpx.get(f"{site}/api/v1/stories/{velora['id']}/analysis").json()
    values = {v["value"] for c in analysis["conflicts"] for v in c["values"]}
    assert {4200, 4000} <= values
    assert all(s["articles"] for s in analysis["summary"])


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is missing (make browser installs it)")
def test_read_a_sample_story_in_the_browser(site: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser: Any = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(site + "/")
        assert page.locator("ol.stories .stitle").count() == 4
        page.fill("input[name=q]", "Velora")
        page.click("form.filters button[type=submit]")
        titles = page.locator("ol.stories .stitle").all_inner_texts()
        assert len(titles) == 1 and "Velora" in titles[0]
        page.click("ol.stories .stitle >> nth=0")
        assert "Velora" in page.locator("h1").inner_text()
        consensus = page.locator("button.find[data-key^='c-']").first
        consensus.click()
        lit = page.locator(".m.hl")
        assert lit.count() >= 2  # a consensus claim is lit in at least two articles
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "sample-story-claim.png"))
        browser.close()
