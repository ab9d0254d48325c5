"""What every request handler needs: the store, the options, the job runner, the analysis getter."""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from fastapi import Request

from newsprism.errors import NewsprismError, UsageError
from newsprism.model import Analysis
from newsprism.pipeline import story_analysis
from newsprism.settings import Options
from newsprism.store import ReadStore
from newsprism.web.access import Access, origin_allowed
from newsprism.web.jobs import JobRunner

AnalysisOf = Callable[[ReadStore, str, Options], Analysis]
CachedOf = Callable[[ReadStore, str], Analysis | None]


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


class AnalysisPending(NewsprismError):
    """The story's analysis did not finish within the request's time budget; it goes on."""

    code = "E503"
    status = 503
    headers = {"retry-after": "30"}


@dataclass
class Context:
    """``analysis`` runs at most ``options.analysis_workers`` analyses at once (the rest wait in
    the pool's queue), so a few large stories cannot take all the server's memory and cores; a
    request waits ``options.analysis_timeout`` seconds at most. ``cached_of`` (the pipeline's
    cache lookup, when the pipeline computes) answers stories analysed before without queueing."""

    store: ReadStore
    options: Options
    jobs: JobRunner
    analysis_of: AnalysisOf = story_analysis
    access: Access = field(default_factory=Access)
    cached_of: CachedOf | None = None
    pages: PageCache = field(default_factory=PageCache)
    _running: dict[str, Future[Analysis]] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)
    _pool: ThreadPoolExecutor | None = None

    def analysis(self, story_id: str) -> Analysis:
        """The story's analysis; concurrent first requests for one story compute it once. One
        that takes longer than the time budget raises ``AnalysisPending`` (503, retry later): the
        analysis finishes in the background and is cached for the next request."""
        story = self.store.story(story_id)  # NotFoundError (404) before any work
        if self.cached_of is not None:
            done = self.cached_of(self.store, story.id)
            if done is not None:
                return done
        new = False
        with self._guard:
            job = self._running.get(story.id)
            if job is None:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(max(1, self.options.analysis_workers),
                                                    thread_name_prefix="newsprism-analysis")
                job = self._running[story.id] = self._pool.submit(self.analysis_of, self.store, story.id,
                                                                   self.options)
                new = True
        if new:  # outside the guard: a job already done runs its callback at once, in this thread
            job.add_done_callback(functools.partial(self._finished, story.id))
        try:
            return job.result(timeout=max(0.0, self.options.analysis_timeout))
        except TimeoutError:
            raise AnalysisPending(
                f"the analysis of this story is taking longer than {self.options.analysis_timeout:g} s;"
                " it goes on in the background: try again in a minute") from None

    def _finished(self, story_id: str, job: Future[Analysis]) -> None:
        with self._guard:
            if self._running.get(story_id) is job:
                del self._running[story_id]

    def shutdown(self) -> None:
        """Drop queued analyses (a running one ends on its own: its size is bounded)."""
        with self._guard:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


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
