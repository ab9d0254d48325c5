"""The ``newsprism`` command line: thin over ``newsprism.pipeline``.

Every command that reads inputs takes many paths/URLs; ``--json`` prints machine-readable output
(JSON lines for per-input results) and no progress bar. Errors print one line naming the input and
the reason; the exit code is non-zero only when nothing could be processed.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from newsprism import pipeline
from newsprism.errors import NewsprismError, UsageError
from newsprism.model import Analysis, Article, Failure, Story, to_dict
from newsprism.render.json import article_json, quotes_json, story_json
from newsprism.settings import Options, help_for
from newsprism.store import Store
from newsprism.store.protocol import ReadStore

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Compare news coverage of the same event across outlets, claim by claim.")
story_app = typer.Typer(no_args_is_help=True, help="Fix stories by hand: merge or split (kept across re-runs).")
app.add_typer(story_app, name="story")

DbOpt = Annotated[str, typer.Option("--db", envvar="NEWSPRISM_DB", help=help_for("db"))]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output, no progress bar.")]
Inputs = Annotated[list[str], typer.Argument(help="Files, folders, URLs, feeds or sitemaps.")]
PrivateOpt = Annotated[bool, typer.Option("--allow-private", help=help_for("allow_private"))]
RunOpt = Annotated[Path | None, typer.Option(
    "--run", metavar="DIR", help="Read the --out folder of a finished `newsprism run` instead of a database: "
                                 "in place and read-only (no load; --db is ignored). Needs pyarrow: "
                                 "pip install 'newsprism[parquet]'.")]


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        app()
    except NewsprismError as e:
        _error(str(e))
        sys.exit(1)
    except sqlite3.Error as e:  # a full disk, a locked or damaged file: one line, not a traceback
        _error(_database_error(e))
        sys.exit(1)


# -- helpers -----------------------------------------------------------------------------------
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def shown(text: object) -> str:
    """Text safe for a terminal line: newlines, escape codes and other control characters as escapes.

    A file named ``x\nerror: forged`` or one holding ``ESC]0;title`` must print as one harmless line.
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


def _database_error(e: sqlite3.Error) -> str:
    text = " ".join(str(e).split()) or type(e).__name__
    if "full" in text:
        return (f"database: {text}; what was stored before this is intact: free some space and run the command"
                " again to add the rest")
    return f"database: {text}"


def _error(message: str) -> None:
    sys.stderr.write(f"error: {shown(message)}\n")


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _options(allow_private: bool = False, db: str | None = None) -> Options:
    return Options.from_env(allow_private=allow_private or None, db=db)


class _Progress:
    """A rich progress bar on a terminal; silent with --json or when output is piped."""

    def __init__(self, quiet: bool, label: str, total: int | None = None) -> None:
        self.bar: Any = None
        if not quiet and sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                transient=True)
            self.task = self.bar.add_task(label, total=total)

    def __enter__(self) -> _Progress:
        if self.bar:
            self.bar.start()
        return self

    def advance(self, *_: Any) -> None:
        if self.bar:
            self.bar.advance(self.task)

    def __exit__(self, *_: Any) -> None:
        if self.bar:
            self.bar.stop()


def _read(inputs: list[str], options: Options, json_out: bool, label: str) -> Iterator[Article]:
    """Articles from inputs; failures are reported (stderr, and a JSON line with --json)."""
    ok = failed = 0
    with _Progress(json_out, label) as bar:
        for item in pipeline.read_articles(inputs, options):
            bar.advance()
            if isinstance(item, Failure):
                failed += 1
                _error(f"{item.source}: {item.reason}")
                if json_out:
                    _print_json({"source": item.source, "error": item.reason, "stage": item.stage})
                continue
            ok += 1
            yield item
    if failed and not ok:
        raise typer.Exit(1)


# -- commands ----------------------------------------------------------------------------------
@app.command()
def extract(inputs: Inputs, json_out: JsonOpt = False, allow_private: PrivateOpt = False) -> None:
    """Extract articles (text, title, authors, date, outlet, language) from pages and texts."""
    for a in _read(inputs, _options(allow_private), json_out, "extract"):
        if json_out:
            _print_json(article_json(a))
        else:
            typer.echo(f"{shown(a.source)}\t{shown(a.outlet or '-')}\t{shown(a.published or '-')}"
                       f"\t{shown(a.title or '-')}\t{len(a.text.split())} words")


@app.command()
def quotes(inputs: Inputs, json_out: JsonOpt = False, allow_private: PrivateOpt = False) -> None:
    """Find direct and indirect quotes and who said them, per input."""
    for a in _read(inputs, _options(allow_private), json_out, "quotes"):
        found = pipeline.quotes_of(a)
        if json_out:
            _print_json(quotes_json(a, found))
        else:
            for q in found:
                typer.echo(f"{shown(a.source)}\t{shown(q.speaker or '?')}\t{q.kind}\t{shown(q.text)}")


@app.command("cluster")
def cluster_cmd(inputs: Annotated[list[str], typer.Argument(help="Articles JSONL (or any inputs).")],
                json_out: JsonOpt = False) -> None:
    """Group articles into stories (batch): one line per article with its story id."""
    options = _options()
    articles, dropped = pipeline.unique_articles(list(_read(inputs, options, json_out, "read")))
    for f in dropped:
        _error(f"{f.source}: {f.reason}")
    stories = pipeline.stories_of(articles, options)
    story_of = {a: s.id for s in stories for a in s.article_ids}
    if json_out:
        for a in articles:
            _print_json({"id": a.id, "story": story_of.get(a.id)})
    else:
        _print_stories(stories, {a.id: a for a in articles})


@app.command()
def compare(inputs: Inputs, json_out: JsonOpt = False,
            md: Annotated[bool, typer.Option("--md", help="Print Markdown instead of a terminal view.")] = False,
            html: Annotated[Path | None, typer.Option("--html", help="Also write a self-contained HTML report.")] = None,
            allow_private: PrivateOpt = False) -> None:
    """Treat the inputs as one story: claims, quotes, numbers, entities, framing, reuse, summary.

    Loaded wording is found by a fine-tuned MiniLM tagger when the 'neural' extra is installed
    (NEWSPRISM_NEURAL=0 turns it off), else by the lexicon; with NEWSPRISM_XENC=1 a MiniLM
    cross-encoder also reads the sentence pairs the aligner finds likely."""
    analysis, failures = pipeline.compare(inputs, _options(allow_private))
    for f in failures:
        _error(f"{f.source}: {f.reason}")
    _emit_analysis(analysis, json_out, md, html)


@app.command()
def ingest(inputs: Inputs, db: DbOpt = "newsprism.db", json_out: JsonOpt = False,
           since: Annotated[datetime | None, typer.Option(help="Skip feed/sitemap entries older than this.")] = None,
           allow_private: PrivateOpt = False,
           no_stories: Annotated[bool, typer.Option("--no-stories", help="Do not update stories.")] = False) -> None:
    """Fetch, extract and store inputs in the database, then update stories incrementally."""
    options = _options(allow_private, db)
    store = Store(db)
    report, changed = _ingest(store, inputs, options, json_out, since, stories=not no_stories)
    if json_out:
        _print_json({"added": len(report.added), "skipped": report.skipped, "failed": len(report.failures),
                     "stories_updated": len(changed)})
    else:
        typer.echo(f"added {len(report.added)}, already stored {report.skipped}, failed {len(report.failures)};"
                   f" {len(changed)} stories updated")
    if report.failures and not report.added and not report.skipped:
        raise typer.Exit(1)


def _ingest(store: Store, inputs: list[str], options: Options, json_out: bool, since: datetime | None = None,
            stories: bool = True) -> tuple[pipeline.IngestReport, list[Story]]:
    with _Progress(json_out, "ingest") as bar:
        def on_item(item: Article | Failure) -> None:
            bar.advance()
            if isinstance(item, Failure):
                _error(f"{item.source}: {item.reason}")
                if json_out:
                    _print_json({"source": item.source, "error": item.reason, "stage": item.stage})

        if not stories:
            return pipeline.ingest(inputs, store, options, since=since, on_item=on_item), []
        done = pipeline.ingest_and_update(inputs, store, options, since=since, on_item=on_item)
        return done.ingest, done.stories


@app.command()
def watch(feeds: Annotated[Path, typer.Argument(help="OPML file or text file with one feed URL per line.")],
          every: Annotated[str, typer.Option(help="Polling interval: 30s, 15m, 2h.")] = "15m",
          db: DbOpt = "newsprism.db", allow_private: PrivateOpt = False,
          rounds: Annotated[int, typer.Option(help="Stop after this many rounds (0: until Ctrl-C).")] = 0) -> None:
    """Poll feeds, ingest new articles and update stories, until Ctrl-C."""
    import threading

    options = _options(allow_private, db)
    stop = threading.Event()

    def report(done: pipeline.UpdateReport) -> None:
        typer.echo(f"{datetime.now():%H:%M:%S} added {len(done.ingest.added)}, failed {len(done.ingest.failures)},"
                   f" {len(done.stories)} stories updated")

    try:
        pipeline.watch(str(feeds), every, Store(db), options, stop, rounds=rounds, on_round=report)
    except KeyboardInterrupt:
        stop.set()
        typer.echo("stopped")


@app.command("run")
def run_cmd(inputs: Annotated[list[str], typer.Argument(help="Files, folders, JSONL, WARC, or Parquet files of "
                                                            "articles (a run's articles/ parts).")],
            out: Annotated[Path, typer.Option("--out", help="Folder for the Parquet tables; a run restarted "
                                                            "with the same folder resumes.")],
            engine: Annotated[str, typer.Option(help="local (this machine) or ray (a local Ray, or the "
                                                     "cluster RAY_ADDRESS names; pip install 'newsprism[ray]').")] = "local",
            workers: Annotated[int | None, typer.Option(help="Parallel extract/analyse workers (default: all CPUs).")] = None,
            no_analyses: Annotated[bool, typer.Option("--no-analyses", help="Stop after the stories (show "
                                                                            "analyses a story on demand).")] = False,
            json_out: JsonOpt = False, allow_private: PrivateOpt = False) -> None:
    """Run the whole pipeline (extract, copies, stories, analyses) into Parquet, here or on Ray."""
    report = pipeline.run(inputs, str(out), _options(allow_private), engine, workers=workers,
                          analyses=not no_analyses)
    if json_out:
        _print_json(to_dict(report))
    else:
        typer.echo(f"{report.articles} articles, {report.copies} copy groups, {report.stories} stories,"
                   f" {report.analyses} analyses, {report.failures} failures"
                   f" ({report.shards_skipped} of {report.shards} shards already done) in {out}")
    if report.failures and not report.articles:
        raise typer.Exit(1)


@app.command()
def load(run_dir: Annotated[Path, typer.Argument(metavar="DIR", help="The --out folder of a finished run.")],
         db: DbOpt = "newsprism.db", json_out: JsonOpt = False) -> None:
    """Bring a run's Parquet tables into the database, so stories, show and serve work on them."""
    report = pipeline.load_run(str(run_dir), Store(db))
    if json_out:
        _print_json(to_dict(report))
    else:
        typer.echo(f"added {report.added} articles (already stored {report.skipped}), {report.stories} stories,"
                   f" {report.analyses} analyses, {report.failures} failures into {db}")


@app.command()
def stories(db: DbOpt = "newsprism.db", json_out: JsonOpt = False,
            search: Annotated[str | None, typer.Option(help="Only stories with articles matching these words.")] = None,
            limit: Annotated[int, typer.Option(help="Most stories to list.")] = 50,
            run_dir: RunOpt = None) -> None:
    """List stories in the database (or a run's folder: --run DIR), newest first, with outlets and copies."""
    store = _read_store(db, run_dir)
    found = store.stories(query=search, limit=limit)
    articles = {a.id: a for a in store.articles([i for s in found for i in s.article_ids])}
    if json_out:
        for s in found:
            _print_json(story_json(s, articles))
    else:
        _print_stories(found, articles)


def _read_store(db: str, run_dir: Path | None) -> ReadStore:
    """The database ``db`` for reading, or the run's folder ``run_dir`` (read-only) when given."""
    if run_dir is None:
        return Store.for_reading(db)
    from newsprism.store.run import open_run  # needs pyarrow: only when asked for

    return open_run(run_dir)


@app.command()
def show(story: Annotated[str, typer.Argument(help="Story id (a unique prefix is enough).")],
         db: DbOpt = "newsprism.db", json_out: JsonOpt = False,
         md: Annotated[bool, typer.Option("--md", help="Print Markdown.")] = False,
         html: Annotated[Path | None, typer.Option("--html", help="Write a self-contained HTML report.")] = None,
         run_dir: RunOpt = None) -> None:
    """Show the analysis of one stored story (computed once, then cached; with --run DIR, the run's
    own analysis, or one computed on the spot for a run made with --no-analyses)."""
    store = _read_store(db, run_dir)
    analysis = pipeline.story_analysis(store, story, _options(db=db))
    _emit_analysis(analysis, json_out, md, html)


@app.command()
def export(out: Annotated[Path, typer.Argument(help="Output file (.jsonl or .parquet).")],
           db: DbOpt = "newsprism.db",
           fmt: Annotated[str | None, typer.Option("--format", help="jsonl or parquet (default: from the file name).")] = None) -> None:
    """Export stored articles with their story ids as JSONL or Parquet."""
    from newsprism.export import export_articles

    n = export_articles(Store.for_reading(db), out, fmt or out.suffix.lstrip("."))
    typer.echo(f"wrote {n} articles to {out}")


@app.command()
def serve(db: DbOpt = "newsprism.db",
          host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps it private.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
          allow_private: PrivateOpt = False,
          allowed_host: Annotated[list[str] | None, typer.Option(
              "--allowed-host", help="Also answer requests for this Host name (repeatable; '*' for any). "
                                     "Loopback names are always answered.")] = None,
          token: Annotated[str | None, typer.Option(
              envvar="NEWSPRISM_TOKEN", help="Token that changes (ingest) need. Required beyond loopback: "
                                             "one is generated and printed if not given.")] = None,
          forwarded_allow_ips: Annotated[str | None, typer.Option(
              help="Comma-separated proxy addresses whose X-Forwarded-For is believed (default: none).")] = None,
          run_dir: RunOpt = None) -> None:
    """Serve the web UI and the REST API (/api/v1, schema at /api/v1/openapi.json) over the database,
    or read-only over a run's Parquet folder (--run DIR)."""
    from newsprism.web import serve as run

    run(_options(allow_private, db), host=host, port=port, allowed_hosts=allowed_host or (), token=token,
        forwarded_allow_ips=forwarded_allow_ips, run_dir=None if run_dir is None else str(run_dir))


@app.command("eval")
def eval_cmd(stage: Annotated[str, typer.Argument(help="What to measure: stories, quotes or claims.")],
             labelled: Annotated[Path, typer.Argument(help="Labelled JSONL: per line an article with \"text\" "
                                                            "and a \"story\" label or \"quotes\", or a sentence "
                                                            "pair {\"a\", \"b\", \"same\"}.")],
             json_out: JsonOpt = False) -> None:
    """Measure story grouping, quote attribution or claim matching on labelled data of your own."""
    from newsprism.evaluate import eval_claims, eval_quotes, eval_stories

    if stage not in ("stories", "quotes", "claims"):
        raise UsageError(f"unknown stage {stage!r}: use stories, quotes or claims")
    if not labelled.is_file():
        raise UsageError(f"{labelled}: no such file")
    options = _options()
    result = (eval_stories(labelled, options) if stage == "stories" else eval_quotes(labelled)
              if stage == "quotes" else eval_claims(labelled, options))
    if json_out:
        _print_json(result)
    else:
        for key, value in result.items():
            typer.echo(f"{key}\t{value}")


@app.command()
def demo(db: DbOpt = "newsprism-demo.db",
         out: Annotated[Path, typer.Option(help="Folder for the HTML reports.")] = Path("newsprism-report"),
         json_out: JsonOpt = False) -> None:
    """Ingest the bundled sample corpus into a fresh database, build stories, write HTML reports."""
    from newsprism.demo import run_demo

    run_demo(Path(db), out, _options(db=db), quiet=json_out)


@story_app.command("merge")
def story_merge(stories_: Annotated[list[str], typer.Argument(metavar="STORY...", help="Story ids to merge.")],
                db: DbOpt = "newsprism.db") -> None:
    """Merge stories into one (kept across re-runs)."""
    if len(stories_) < 2:
        raise UsageError("give at least two story ids to merge")
    store = Store(db)
    merged = pipeline.merge_stories(store, [store.story(s).id for s in stories_], _options(db=db))
    typer.echo(f"merged into {merged.id} ({len(merged.article_ids)} articles)")


@story_app.command("split")
def story_split(story: Annotated[str, typer.Argument(help="Story id.")],
                articles: Annotated[list[str], typer.Argument(help="Article ids to move to a new story.")],
                db: DbOpt = "newsprism.db") -> None:
    """Split articles off a story into a new one (kept across re-runs)."""
    store = Store(db)
    kept, new = pipeline.split_story(store, store.story(story).id, articles, _options(db=db))
    typer.echo(f"{kept.id}: {len(kept.article_ids)} articles; new {new.id}: {len(new.article_ids)} articles")


# -- terminal views ----------------------------------------------------------------------------
def _print_stories(found: list[Story], articles: dict[str, Article]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    # the title takes the width: an 8-character id is a prefix `show` accepts, and the copies
    # column appears only when some story has copies
    with_copies = any(s.copies for s in found)
    table = Table(show_lines=False, expand=True)
    table.add_column("story", no_wrap=True)
    table.add_column("title", ratio=4)
    table.add_column("arts", justify="right", no_wrap=True)
    table.add_column("outlets", justify="right", no_wrap=True)
    if with_copies:
        table.add_column("copies", ratio=1)
    table.add_column("last seen", no_wrap=True)
    for s in found:
        outlets = {articles[i].outlet or "?" for i in s.article_ids if i in articles}
        row: list[str | Text] = [s.id[:8], Text(shown(s.title or "-")), str(len(s.article_ids)), str(len(outlets))]
        if with_copies:
            row.append(shown("; ".join(f"{len(g.outlets)} outlets ran the same text" for g in s.copies) or "-"))
        table.add_row(*row, (s.last_seen or "-")[:10])
    Console().print(table)


def _emit_analysis(analysis: Analysis, json_out: bool, md: bool, html: Path | None) -> None:
    """One analysis as JSON, Markdown or a terminal view, and optionally an HTML report file."""
    from newsprism.render import to_html, to_markdown

    if html is not None:
        html.write_text(to_html(analysis), encoding="utf-8")
    if json_out:
        _print_json(to_dict(analysis))
    elif md:
        typer.echo(to_markdown(analysis))
    else:
        _print_analysis(analysis)


def _print_analysis(analysis: Analysis) -> None:
    from newsprism.render.terminal import print_analysis

    print_analysis(analysis)


if __name__ == "__main__":
    main()
