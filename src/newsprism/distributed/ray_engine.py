"""The Ray engine: the runner's shards and stories as Ray Data datasets.

Imported only when ``engine="ray"`` is asked for, so the single-machine path never imports Ray.
``ray.init()`` joins the cluster named by ``RAY_ADDRESS`` when it is set, else starts a local Ray;
a Ray already started by the caller (a test, a notebook) is used as it is and left running.

Workers run the same functions as the local engine (``work.extract_shard``,
``work.analyze_story``); rows carry pickled records both ways, and results come back to the
driver, which writes the Parquet parts (so the output folder needs to be on the driver only).
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.distributed import tables, work
from newsprism.model import Article, Failure, Story
from newsprism.settings import Options


def _extract_batch(batch: dict[str, np.ndarray], options: Options) -> dict[str, list[Any]]:
    """``map_batches`` over shards: each row is one shard, extracted in this worker's process."""
    keys, out = [], []
    for key, docs in zip(batch["key"], batch["docs"], strict=True):
        items = work.extract_shard(pickle.loads(docs), options, workers=1)
        keys.append(str(key))
        out.append(pickle.dumps(items, protocol=5))
    return {"key": keys, "items": out}


def _analyze_row(row: dict[str, Any], options: Options) -> dict[str, Any]:
    """``map`` over stories: one story's analysis (or its failure)."""
    story, articles = pickle.loads(row["payload"])
    js, failure = work.analyze_story(story, articles, options)
    return {"part": row["part"], "story": story.id, "analysis": js or "",
            "failure": pickle.dumps(failure) if failure is not None else b""}


class RayEngine:
    def __init__(self, workers: int | None = None) -> None:
        import ray

        self.ray: Any = ray  # typed loosely: Ray Data's stubs do not know fn_kwargs
        self.workers = workers
        self.started = False
        if not ray.is_initialized():
            ray.init(include_dashboard=False, log_to_driver=False)  # RAY_ADDRESS, when set, names the cluster
            self.started = True
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False

    def _limits(self) -> dict[str, Any]:
        return {"num_cpus": 1, **({"concurrency": self.workers} if self.workers else {})}

    def extract(self, shards: list[work.Shard], options: Options) -> Iterator[tuple[str, list[work.Item]]]:
        if not shards:
            return
        rows = [{"key": s.key, "docs": pickle.dumps(list(s.items), protocol=5)} for s in shards]
        ds = self.ray.data.from_items(rows, override_num_blocks=len(rows))
        ds = ds.map_batches(_extract_batch, batch_size=1, fn_kwargs={"options": options}, **self._limits())
        for row in ds.iter_rows():
            yield str(row["key"]), pickle.loads(row["items"])

    def read_parquet(self, shards: list[work.Shard]) -> Iterator[tuple[str, list[work.Item]]]:
        if not shards:
            return
        key_of = {str(Path(s.source).resolve()): s.key for s in shards}
        found: dict[str, list[work.Item]] = {k: [] for k in key_of.values()}
        try:
            ds = self.ray.data.read_parquet(list(key_of), include_paths=True)
            for row in ds.iter_rows():
                path = str(Path(str(row.pop("path"))).resolve())
                found[key_of[path]].append(tables.article_of(row))
        except Exception:  # one unreadable file fails the whole read: read them one by one instead
            for s in shards:
                yield s.key, work.articles_or_failure(s.source)
            return
        yield from found.items()

    def analyze(self, parts: list[tuple[str, list[tuple[Story, list[Article]]]]],
                options: Options) -> Iterator[tuple[str, list[tuple[str, str | None, Failure | None]]]]:
        rows = [{"part": key, "payload": pickle.dumps((s, arts), protocol=5)} for key, todo in parts for s, arts in todo]
        if not rows:
            return
        want = {key: len(todo) for key, todo in parts}
        got: dict[str, list[tuple[str, str | None, Failure | None]]] = {key: [] for key in want}
        ds = self.ray.data.from_items(rows, override_num_blocks=min(len(rows), 4 * max(1, len(parts))))
        ds = ds.map(_analyze_row, fn_kwargs={"options": options}, **self._limits())
        for row in ds.iter_rows():
            key = str(row["part"])
            failure = pickle.loads(row["failure"]) if row["failure"] else None
            got[key].append((str(row["story"]), str(row["analysis"]) or None, failure))
            if len(got[key]) == want[key]:  # a part is written as soon as all its stories are back
                yield key, sorted(got.pop(key), key=lambda r: r[0])

    def close(self) -> None:
        if self.started:
            self.ray.shutdown()


__all__ = ["RayEngine"]
