"""Render an Analysis: JSON (versioned schema), Markdown, the terminal, and HTML — the story view
(``view``) with its highlighting and word diffs, drawn by the templates the web pages and the
self-contained report share."""

from __future__ import annotations

from newsprism.model import Analysis
from newsprism.render.json import analysis_from_dict, to_json
from newsprism.render.markdown import to_markdown

__all__ = ["analysis_from_dict", "to_html", "to_json", "to_markdown"]


def to_html(analysis: Analysis) -> str:
    """The self-contained HTML report (imported lazily: it loads the web templates)."""
    from newsprism.render.html import to_html as render

    return render(analysis)
