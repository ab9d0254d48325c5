"""The stages in order: fetch → extract → store → dedup/cluster → analyze (cached) → render.

Interfaces (CLI, API, web) call these functions and nothing deeper. Each writes through the
``Store`` one item at a time, so an interrupted batch keeps what it finished and a re-run skips it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from newsprism.errors import NewsprismError
from newsprism.extract import extract_all
from newsprism.fetch import iter_documents
from newsprism.fetch.document import Document
from newsprism.model import SCHEMA_VERSION, Analysis, Article, Failure, Quote, Story, to_dict
from newsprism.settings import Options
from newsprism.store import ReadStore, Store

if TYPE_CHECKING:
    from newsprism.distributed import RunReport

ANALYSIS_VERSION = f"{SCHEMA_VERSION}.2"  # bump to invalidate cached analyses when analysis changes

NOT_MODIFIED = "not modified"  # the fetch stage's reason for an HTTP 304

OnItem = Callable[[Article | Failure], None]


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)


def read_articles(inputs: Sequence[str], options: Options, *, store: Store | None = None,
                  since: datetime | None = None) -> Iterator[Article | Failure]:
    """Fetch and extract, without storing: Articles and Failures in input order."""
    return extract_all(iter_documents(inputs, options, validators=store, since=since), options)


def ingest(inputs: Sequence[str], store: Store, options: Options, *, since: datetime | None = None,
           on_item: OnItem | None = None, sources: Mapping[str, str] | None = None) -> IngestReport:
    """Fetch, extract and store every input; failures are stored with their reason.

    ``sources`` renames inputs in what is stored: a path starting with a key is stored under its
    value instead (an upload's temporary path → the name it was uploaded under).
    """
    report = IngestReport()
    docs = _keep_pages(_renamed(iter_documents(inputs, options, validators=store, since=since), sources or {}),
                       store)
    for item in extract_all(docs, options):
        if isinstance(item, Failure) and item.reason == NOT_MODIFIED:
            report.skipped += 1  # a conditional GET found nothing new: not an error
            continue
        if isinstance(item, Failure):
            store.add_failure(item)
            report.failures.append(item)
        elif store.add_article(item):
            report.added.append(item.id)
        else:
            report.skipped += 1
        if on_item is not None:
            on_item(item)
    return report


def _renamed(items: Iterable[Document | Failure], sources: Mapping[str, str]) -> Iterator[Document | Failure]:
    for item in items:
        for prefix, name in sources.items():
            if item.source.startswith(prefix):
                new = name + item.source[len(prefix):]
                if isinstance(item, Document):
                    item = dataclasses.replace(item, page=dataclasses.replace(item.page, source=new))
                else:
                    item = dataclasses.replace(item, source=new, reason=item.reason.replace(prefix, name))
                break
        yield item


def _keep_pages(items: Iterable[Document | Failure], store: Store) -> Iterator[Document | Failure]:
    """Store raw bytes by hash before extraction, so any article can be re-extracted later."""
    for item in items:
        if isinstance(item, Document):
            store.add_page(item.page, item.body)
        yield item


def build_stories(store: Store, options: Options) -> list[Story]:
    """Assign the store's new articles to stories (incremental); returns the stories that changed.

    The cluster stage decides; this loads what it needs (the stories active around the new
    articles' dates, and for undated ones the stories their key words find) and writes the result.
    """
    from newsprism.cluster import online  # heavy stages load on first use: the CLI starts fast

    new = store.unassigned_articles()
    if not new:
        return []
    edits = store.edits()
    existing = store.stories()
    if not existing:
        changed = online.first_stories(store.articles(), edits, options)
    else:
        active = online.active_stories(existing, new, options.window_days)
        hits = [i for a in online.undated(new) for i in store.search_any(online.key_terms(a), online.NEIGHBOURS)]
        if hits:
            near, seen = store.stories_of(hits), {s.id for s in active}
            active += [s for s in existing if s.id in near and s.id not in seen]
        context = store.articles([i for s in active for i in s.article_ids])
        changed = online.update_stories(new, active, context, edits, options)
    store.replace_stories(changed)
    return changed


@dataclass
class UpdateReport:
    """What one ``ingest_and_update`` did: the ingest report and the stories that changed."""

    ingest: IngestReport
    stories: list[Story]


def ingest_and_update(inputs: Sequence[str], store: Store, options: Options, *, since: datetime | None = None,
                      on_item: OnItem | None = None, sources: Mapping[str, str] | None = None) -> UpdateReport:
    """Ingest the inputs, then place the new articles in stories: what every interface runs."""
    report = ingest(inputs, store, options, since=since, on_item=on_item, sources=sources)
    return UpdateReport(report, build_stories(store, options))


def watch(feed_list: str, every: str, store: Store, options: Options, stop: threading.Event, *,
          rounds: int = 0, on_round: Callable[[UpdateReport], None] | None = None,
          clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> int:
    """Poll the feeds of ``feed_list`` (OPML, or one URL per line) every ``every`` ("15m", "2h"):
    ingest what is new, update stories; until ``stop`` is set or ``rounds`` rounds (0: no limit)
    have run. Returns the rounds run."""
    from newsprism.fetch.watch import parse_interval, read_feed_list, watch_feeds

    feeds = read_feed_list(feed_list)
    every_seconds = parse_interval(every)
    state: dict[str, Any] = {"rounds": 0, "since": None}

    def one_round(batch: list[str]) -> None:
        started = clock()
        done = ingest_and_update(batch, store, options, since=state["since"])
        # later rounds skip entries older than this round, with one interval of slack for late feeds
        state["since"] = started - timedelta(seconds=every_seconds)
        state["rounds"] += 1
        if on_round is not None:
            on_round(done)
        if rounds and state["rounds"] >= rounds:
            stop.set()

    return watch_feeds(feeds, every_seconds, one_round, stop)


def merge_stories(store: Store, story_ids: Sequence[str], options: Options) -> Story:
    """Merge stored stories into one, and record the edit so that a re-cluster keeps it."""
    from newsprism.cluster import edits

    stories = [store.story(i) for i in story_ids]
    merged, edit = edits.merge_stories(stories, store.articles([a for s in stories for a in s.article_ids]),
                                       options)
    store.replace_stories([merged])
    store.add_edit(*edit)
    return merged


def split_story(store: Store, story_id: str, article_ids: Sequence[str], options: Options) -> tuple[Story, Story]:
    """Move articles out of a stored story into a new one; returns (rest, split-off) and records it."""
    from newsprism.cluster import edits

    story = store.story(story_id)
    kept, split, edit = edits.split_story(story, article_ids, store.articles(list(story.article_ids)), options)
    store.replace_stories([kept, split])
    store.add_edit(*edit)
    return kept, split


def stories_of(articles: Sequence[Article], options: Options) -> list[Story]:
    """Batch clustering of articles that are not in a store (``newsprism cluster``)."""
    from newsprism.cluster import cluster
    from newsprism.dedup import group_copies

    return cluster(articles, options, group_copies(articles, options))


def analysis_key(story: Story) -> str:
    """The cache key of a story's analysis: the analysis version and the story's articles."""
    return hashlib.sha256(json.dumps([ANALYSIS_VERSION, sorted(story.article_ids)]).encode()).hexdigest()


def story_analysis(store: ReadStore, story_id: str, options: Options) -> Analysis:
    """The analysis of a stored story, computed once per set of articles and cached."""
    story = store.story(story_id)
    cached = _cached(store, story)
    if cached is not None:
        return cached
    from newsprism.analyze import analyze

    articles = store.articles(story.article_ids)
    result = analyze(articles, options, story_id=story.id, copies=story.copies)
    store.put_analysis(story.id, analysis_key(story), json.dumps(to_dict(result)))
    return result


def cached_story_analysis(store: ReadStore, story_id: str) -> Analysis | None:
    """The stored story's cached analysis for its current articles, else None (nothing computed)."""
    return _cached(store, store.story(story_id))


def _cached(store: ReadStore, story: Story) -> Analysis | None:
    cached = store.cached_analysis(story.id, analysis_key(story))
    return None if cached is None else analysis_from_json(cached)


@dataclass
class LoadReport:
    """What ``load_run`` brought into the store."""

    added: int = 0
    skipped: int = 0  # articles the store already held
    stories: int = 0
    analyses: int = 0
    failures: int = 0


def run(inputs: Sequence[str], out_dir: str, options: Options, engine: str = "local", *,
        workers: int | None = None, analyses: bool = True) -> RunReport:
    """The whole pipeline over many inputs, written as Parquet into ``out_dir`` (no store): on this
    machine, or on Ray with ``engine="ray"``. Returns the runner's ``RunReport``."""
    from newsprism.distributed import run as run_distributed

    return run_distributed(inputs, out_dir, options, engine, workers=workers, analyses=analyses)


def load_run(out_dir: str, store: Store) -> LoadReport:
    """Bring a run's Parquet (``run``) into the store: articles, failures, stories, and each story's
    analysis into the analysis cache, so ``stories``, ``show`` and ``serve`` work on it.

    The run's stories replace any stored story that shares an article with them.
    """
    from newsprism.distributed import read_run

    tables = read_run(out_dir)
    report = LoadReport()
    for a in tables["articles"]:
        if store.add_article(a):
            report.added += 1
        else:
            report.skipped += 1
    for f in tables["failures"]:
        store.add_failure(f)
        report.failures += 1
    stories: list[Story] = tables["stories"]
    store.replace_stories(stories)
    report.stories = len(stories)
    analyses: dict[str, str] = tables["analyses"]
    for s in stories:
        if s.id in analyses:
            store.put_analysis(s.id, analysis_key(s), analyses[s.id])
            report.analyses += 1
    return report


def quotes_of(article: Article) -> list[Quote]:
    """The direct and indirect quotes of one article, with their speakers (``newsprism quotes``)."""
    from newsprism.analyze.quotes import find_quotes

    return find_quotes(article)


def compare(inputs: Sequence[str], options: Options) -> tuple[Analysis, list[Failure]]:
    """Treat the inputs as one story and analyze them (no store involved)."""
    from newsprism.analyze import analyze
    from newsprism.dedup import group_copies

    articles: list[Article] = []
    failures: list[Failure] = []
    for item in read_articles(inputs, options):
        (failures if isinstance(item, Failure) else articles).append(item)  # type: ignore[arg-type]
    articles, _ = unique_articles(articles)
    if not articles:
        raise NewsprismError("no article could be read from the inputs")
    return analyze(articles, options, copies=group_copies(articles, options)), failures


def unique_articles(articles: list[Article]) -> tuple[list[Article], list[Failure]]:
    """The first article of each id; each later one with the same id is reported as a Failure
    (the same input given twice, or a JSONL file that reuses an id)."""
    seen: set[str] = set()
    out, dropped = [], []
    for a in articles:
        if a.id in seen:
            dropped.append(Failure(a.source, f"duplicate id {a.id!r}: the first article with it is kept", "read"))
        else:
            seen.add(a.id)
            out.append(a)
    return out, dropped


def analysis_from_json(payload: str) -> Analysis:
    from newsprism.render.json import analysis_from_dict

    return analysis_from_dict(json.loads(payload))
