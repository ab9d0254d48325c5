"""Server-rendered pages and the self-contained report: templates, static files and the story view."""

from newsprism.web.templating import environment, static_text
from newsprism.web.view import StoryView, story_view

__all__ = ["StoryView", "environment", "static_text", "story_view"]
