"""End-to-end: the web pages in Debian's headless Chromium, driven as a reader would.

Screenshots land in ``test-artifacts/`` (desktop and phone) for a person to look at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsprism.settings import Options
from newsprism.web import create_app
from tests.web.helpers import build_store
from tests.web.server import running

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is missing (make browser installs it)"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store, analyses = build_store(tmp_path_factory.mktemp("web") / "web.db")
    app = create_app(store, Options(api_rate=0), analysis_of=lambda _s, sid, _o: analyses[sid])
    with running(app) as url:
        yield url
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _page(browser: Any, phone: bool = False) -> Any:
    if phone:
        ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    else:
        ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    page = ctx.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    return page


def _shot(page: Any, name: str, full: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


def test_list_search_and_open_a_story(site: str, browser: Any) -> None:
    page = _page(browser)
    page.goto(site + "/")
    titles = page.locator("ol.stories .stitle").all_inner_texts()
    assert titles == ["Harbor Bridge closed after crack found in girder", "Tallow University opens its new library"]
    _shot(page, "stories-desktop")
    page.fill("input[name=q]", "girder")
    page.click("form.filters button[type=submit]")
    assert page.locator("ol.stories .stitle").all_inner_texts() == ["Harbor Bridge closed after crack found in girder"]
    page.select_option("select[name=outlet]", "Riverside Post")
    page.fill("input[name=q]", "")
    page.click("form.filters button[type=submit]")
    assert page.locator("ol.stories .stitle").all_inner_texts() == ["Tallow University opens its new library"]
    page.goto(site + "/")
    page.click("text=Harbor Bridge closed after crack found in girder")
    assert page.url.endswith("/stories/bridge")
    assert page.locator("h1").inner_text() == "Harbor Bridge closed after crack found in girder"
    page.context.close()


def test_click_a_claim_highlights_it_in_every_article(site: str, browser: Any) -> None:
    page = _page(browser)
    page.goto(site + "/stories/bridge")
    assert page.locator(".m.hl").count() == 0
    page.click("button.find[data-key='c-closed']")
    for art in ("gazette-bridge", "wire-bridge", "courier-bridge", "lantern-bridge"):
        lit = " ".join(page.locator(f"#art-{art} .m.hl").all_inner_texts())
        assert "main girder" in lit, art
    assert "4 of 4" in page.locator("#find-status").inner_text()
    _shot(page, "story-desktop-claim", full=False)
    # A claim that one outlet leaves out: lit where reported, that article dimmed.
    page.click("button.find[data-key='c-traffic']")
    assert page.locator("#art-lantern-bridge.no-hl").count() == 1
    assert "18,000" in " ".join(page.locator("#art-gazette-bridge .m.hl").all_inner_texts())
    # A quote: the cut version is lit too, and the diff shows the cut words.
    page.locator("button.find[data-key='g-reopen']").first.click()
    assert page.locator("#art-lantern-bridge .m.hl").inner_text().startswith("We will not reopen")
    cut = page.locator(".qgroup.altered del").all_inner_texts()
    assert "completely" in cut and "for every family." in cut
    # The number conflict.
    page.click("button.find[data-key='x-0']")
    assert page.locator("#art-lantern-bridge .m.hl").inner_text() == "$6 million"
    _shot(page, "story-desktop-full")
    page.context.close()


def test_hostile_article_text_shows_as_text(site: str, browser: Any) -> None:
    page = _page(browser)
    page.goto(site + "/stories/bridge")
    text = page.locator("#art-lantern-bridge .text").inner_text()
    assert "<script>alert('pwned')</script>" in text
    assert "<img src=x onerror=alert('img')>" in text
    assert page.locator("#art-lantern-bridge script, #art-lantern-bridge img").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    assert "<b>after years</b>" in page.locator("#art-lantern-bridge .atitle").inner_text()
    page.wait_for_timeout(200)
    assert page.dialogs == []  # type: ignore[attr-defined]
    page.context.close()


def test_phone_layout(site: str, browser: Any) -> None:
    page = _page(browser, phone=True)
    page.goto(site + "/")
    _shot(page, "stories-phone")
    page.goto(site + "/stories/bridge")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, "the page scrolls sideways on a phone"
    _shot(page, "story-phone")
    page.click("button.find[data-key='c-closed']")
    page.wait_for_timeout(600)
    assert page.locator("#art-gazette-bridge .m.hl").count() >= 1
    _shot(page, "story-phone-claim", full=False)
    page.goto(site + "/ingest")
    _shot(page, "ingest-phone")
    page.context.close()


def test_report_script_runs_under_its_hash_policy(browser: Any, site: str, tmp_path: Path) -> None:
    # no 'unsafe-inline': the report's one inline script runs because its hash is in the policy
    import httpx

    report = tmp_path / "report.html"
    report.write_bytes(httpx.get(f"{site}/stories/bridge/report.html", trust_env=False).content)
    page = _page(browser)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    page.goto(report.as_uri())
    page.click("button.find[data-key='c-closed']")
    assert "main girder" in " ".join(page.locator("#art-gazette-bridge .m.hl").all_inner_texts())
    page.goto(site + "/stories/bridge")
    page.click("button.find[data-key='c-closed']")
    assert page.locator(".m.hl").count() > 0
    assert not [m for m in console if "Content Security Policy" in m], console
    page.context.close()
