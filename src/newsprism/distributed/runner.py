"""``run``: the whole pipeline over many inputs, on one machine or on Ray, written as Parquet.

The runner calls the stage functions and nothing else does the work: ``fetch.iter_documents``
reads, ``extract.extract_all`` extracts one shard, ``dedup.fingerprint`` and
``cluster.features.terms`` prepare each article where it was extracted (``work.finish_shard``),
``dedup.group_copies`` groups copies and ``cluster.cluster`` makes stories from those prepared
values, and ``analyze.analyze`` analyses one story. An engine only decides *where* a function runs:

- ``local`` (the default) runs them in this process (extraction may use its own process pool, as
  ``ingest`` does);
- ``ray`` runs a task per shard (extract and prepare) and per story (analyse), and the jobs the
  copy and story stages hand out (``newsprism.jobs``: LSH bands to bucket, candidate pairs to
  verify, day blocks to score, components of the story graph to agglomerate, stories to make), on
  a local Ray or on the cluster ``RAY_ADDRESS`` names; the local engine runs those jobs here.

Copy groups and stories are combined once over *all* the articles, on the driver, with the same
functions on both engines: that is what makes the answers the same (``group_copies`` and
``cluster`` see the same corpus in the same canonical order, whatever the order of the shards,
and combine the jobs' results in job order). The driver holds every article's header and prepared
values (about 2 KB per article); windowed sharding is future work (docs/scale.md).

Resume: every shard of articles and every group of analysed stories is one Parquet part, written
atomically; copies and stories are one file each. A run restarted with the same ``out`` skips what
is already there (and prepares the articles of the parts it did not extract).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from newsprism.distributed import tables
from newsprism.distributed.prepared import Prepared, PreparedSet
from newsprism.distributed.tables import STORIES_PER_PART, analysis_part, check_finished
from newsprism.distributed.work import (
    Item,
    Shard,
    ShardOut,
    analyze_story,
    articles_or_failure,
    extract_shard,
    finish_shard,
    prepare_table,
)
from newsprism.errors import UsageError
from newsprism.fetch import iter_documents
from newsprism.fetch.document import Document
from newsprism.jobs import Mapper
from newsprism.model import Article, CopyGroup, Failure, Story, stable_id
from newsprism.settings import Options

ENGINES = ("local", "ray")
SHARD_DOCS = 512  # documents per shard: the batch extract_all learns outlet templates over

@dataclass
class RunReport:
    out: str
    engine: str
    articles: int = 0
    copies: int = 0
    stories: int = 0
    analyses: int = 0
    failures: int = 0
    shards: int = 0
    shards_skipped: int = 0  # already written by an earlier, interrupted run
    parts_skipped: int = 0  # analysis parts already written
    seconds: dict[str, float] = field(default_factory=dict)
    # CPU seconds of the thread that ran each step (Ray's own threads left out): "driver_*" in this
    # process, the rest summed over where each shard ran
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    # bytes handed to the engine (documents) and back (article tables, prepared values)
    bytes_moved: dict[str, int] = field(default_factory=dict)


class Engine(Protocol):
    def extract(self, shards: Iterable[Shard], options: Options) -> Iterator[tuple[str, ShardOut]]: ...

    def prepare(self, parts: list[tuple[str, Any]]) -> Iterator[tuple[str, Prepared]]: ...

    def map(self, fn: Callable[..., Any], jobs: Sequence[tuple[Any, ...]]) -> list[Any]: ...

    def read_parquet(self, shards: list[Shard]) -> Iterator[tuple[str, list[Item]]]: ...

    def analyze(self, parts: list[tuple[str, list[tuple[Story, list[Article]]]]],
                options: Options) -> Iterator[tuple[str, list[tuple[str, str | None, Failure | None]]]]: ...

    def close(self) -> None: ...


class LocalEngine:
    """The stage functions in this process."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers

    def extract(self, shards: Iterable[Shard], options: Options) -> Iterator[tuple[str, ShardOut]]:
        for s in shards:
            t0 = time.thread_time()
            items = extract_shard(s.items, options, self.workers)
            yield s.key, finish_shard(items, {"extract": time.thread_time() - t0})

    def prepare(self, parts: list[tuple[str, Any]]) -> Iterator[tuple[str, Prepared]]:
        for key, table in parts:
            yield key, prepare_table(table)

    def map(self, fn: Callable[..., Any], jobs: Sequence[tuple[Any, ...]]) -> list[Any]:
        return [fn(*job) for job in jobs]

    def read_parquet(self, shards: list[Shard]) -> Iterator[tuple[str, list[Item]]]:
        for s in shards:
            yield s.key, articles_or_failure(s.source)

    def analyze(self, parts: list[tuple[str, list[tuple[Story, list[Article]]]]],
                options: Options) -> Iterator[tuple[str, list[tuple[str, str | None, Failure | None]]]]:
        for key, todo in parts:
            yield key, [(s.id, *analyze_story(s, arts, options)) for s, arts in todo]

    def close(self) -> None:
        pass


def make_engine(engine: str, workers: int | None = None) -> Engine:
    if engine == "local":
        return LocalEngine(workers)
    if engine == "ray":
        from newsprism.distributed.ray_engine import RayEngine  # ray is imported only here

        return RayEngine(workers)
    raise UsageError(f"unknown engine {engine!r}: use {' or '.join(ENGINES)}")


# -- shards ------------------------------------------------------------------------------------------
def shard_key(source: str, n: int) -> str:
    return stable_id("shard", source, str(n), size=16)


def iter_shards(inputs: Sequence[str], options: Options) -> Iterator[Shard]:
    """Shards of each input in turn: a shard never spans two inputs, so the order of the inputs
    changes the order of the shards but not what is in them."""
    for source in dict.fromkeys(inputs):  # the same input twice is read once
        if tables.is_article_table(source):
            yield Shard(shard_key(source, 0), source, parquet=True)
            continue
        chunk: list[Document | Failure] = []
        n = 0
        for item in iter_documents([source], options):
            chunk.append(item)
            if len(chunk) == SHARD_DOCS:
                yield Shard(shard_key(source, n), source, tuple(chunk))
                chunk, n = [], n + 1
        if chunk or n == 0:
            yield Shard(shard_key(source, n), source, tuple(chunk))


# -- the run ---------------------------------------------------------------------------------------
def _check_same_run(out: Path, inputs: Sequence[str], options: Options) -> None:
    """A folder holds one run: restarting it with other inputs or settings would mix two runs."""
    settings = {k: v for k, v in asdict(options).items() if k != "db"}
    spec = {"inputs": sorted(set(inputs)), "options": settings}
    path = out / "run.json"
    if path.exists():
        if json.loads(path.read_text(encoding="utf-8")) != spec:
            raise UsageError(f"{out} holds a run of other inputs or settings; give a new --out", source=str(out))
        return
    path.write_text(json.dumps(spec, indent=1), encoding="utf-8")


def run(inputs: Sequence[str], out_dir: str | Path, options: Options, engine: str = "local", *,
        workers: int | None = None, analyses: bool = True) -> RunReport:
    """Read, extract, group copies, make stories and analyse each story; write the Parquet tables
    (articles, copies, stories, analyses, failures) into ``out_dir``. Resumes an interrupted run.

    ``analyses=False`` stops after the stories (analysis is by far the costliest stage; ``show``
    computes a story's analysis on demand after ``load``); a later run with analyses fills them in.
    """
    tables.need_pyarrow()
    if not inputs:
        raise UsageError("no inputs")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _check_same_run(out, inputs, options)
    report = RunReport(out=str(out), engine=engine)
    eng = make_engine(engine, workers)
    try:
        t0, c0 = time.perf_counter(), time.thread_time()
        prepared = _extract_stage(inputs, out, options, eng, report)
        _prepare_the_rest(out, eng, prepared)
        t1, c1 = time.perf_counter(), time.thread_time()
        articles, dropped = _collect(out)
        if dropped and not (out / "failures" / "read-duplicates.parquet").exists():
            tables.write_rows(out / "failures" / "read-duplicates.parquet", "failures", map(tables.failure_row, dropped))
        copies = _copies(out, articles, options, prepared, eng)
        t2, c2 = time.perf_counter(), time.thread_time()
        stories = _stories(out, articles, copies, options, prepared, eng)
        t3, c3 = time.perf_counter(), time.thread_time()
        if analyses:
            _analyze_stage(out, stories, options, eng, report)
        t4 = time.perf_counter()
    finally:
        eng.close()
    for name, cpu in (("driver_read_extract", c1 - c0), ("driver_copies", c2 - c1), ("driver_stories", c3 - c2)):
        report.cpu_seconds[name] = round(cpu, 3)
    report.cpu_seconds = {k: round(v, 3) for k, v in report.cpu_seconds.items()}
    report.bytes_moved["prepared_back"] = prepared.nbytes
    report.articles, report.copies, report.stories = len(articles), len(copies), len(stories)
    report.analyses = len(tables.read_analyses(out))
    report.failures = len(tables.read_failures(out))
    report.seconds = {"read_extract": round(t1 - t0, 3), "copies": round(t2 - t1, 3), "stories": round(t3 - t2, 3),
                      **({"analyze": round(t4 - t3, 3)} if analyses else {})}
    (out / "_SUCCESS").write_text(json.dumps(asdict(report), indent=1), encoding="utf-8")
    return report


def _extract_stage(inputs: Sequence[str], out: Path, options: Options, eng: Engine,
                   report: RunReport) -> PreparedSet:
    """Extract every shard not written yet; returns the prepared values of the articles extracted.

    Shards stream to the engine: it pulls the next one as a worker frees up (the Ray engine keeps
    two per worker in flight), so the driver holds only those documents."""
    done = {p.stem for p in tables.parts(out / "articles")}
    prepared = PreparedSet()
    cpu, moved = report.cpu_seconds, report.bytes_moved
    moved["documents_out"] = 0

    def todo() -> Iterator[Shard]:
        for s in iter_shards(inputs, options):
            report.shards += 1
            if s.key in done:
                report.shards_skipped += 1
            elif s.parquet:
                for key, items in eng.read_parquet([s]):
                    _write_items(out, key, items, "read")
            else:
                moved["documents_out"] += sum(len(d.body) + sum(len(v) for v in d.meta.values() if isinstance(v, str))
                                              for d in s.items if isinstance(d, Document))
                yield s

    for key, shard in eng.extract(todo(), options):
        # failures first: the articles part is the marker that the shard is done
        tables.write_table(out / "failures" / f"extract-{key}.parquet", shard.failures)
        tables.write_table(out / "articles" / f"{key}.parquet", shard.articles)
        prepared.add(shard.prepared)
        moved["tables_back"] = moved.get("tables_back", 0) + shard.articles.nbytes + shard.failures.nbytes
        for step, seconds in shard.cpu.items():
            cpu[step] = cpu.get(step, 0.0) + seconds
    return prepared


def _write_items(out: Path, key: str, items: list[Item], stage: str) -> None:
    tables.write_rows(out / "failures" / f"{stage}-{key}.parquet", "failures",
                      [tables.failure_row(x) for x in items if isinstance(x, Failure)])
    tables.write_rows(out / "articles" / f"{key}.parquet", "articles",
                      [tables.article_row(x) for x in items if isinstance(x, Article)])


def _prepare_the_rest(out: Path, eng: Engine, prepared: PreparedSet) -> None:
    """Prepare the articles of the parts this run did not extract (written by an interrupted run,
    or read from Parquet inputs), on the engine's workers."""
    todo = []
    for path in tables.parts(out / "articles"):
        keys = tables.read_table(path, ["id", "source"])
        ids = keys.column("id").to_pylist()
        if not prepared.covers(ids, [s or i for i, s in zip(ids, keys.column("source").to_pylist(), strict=True)]):
            todo.append((path.stem, tables.read_table(path)))
    for _, more in eng.prepare(todo):
        prepared.add(more)


def _collect(out: Path) -> tuple[list[Article], list[Failure]]:
    """Every article written (its header: the copy and story stages read its prepared values, not its
    text), in canonical order (id, then source): one per id, whatever the shard order; a later
    article with an id already seen is reported, not kept."""
    articles = sorted(tables.read_article_headers(out), key=lambda a: (a.id, a.source))
    kept: list[Article] = []
    dropped: list[Failure] = []
    for a in articles:
        if kept and kept[-1].id == a.id:
            dropped.append(Failure(a.source, f"duplicate id {a.id!r}: the first article with it is kept", "read"))
        else:
            kept.append(a)
    return kept, dropped


def _copies(out: Path, articles: list[Article], options: Options, prepared: PreparedSet,
            eng: Engine) -> list[CopyGroup]:
    path = tables.table_path(out, "copies")
    if path.exists():
        return tables.read_copies(out)
    from newsprism.dedup import group_copies

    copies = group_copies(articles, options, fingerprints=_complete(prepared, articles).fingerprints,
                          mapper=_mapper(eng))
    tables.write_rows(path, "copies", map(tables.copy_row, copies))
    return copies


def _mapper(eng: Engine) -> Mapper:
    """The engine's map for the stages' jobs: on the local engine, the jobs one after the other here."""
    return eng.map


def _complete(prepared: PreparedSet, articles: list[Article]) -> PreparedSet:
    """The prepared values, checked to cover every article (the articles here have no text left)."""
    missing = [a.id for a in articles if a.id not in prepared.where]
    if missing:
        raise RuntimeError(f"{len(missing)} articles were not prepared, e.g. {missing[0]!r}")
    return prepared


def _stories(out: Path, articles: list[Article], copies: list[CopyGroup], options: Options,
             prepared: PreparedSet, eng: Engine) -> list[Story]:
    path = tables.table_path(out, "stories")
    if path.exists():
        return tables.read_stories(out)
    from newsprism.cluster import cluster

    stories = sorted(cluster(articles, options, copies, terms=_complete(prepared, articles).terms,
                             mapper=_mapper(eng)),
                     key=lambda s: s.id)
    tables.write_rows(path, "stories", map(tables.story_row, stories))
    return stories


def _analyze_stage(out: Path, stories: list[Story], options: Options, eng: Engine, report: RunReport) -> None:
    done = {p.stem for p in tables.parts(out / "analyses")}
    groups: list[tuple[str, list[Story]]] = []
    ordered = sorted(stories, key=lambda s: s.id)
    ids = [s.id for s in ordered]
    for k in range(0, len(ordered), STORIES_PER_PART):
        group = ordered[k:k + STORIES_PER_PART]
        key = analysis_part(ids, k)
        if key in done:
            report.parts_skipped += 1
        else:
            groups.append((key, group))
    if not groups:
        return
    by_id: dict[str, Article] = {}  # whole articles, read only now: the stages before needed their headers
    for a in sorted(tables.read_articles(out), key=lambda a: (a.id, a.source)):
        by_id.setdefault(a.id, a)  # the article _collect keeps
    todo = [(key, [(s, [by_id[i] for i in s.article_ids if i in by_id]) for s in group]) for key, group in groups]
    for key, results in eng.analyze(todo, options):
        tables.write_rows(out / "failures" / f"analyze-{key}.parquet", "failures",
                          [tables.failure_row(f) for _, _, f in results if f is not None])
        tables.write_rows(out / "analyses" / f"{key}.parquet", "analyses",
                          [{"story": sid, "analysis": js} for sid, js, _ in results if js is not None])


def read_run(out_dir: str | Path) -> dict[str, Any]:
    """What a finished run wrote (``check_finished``): articles, copies, stories, analyses (story id →
    JSON text), failures."""
    out = Path(out_dir)
    check_finished(out)
    return {"articles": tables.read_articles(out), "copies": tables.read_copies(out),
            "stories": tables.read_stories(out), "analyses": tables.read_analyses(out),
            "failures": tables.read_failures(out)}
