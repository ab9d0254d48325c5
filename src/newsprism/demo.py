"""``newsprism demo``: the bundled sample corpus, ingested, clustered, analysed and reported."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from rich.console import Console

from newsprism import pipeline
from newsprism.render import to_html
from newsprism.render.terminal import print_analysis
from newsprism.settings import Options
from newsprism.store import Store


def sample_dir() -> Path:
    return Path(str(files("newsprism") / "data" / "sample"))


def run_demo(db: Path, out: Path, options: Options, quiet: bool = False) -> list[Path]:
    """Fresh database from the sample corpus; one HTML report per story in ``out``."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    console = Console(quiet=quiet)
    store = Store(db)
    report = pipeline.ingest_and_update([str(sample_dir())], store, options).ingest
    console.print(f"[bold]newsprism demo[/bold]: {len(report.added)} articles ingested,"
                  f" {len(report.failures)} failed, into {db}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for story in store.stories():
        analysis = pipeline.story_analysis(store, story.id, options)
        path = out / f"story-{story.id}.html"
        path.write_text(to_html(analysis), encoding="utf-8")
        written.append(path)
        console.rule()
        print_analysis(analysis, console, brief=True)
        console.print(f"  report: {path}")
    index = out / "index.html"
    index.write_text(_index_html(store, written), encoding="utf-8")
    console.rule()
    console.print(f"{len(written)} stories; open {index} in a browser, or run `newsprism serve --db {db}`.")
    return written


def _index_html(store: Store, reports: list[Path]) -> str:
    from html import escape

    items = []
    for story, path in zip(store.stories(), reports, strict=False):
        items.append(f'<li><a href="{escape(path.name)}">{escape(story.title or story.id)}</a>'
                     f" — {len(story.article_ids)} articles</li>")
    return ("<!doctype html><html lang=en><meta charset=utf-8><title>newsprism demo</title>"
            "<body style='font-family:system-ui;max-width:50rem;margin:2rem auto'>"
            f"<h1>newsprism demo</h1><ul>{''.join(items)}</ul></body></html>\n")
