"""The Ray engine: the runner's shards, prepared parts and stories as Ray tasks.

Imported only when ``engine="ray"`` is asked for, so the single-machine path never imports Ray.
``ray.init()`` joins the cluster named by ``RAY_ADDRESS`` when it is set, else starts a local Ray;
a Ray already started by the caller (a test, a notebook) is used as it is and left running.

Workers run the same functions as the local engine (``work.extract_shard`` then
``work.finish_shard``, ``work.prepare_table``, ``work.analyze_story``). Plain tasks, one per shard
(or per group of stories), at most two per CPU in flight: Ray Data's ``map_batches`` cost more in
scheduling and row conversion than the extraction it ran (docs/scale.md). A shard's task returns
its articles and failures as Arrow tables, which the driver writes as they are (so the output
folder needs to be on the driver only), and the articles' prepared values (dedup fingerprints and
clustering terms) computed where the articles are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from newsprism.distributed import work
from newsprism.fetch.document import Document
from newsprism.model import Article, Failure, Story
from newsprism.settings import Options

T = TypeVar("T")
K = TypeVar("K")


def _extract(items: tuple[Document | Failure, ...], options: Options) -> work.ShardOut:
    return work.finish_shard(work.extract_shard(items, options, workers=1))


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

    def extract(self, shards: list[work.Shard], options: Options) -> Iterator[tuple[str, work.ShardOut]]:
        opts = self.ray.put(options)
        yield from self._map(_extract, ((s.key, (s.items, opts)) for s in shards))

    def prepare(self, parts: list[tuple[str, Any]]) -> Iterator[tuple[str, work.Prepared]]:
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
