"""A self-contained HTML report of one analysis: the story page as a single file.

It uses the web page's templates (``render/templates/_story.html``) with the stylesheet and the small
script inlined, and a Content-Security-Policy that forbids loading anything from elsewhere, so the
report opens the same offline, by mail or from a USB stick.
"""

from __future__ import annotations

from newsprism.model import Analysis
from newsprism.render.templating import render, static_text
from newsprism.render.view import story_view


def to_html(analysis: Analysis, title: str | None = None) -> str:
    """The report as one HTML document (UTF-8 text)."""
    return render("report.html", v=story_view(analysis, title), css=static_text("style.css"),
                  js=_inline_js(static_text("story.js")))


def _inline_js(js: str) -> str:
    # Our own script never contains "</script"; guard anyway so the document cannot be cut short.
    return js.replace("</", "<\\/")
