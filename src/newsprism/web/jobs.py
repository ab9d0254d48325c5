"""Background ingest jobs: the web page and the API queue inputs; one worker thread ingests them.

A job records its progress as the pipeline reports each item, so a page can poll it. Uploaded files
live in a temporary directory owned by the job and are deleted when it ends, whatever happens.

The worker is a daemon thread, so a job stuck on a slow input never keeps the server from stopping:
``shutdown`` asks the running job to stop at its next item, waits a few seconds at most, and drops
the queued jobs. An ingest cut short this way loses nothing stored; a re-run picks up the rest.
"""

from __future__ import annotations

import queue
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from newsprism.errors import NewsprismError, NotFoundError, UsageError
from newsprism.model import Article, Failure, stable_id
from newsprism.settings import Options
from newsprism.store import ReadStore, Store


class Ingest(Protocol):
    """(inputs, store, options, on_item, sources) -> (new article ids, number already stored, changed story ids).

    ``sources`` maps an uploaded file's temporary path to the name it was uploaded under.
    """

    def __call__(self, inputs: Sequence[str], store: Store, options: Options,
                 on_item: Callable[[Article | Failure], None], *,
                 sources: Mapping[str, str] | None = None) -> tuple[list[str], int, list[str]]: ...


@dataclass
class Job:
    id: str
    inputs: list[str]  # as shown to the user (URLs, or the uploaded file names)
    state: str = "queued"  # queued | running | done | failed
    processed: int = 0
    added: list[str] = field(default_factory=list)
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)
    message: str | None = None
    created: float = field(default_factory=time.time)

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "state": self.state, "finished": self.finished, "inputs": list(self.inputs),
                "processed": self.processed, "added": list(self.added), "skipped": self.skipped,
                "failures": [{"source": f.source, "reason": f.reason, "stage": f.stage} for f in self.failures],
                "stories": list(self.stories), "message": self.message}


def _pipeline_ingest(inputs: Sequence[str], store: Store, options: Options,
                     on_item: Callable[[Article | Failure], None], *,
                     sources: Mapping[str, str] | None = None) -> tuple[list[str], int, list[str]]:
    from newsprism.pipeline import ingest_and_update

    done = ingest_and_update(inputs, store, options, on_item=on_item, sources=sources)
    return done.ingest.added, done.ingest.skipped, [s.id for s in done.stories]


class ReadOnly(UsageError):
    """This server cannot add coverage: it serves a run's Parquet folder or a read-only database."""

    status = 403


class Busy(UsageError):
    """Too many jobs waiting: come back later (HTTP 429)."""

    status = 429


class _Stopped(Exception):
    """Raised inside a running job when the server stops."""


_Work = tuple[Job, list[str], str | None]
READ_ONLY = ("this server is read-only (it serves a run's Parquet folder or a read-only database): adding"
             " coverage is off; to add some, `newsprism load` the run into a database and serve that with --db")


class JobRunner:
    """Queues jobs for one worker thread (ingest writes to SQLite, which takes one writer anyway)."""

    def __init__(self, store: ReadStore, options: Options, *, ingest: Ingest | None = None,
                 keep: int = 200, max_pending: int = 20, grace: float = 3.0) -> None:
        self.store, self.options = store, options
        # ingest writes: only into a writable SQLite store (a run folder or a read-only file refuses it)
        self.writable: Store | None = store if isinstance(store, Store) and not store.read_only else None
        self._ingest: Ingest = ingest or _pipeline_ingest
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._queue: queue.Queue[_Work | None] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._stop = threading.Event()
        self.keep, self.max_pending, self.grace = keep, max_pending, grace

    def submit(self, inputs: list[str], shown: list[str] | None = None, tmpdir: str | None = None,
               refused: list[Failure] | None = None) -> Job:
        """Queue inputs (URLs or paths inside ``tmpdir``); the job deletes ``tmpdir`` when done.

        ``refused`` are inputs already turned away (an upload of an unknown type): the job lists them.
        A read-only server refuses every job (``ReadOnly``, HTTP 403).
        """
        if self.writable is None:
            if tmpdir:
                shutil.rmtree(tmpdir, ignore_errors=True)
            raise ReadOnly(READ_ONLY)
        with self._lock:
            pending = sum(not j.finished for j in self._jobs.values())
            if pending >= self.max_pending:
                if tmpdir:
                    shutil.rmtree(tmpdir, ignore_errors=True)
                raise Busy(f"{pending} ingest jobs are already waiting; try again later")
            job = Job(id=stable_id(str(time.time_ns()), *inputs, size=10),
                      inputs=list(shown or inputs) + [f.source for f in refused or ()],
                      failures=list(refused or ()))
            self._jobs[job.id] = job
            while len(self._jobs) > self.keep:
                oldest = next(iter(self._jobs))
                if not self._jobs[oldest].finished:
                    break
                del self._jobs[oldest]
        with self._lock:
            if self._worker is None:  # started on first use, again after a shutdown (app restarted)
                self._stop.clear()
                self._queue = queue.Queue()
                self._worker = threading.Thread(target=self._work, args=(self._queue,), daemon=True,
                                                name="newsprism-ingest")
                self._worker.start()
            self._queue.put((job, inputs, tmpdir))
        return job

    def get(self, job_id: str) -> Job:
        job = self._jobs.get(job_id)
        if job is None:
            raise NotFoundError("no such job", source=job_id)
        return job

    def recent(self, n: int = 10) -> list[Job]:
        return list(reversed(self._jobs.values()))[:n]

    def shutdown(self, grace: float | None = None) -> None:
        """Stop the running job at its next item (waiting ``grace`` seconds at most), drop queued ones."""
        with self._lock:
            worker, self._worker = self._worker, None
            work = self._queue
            self._stop.set()
        if worker is None:
            return
        while True:  # queued jobs end here, with their upload directories
            try:
                item = work.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                job, _, tmpdir = item
                job.state, job.message = "failed", "the server stopped before this job ran"
                if tmpdir:
                    shutil.rmtree(tmpdir, ignore_errors=True)
        work.put(None)
        worker.join(self.grace if grace is None else grace)

    def _work(self, work: queue.Queue[_Work | None]) -> None:
        while (item := work.get()) is not None:
            self._run(*item)

    def _run(self, job: Job, inputs: list[str], tmpdir: str | None) -> None:
        job.state = "running"

        def on_item(item: Article | Failure) -> None:
            job.processed += 1
            if isinstance(item, Failure):
                job.failures.append(_shown(item, tmpdir))
            if self._stop.is_set():
                raise _Stopped()

        try:
            if self._stop.is_set():
                raise _Stopped()
            if not inputs:
                job.state, job.message = "done", "nothing to read"
                return
            assert self.writable is not None  # submit refuses jobs otherwise
            added, skipped, stories = self._ingest(inputs, self.writable, self.options, on_item,
                                                   sources=_upload_names(inputs, job.inputs, tmpdir))
            job.added, job.skipped, job.stories = list(added), skipped, list(stories)
            job.state = "done"
            job.message = f"{len(job.added)} new article(s), {len(job.failures)} failure(s)."
        except _Stopped:
            job.state, job.message = "failed", "stopped with the server; run it again to read the rest"
        except NewsprismError as e:
            job.state, job.message = "failed", str(e)
        except Exception as e:  # a bug must not kill the worker; the job says what happened
            job.state, job.message = "failed", f"internal error: {type(e).__name__}: {e}"
        finally:
            if tmpdir:
                shutil.rmtree(tmpdir, ignore_errors=True)


def _upload_names(paths: list[str], names: list[str], tmpdir: str | None) -> dict[str, str]:
    """Each uploaded file's temporary path → the name it was uploaded under (nothing for URLs)."""
    if not tmpdir:
        return {}
    return {p: n for p, n in zip(paths, names, strict=False) if p.startswith(tmpdir)}


def _shown(f: Failure, tmpdir: str | None) -> Failure:
    """Name an uploaded file by its name, not by the temporary path it had on the server."""
    if tmpdir and f.source.startswith(tmpdir):
        return Failure(source=f.source[len(tmpdir):].lstrip("/\\").split("-", 1)[-1], reason=f.reason.replace(tmpdir, ""),
                       stage=f.stage)
    return f
