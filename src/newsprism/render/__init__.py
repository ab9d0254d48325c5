"""Render an Analysis: JSON (versioned schema), Markdown, and a self-contained HTML report."""

from __future__ import annotations

from newsprism.model import Analysis
from newsprism.render.json import analysis_from_dict, to_json
from newsprism.render.markdown import to_markdown

__all__ = ["analysis_from_dict", "to_html", "to_json", "to_markdown"]


def to_html(analysis: Analysis) -> str:
    """The self-contained HTML report (imported lazily: it loads the web templates)."""
    from newsprism.render.html import to_html as render

    return render(analysis)
