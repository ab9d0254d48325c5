"""The self-contained HTML report: one file, nothing loaded from elsewhere, hostile text inert."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsprism.model import Analysis
from newsprism.render.html import to_html
from tests.web.helpers import build_analyses, load_articles


@pytest.fixture(scope="module")
def analyses() -> dict[str, Analysis]:
    return build_analyses({a.id: a for _, a in load_articles()})


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    p = _Tags()
    p.feed(html)
    return p.tags


def test_report_is_self_contained(analyses: dict[str, Analysis]) -> None:
    html = to_html(analyses["bridge"])
    tags = _tags(html)
    assert not [t for t, a in tags if t in ("link", "img", "iframe", "object", "embed")]
    assert [a for t, a in tags if t == "script"] == [{}]  # one inline script, no src
    assert not re.search(r"url\(|@import", html)
    csp = next(a["content"] for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None and "default-src 'none'" in csp
    for section in ("summary", "claims", "quotes", "numbers", "framing", "reuse", "articles"):
        assert f'id="{section}"' in html


def test_report_escapes_article_text(analyses: dict[str, Analysis]) -> None:
    html = to_html(analyses["bridge"])
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in html
    assert "onerror=alert" not in html.replace("&lt;img src=x onerror=alert(&#39;img&#39;)&gt;", "")
    assert "Crumbling bridge finally shut &lt;b&gt;after years&lt;/b&gt;" in html
    hrefs = [a.get("href") or "" for t, a in _tags(html) if t == "a"]
    assert all(h.startswith(("#", "https://")) for h in hrefs), hrefs


def test_report_shows_the_findings(analyses: dict[str, Analysis]) -> None:
    html = to_html(analyses["bridge"])
    row = re.search(r'<tr class="shared">\s*<th scope="row"><button[^>]*data-key="c-traffic".*?</tr>', html, re.S)
    assert row is not None
    cells = re.findall(r'class="cell (\w+)"', row.group(0))
    assert cells == ["yes", "yes", "copy", "omitted"]  # Gazette, Wire, Courier (copy of Wire), Lantern
    assert "<del>completely</del>" in html and "<del>for every family.</del>" in html
    assert html.count('data-k="') >= 10  # findings are marked in the article texts
    assert "Northwind Wire → Bayside Courier" in html


def test_report_of_an_empty_analysis() -> None:
    html = to_html(Analysis(story="s1"))
    assert "No claims found." in html and "Story s1" in html


def test_report_writes_as_a_file(analyses: dict[str, Analysis], tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text(to_html(analyses["library"], title="Library"), encoding="utf-8")
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
