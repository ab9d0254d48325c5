"""Text nested deeper than libxml2's default limit (255 elements) is still found, or the reason is given."""

from __future__ import annotations

import pytest

from newsprism.errors import ExtractError
from newsprism.extract.article import extract
from newsprism.extract.html import extract_html
from newsprism.fetch.document import make_document
from newsprism.settings import Options

BODY = ("<p>The harbour authority said on Monday that the northern quay will reopen next week after repairs to"
        " the crane that collapsed in the storm.</p><p>Officials said ships would use the southern berths until"
        " then, and that no one was hurt.</p>")


def _page(depth: int, wrapper: str = "div") -> str:
    return (f"<html><head><title>Deep page</title></head><body>{f'<{wrapper}>' * depth}{BODY}"
            f"{f'</{wrapper}>' * depth}</body></html>")


@pytest.mark.parametrize("depth", [10, 300, 1000])
def test_deeply_nested_text_is_found(depth: int) -> None:
    result = extract_html(_page(depth))
    assert "northern quay will reopen" in result.text and "no one was hurt" in result.text
    assert any("deeply nested" in n for n in result.notes) == (depth > 250)


def test_nested_spans_and_divs() -> None:
    html = (f"<html><head><title>Deep page</title></head><body>{'<div><span>' * 200}{BODY}"
            f"{'</span></div>' * 200}</body></html>")
    assert "northern quay" in extract_html(html).text


def test_beyond_what_any_parser_keeps_the_reason_is_given() -> None:
    doc = make_document("abyss.html", _page(5000).encode(), "html")
    with pytest.raises(ExtractError, match="nested deeper than 2048 elements"):
        extract(doc, Options())
