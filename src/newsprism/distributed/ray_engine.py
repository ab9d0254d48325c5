"""The Ray engine: the runner's shards, prepared parts and stories as Ray tasks.

Imported only when ``engine="ray"`` is asked for, so the single-machine path never imports Ray.
``ray.init()`` joins the cluster named by ``RAY_ADDRESS`` when it is set, else starts a local Ray;
a Ray already started by the caller (a test, a notebook) is used as it is and left running.

Workers run the same functions as the local engine: ``work.extract_and_finish`` (``extract_shard``
then ``finish_shard``), ``work.prepare_table``, ``work.analyze_story`` and the jobs the copy and
story stages hand to ``map``. Plain tasks (``ray.remote``): one per shard, at most two per CPU in
flight, one per story, and a few batches of jobs per CPU. Ray Data's ``map_batches`` was dropped:
on 20k articles its extraction took 23.4 s where one process took 9.3 s (docs/scale.md). A shard's
task returns its articles and failures as Arrow tables, which the driver writes as they are (so
the output folder needs to be on the driver only), and the articles' prepared values (dedup
fingerprints and clustering terms) packed as arrays.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from newsprism.distributed import work
from newsprism.distributed.prepared import Prepared
from newsprism.fetch.document import Document
from newsprism.model import Article, Failure, Story
from newsprism.settings import Options

T = TypeVar("T")
K = TypeVar("K")


def _extract(items: tuple[Document | Failure, ...], options: Options) -> work.ShardOut:
    return work.extract_and_finish(items, options, workers=1)


class _Shared:
    """Stands in a job for the ``k``-th argument shared by several jobs (put in the object store once)."""

    def __init__(self, k: int) -> None:
        self.k = k


def _run_batch(fn: Callable[..., Any], jobs: list[tuple[Any, ...]], *shared: Any) -> list[Any]:
    return [fn(*(shared[a.k] if isinstance(a, _Shared) else a for a in job)) for job in jobs]


def _analyze(story: Story, articles: list[Article], options: Options) -> tuple[str, str | None, Failure | None]:
    return (story.id, *work.analyze_story(story, articles, options))


class RayEngine:
    def __init__(self, workers: int | None = None) -> None:
        import ray

        self.ray: Any = ray
        self.started = False
        if not ray.is_initialized():
            ray.init(include_dashboard=False, log_to_driver=False)  # RAY_ADDRESS, when set, names the cluster
            self.started = True
        self.workers = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        self._tasks: dict[Callable[..., Any], Any] = {}

    def _remote(self, fn: Callable[..., Any]) -> Any:
        if fn not in self._tasks:
            self._tasks[fn] = self.ray.remote(num_cpus=1, max_retries=1)(fn)
        return self._tasks[fn]

    def _map(self, fn: Callable[..., T], jobs: Iterable[tuple[K, tuple[Any, ...]]]) -> Iterator[tuple[K, T]]:
        """``fn(*args)`` for each (key, args) on the workers, at most two tasks per worker in flight;
        results as they finish."""
        task = self._remote(fn)
        pending: dict[Any, K] = {}
        todo = iter(jobs)
        while True:
            while len(pending) < 2 * self.workers:
                job = next(todo, None)
                if job is None:
                    break
                pending[task.remote(*job[1])] = job[0]
            if not pending:
                return
            (ready,), _ = self.ray.wait(list(pending), num_returns=1)
            yield pending.pop(ready), self.ray.get(ready)

    def map(self, fn: Callable[..., Any], jobs: Sequence[tuple[Any, ...]]) -> list[Any]:
        """``graph.Mapper`` on the workers: ``fn(*job)`` for each job, results in job order. The jobs
        go in contiguous batches (a few per worker); an argument that several jobs share (the
        features of a batch) is put in the object store once."""
        if not jobs:
            return []
        uses = Counter(id(a) for job in jobs for a in job)
        shared: dict[int, Any] = {}
        for job in jobs:
            for a in job:
                if uses[id(a)] > 1 and not isinstance(a, int | float | str | bool | None):
                    shared.setdefault(id(a), a)
        slot = {i: k for k, i in enumerate(shared)}
        refs = [self.ray.put(a) for a in shared.values()]
        marked = [tuple(_Shared(slot[id(a)]) if id(a) in slot else a for a in job) for job in jobs]
        n = min(len(marked), 4 * self.workers)
        cuts = [len(marked) * k // n for k in range(n + 1)]
        task = self._remote(_run_batch)
        futures = [task.remote(fn, marked[cuts[k]:cuts[k + 1]], *refs) for k in range(n)]
        return [r for done in self.ray.get(futures) for r in done]

    def extract(self, shards: Iterable[work.Shard], options: Options) -> Iterator[tuple[str, work.ShardOut]]:
        opts = self.ray.put(options)
        yield from self._map(_extract, ((s.key, (s.items, opts)) for s in shards))

    def prepare(self, parts: list[tuple[str, Any]]) -> Iterator[tuple[str, Prepared]]:
        yield from self._map(work.prepare_table, ((key, (table,)) for key, table in parts))

    def read_parquet(self, shards: list[work.Shard]) -> Iterator[tuple[str, list[work.Item]]]:
        """Parquet inputs are read on the driver (its disk holds the inputs); pyarrow reads them fast."""
        for s in shards:
            yield s.key, work.articles_or_failure(str(Path(s.source)))

    def analyze(self, parts: list[tuple[str, list[tuple[Story, list[Article]]]]],
                options: Options) -> Iterator[tuple[str, list[tuple[str, str | None, Failure | None]]]]:
        """One task per story; a part is written as soon as all its stories are back."""
        opts = self.ray.put(options)
        want = {key: len(todo) for key, todo in parts}
        got: dict[str, list[tuple[str, str | None, Failure | None]]] = {key: [] for key in want}
        jobs = ((key, (s, arts, opts)) for key, todo in parts for s, arts in todo)
        for key, result in self._map(_analyze, jobs):
            got[key].append(result)
            if len(got[key]) == want[key]:
                yield key, sorted(got.pop(key), key=lambda r: r[0])

    def close(self) -> None:
        if self.started:
            self.ray.shutdown()


__all__ = ["RayEngine"]
