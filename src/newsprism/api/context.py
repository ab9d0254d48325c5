"""What every request handler needs: the store, the options, the job runner, the analysis getter."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from fastapi import Request

from newsprism.api.jobs import JobRunner
from newsprism.errors import UsageError
from newsprism.model import Analysis
from newsprism.settings import Options
from newsprism.store import Store

AnalysisOf = Callable[[Store, str, Options], Analysis]


def _pipeline_analysis(store: Store, story_id: str, options: Options) -> Analysis:
    from newsprism.pipeline import story_analysis

    return story_analysis(store, story_id, options)


@dataclass
class Context:
    store: Store
    options: Options
    jobs: JobRunner
    analysis_of: AnalysisOf = _pipeline_analysis
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
    return request.app.state.ctx  # type: ignore[no-any-return]


def same_origin(request: Request) -> None:
    """Refuse cross-site form posts: another site open in the browser must not drive our ingest."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = urlsplit(origin).netloc
        if host and host != request.headers.get("host"):
            raise _Forbidden("cross-origin request refused")
    elif origin == "null":
        raise _Forbidden("cross-origin request refused")


class _Forbidden(UsageError):
    status = 403
