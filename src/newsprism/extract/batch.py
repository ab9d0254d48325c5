"""Many documents → articles in input order, in parallel when the batch is large.

Extraction is CPU-bound (lxml, trafilatura), so a large batch is spread over a process pool; results
are yielded in input order. Documents are taken in chunks, which keeps memory bounded on a long crawl
and gives template learning a batch to learn from: within a chunk, lines recurring across one
outlet's pages are learned as boilerplate and removed (see ``templates``).

Workers die with the process that started them (``_die_with``): a killed ``ingest`` (kill -9,
SIGTERM) must not leave them blocked forever on a queue nobody writes to.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pickle import PicklingError

from newsprism.errors import ExtractError
from newsprism.extract.article import extract, with_templates
from newsprism.extract.templates import Templates
from newsprism.fetch.document import Document
from newsprism.model import Article, Failure
from newsprism.settings import Options

log = logging.getLogger("newsprism.extract")
# below this many documents a pool costs more to start than it saves
POOL_MIN = 16
CHUNK = 512


def _one(doc: Document, options: Options) -> Article | Failure:
    try:
        return extract(doc, options)
    except ExtractError as exc:
        return Failure(doc.source, exc.message, "extract")


def _one_packed(args: tuple[Document, Options]) -> Article | Failure:
    return _one(*args)


def _workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _die_with(parent: int) -> None:
    """Pool initializer: end this worker when ``parent`` goes away.

    On Linux the kernel sends SIGKILL when the parent dies (``PR_SET_PDEATHSIG``); elsewhere a daemon
    thread polls the parent id. Either way, a parent already gone by now ends the worker at once.
    """
    if sys.platform.startswith("linux") and _pdeathsig(signal.SIGKILL):
        if os.getppid() != parent:
            os._exit(1)
        return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="newsprism-reaper").start()


def _pdeathsig(sig: int) -> bool:
    PR_SET_PDEATHSIG = 1
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int, every: float = 1.0) -> None:
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)


def _may_fork() -> bool:
    """Fork a pool only from the main thread: forking a threaded server (web ingest jobs) can deadlock."""
    return threading.current_thread() is threading.main_thread()


def learn_templates(articles: Iterable[Article]) -> Templates:
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        if a.outlet:
            by_outlet[a.outlet].append(a.text)
    return Templates.learn(by_outlet)


def _finish(items: list[Article | Failure | None]) -> Iterator[Article | Failure]:
    articles = [x for x in items if isinstance(x, Article)]
    templates = learn_templates(articles)
    for x in items:
        if isinstance(x, Article) and templates:
            yield with_templates(x, templates)
        elif x is not None:
            yield x


def extract_all(docs: Iterable[Document | Failure], options: Options, *,
                workers: int | None = None) -> Iterator[Article | Failure]:
    """Articles and Failures in input order; Failures from earlier stages pass through unchanged.

    ``workers`` caps the process pool (default: the CPUs this process may use); 1 extracts in this
    process, which is what a worker of a distributed engine wants (the engine spreads the work).
    """
    it = iter(docs)
    pool: ProcessPoolExecutor | None = None
    workers = _workers() if workers is None else max(1, workers)
    try:
        while chunk := list(islice(it, CHUNK)):
            todo = [(i, d) for i, d in enumerate(chunk) if isinstance(d, Document)]
            out: list[Article | Failure | None] = [d if isinstance(d, Failure) else None for d in chunk]
            results: list[Article | Failure] | None = None
            if workers > 1 and len(todo) >= POOL_MIN and _may_fork():
                try:
                    if pool is None:
                        pool = ProcessPoolExecutor(workers, initializer=_die_with, initargs=(os.getpid(),))
                    size = max(1, min(8, len(todo) // (workers * 4)))
                    results = list(pool.map(_one_packed, [(d, options) for _, d in todo], chunksize=size))
                except (BrokenProcessPool, OSError, PicklingError) as exc:
                    # a worker killed (out of memory) or no processes allowed: carry on in this process
                    log.warning("process pool failed (%s); extracting serially", exc)
                    workers = 1
            if results is None:
                results = [_one(d, options) for _, d in todo]
            for (i, _), res in zip(todo, results, strict=True):
                out[i] = res
            yield from _finish(out)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
