"""A self-contained HTML report of one analysis: the story page as a single file.

It uses the web page's templates (``render/templates/_story.html``) with the stylesheet and the small
script inlined, and a Content-Security-Policy that forbids loading anything from elsewhere, so the
report opens the same offline, by mail or from a USB stick.
"""

from __future__ import annotations

import base64
import hashlib

from newsprism.model import Analysis
from newsprism.render.templating import render, static_text
from newsprism.render.view import story_view


def to_html(analysis: Analysis, title: str | None = None) -> str:
    """The report as one HTML document (UTF-8 text)."""
    return render("report.html", v=story_view(analysis, title), css=static_text("style.css"),
                  js=_inline_js(static_text("story.js")), script_hash=script_hash())


def script_hash() -> str:
    """The CSP source that allows exactly the report's inline script (and no other inline script)."""
    digest = hashlib.sha256(_inline_js(static_text("story.js")).encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def report_csp() -> str:
    """The report's Content-Security-Policy: nothing from elsewhere, no inline script but its own."""
    return f"default-src 'none'; style-src 'unsafe-inline'; script-src {script_hash()}; img-src data:"


def _inline_js(js: str) -> str:
    # Our own script never contains "</script"; guard anyway so the document cannot be cut short.
    return js.replace("</", "<\\/")
