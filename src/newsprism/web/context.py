"""What every request handler needs: the store, the options, the job runner, the analysis getter."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import Request

from newsprism.errors import UsageError
from newsprism.model import Analysis
from newsprism.pipeline import story_analysis
from newsprism.settings import Options
from newsprism.store import Store
from newsprism.web.access import Access, origin_allowed
from newsprism.web.jobs import JobRunner

AnalysisOf = Callable[[Store, str, Options], Analysis]


class PageCache:
    """Rendered story pages, least recently used out first, bounded in bytes.

    Keyed by the story's id, title and article ids: the analysis is a function of the articles
    (and the code version, fixed for a process), so a story that gains an article gets a new key.
    Rendering a big story costs tens of milliseconds; a hit costs a dictionary lookup.
    """

    def __init__(self, max_bytes: int = 64_000_000) -> None:
        self.max_bytes, self.size = max_bytes, 0
        self._pages: OrderedDict[tuple[str, ...], str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...]) -> str | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def get_or_render(self, key: tuple[str, ...], render: Callable[[], str]) -> str:
        page = self.get(key)
        if page is not None:
            return page
        page = render()
        with self._lock:
            if key not in self._pages and len(page) <= self.max_bytes // 4:
                self._pages[key] = page
                self.size += len(page)
                while self.size > self.max_bytes:
                    _, old = self._pages.popitem(last=False)
                    self.size -= len(old)
        return page


@dataclass
class Context:
    store: Store
    options: Options
    jobs: JobRunner
    analysis_of: AnalysisOf = story_analysis
    access: Access = field(default_factory=Access)
    pages: PageCache = field(default_factory=PageCache)
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def analysis(self, story_id: str) -> Analysis:
        """The story's analysis; concurrent first requests for one story compute it once."""
        story = self.store.story(story_id)  # NotFoundError (404) before any work
        with self._guard:
            lock = self._locks.setdefault(story.id, threading.Lock())
        with lock:
            return self.analysis_of(self.store, story.id, self.options)


def ctx(request: Request) -> Context:
    return request.app.state.ctx


def same_origin(request: Request) -> None:
    """Refuse cross-site form posts: another site open in the browser must not drive our ingest.

    The Origin is checked against the allowed hosts, not against ``Host`` (which a DNS-rebinding
    page controls): see ``web.access``.
    """
    if not origin_allowed(ctx(request).access, request.headers.get("origin"), request.headers.get("host")):
        raise _Forbidden("cross-origin request refused")


class _Forbidden(UsageError):
    status = 403
