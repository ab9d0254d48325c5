"""The settings table: one source of truth for defaults, CLI help and docs.

Each ``Setting`` has a name, default and help text. ``Options`` is the frozen value object passed
down to the stages; ``Options.from_env`` reads ``NEWSPRISM_<NAME>`` overrides.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "newsprism.db", "SQLite database file (env NEWSPRISM_DB)."),
    Setting("max_bytes", 30_000_000, "Largest input accepted, in bytes; larger ones are refused."),
    Setting("http_timeout", 20.0, "Seconds to wait for an HTTP connect or read."),
    Setting("http_deadline", 60.0, "Most seconds one HTTP request may take in all: connect, headers and body."),
    Setting("http_retries", 3, "Retries on HTTP 429/5xx, with exponential backoff."),
    Setting("rate_per_host", 1.0, "Most HTTP requests per second to one host."),
    Setting("user_agent", "newsprism/0.1 (+https://github.com/newsprism/newsprism)", "HTTP User-Agent."),
    Setting("allow_private", False, "Allow fetching private, loopback and link-local addresses."),
    Setting("respect_robots", True, "Obey robots.txt when fetching."),
    Setting("window_days", 3.0, "Days around an article's date in which it may join a story."),
    Setting("cluster_threshold", 0.07, "Average pair score (text, entity and title cosine less a per-day penalty) a story merge needs."),
    Setting("dedup_threshold", 0.7, "Jaccard similarity of shingles above which two texts are copies."),
    Setting("claim_threshold", 0.5, "Similarity above which two sentences state the same claim."),
    Setting("summary_sentences", 8, "Most sentences in the summary before the differences."),
    Setting("summary_words", 190, "Words after which the summary takes no further sentence (about the length of an AllSides roundup; 0: no word limit)."),
    Setting("summary_singles_per_backed", 0, "At most this many single-outlet summary sentences per sentence two or more outlets state, when the story has one (1: at least half the summary so backed; 0: no limit)."),
    Setting("analysis_max_chars", 50_000, "Characters of one article that the analysis reads (cut at a paragraph break); the rest of a longer article is left out, with a note."),
    Setting("parse_chunk_chars", 20_000, "Articles longer than this are parsed in pieces of about this many characters, cut at paragraph breaks (0: one piece)."),
    Setting("pair_max_sentences", 200, "Sentences per article (the first ones) that claim alignment and reuse compare across articles; a note names the articles cut."),
    Setting("analysis_workers", 1, "Story analyses the web server computes at once; further ones wait in a queue."),
    Setting("analysis_timeout", 60.0, "Seconds a web request waits for a story's analysis; then it answers 503 and the analysis finishes in the background."),
    Setting("api_rate", 20.0, "Web/API requests per second allowed per client (0 turns the limit off)."),
    Setting("api_burst", 100, "Requests a web/API client may send in a burst before the rate applies."),
    Setting("upload_max_bytes", 50_000_000, "Largest request body (all uploaded files together), in bytes."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def default(name: str) -> Any:
    return _BY_NAME[name].default


def help_for(name: str) -> str:
    return _BY_NAME[name].help


@dataclass(frozen=True, slots=True)
class Options:
    db: str = default("db")
    max_bytes: int = default("max_bytes")
    http_timeout: float = default("http_timeout")
    http_deadline: float = default("http_deadline")
    http_retries: int = default("http_retries")
    rate_per_host: float = default("rate_per_host")
    user_agent: str = default("user_agent")
    allow_private: bool = default("allow_private")
    respect_robots: bool = default("respect_robots")
    window_days: float = default("window_days")
    cluster_threshold: float = default("cluster_threshold")
    dedup_threshold: float = default("dedup_threshold")
    claim_threshold: float = default("claim_threshold")
    summary_sentences: int = default("summary_sentences")
    summary_words: int = default("summary_words")
    summary_singles_per_backed: int = default("summary_singles_per_backed")
    analysis_max_chars: int = default("analysis_max_chars")
    parse_chunk_chars: int = default("parse_chunk_chars")
    pair_max_sentences: int = default("pair_max_sentences")
    analysis_workers: int = default("analysis_workers")
    analysis_timeout: float = default("analysis_timeout")
    api_rate: float = default("api_rate")
    api_burst: int = default("api_burst")
    upload_max_bytes: int = default("upload_max_bytes")

    @classmethod
    def from_env(cls, **overrides: Any) -> Options:
        values: dict[str, Any] = {}
        for s in SETTINGS:
            raw = os.environ.get(f"NEWSPRISM_{s.name.upper()}")
            if raw is not None:
                values[s.name] = _coerce(raw, s.default)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def replace(self, **changes: Any) -> Options:
        return dataclasses.replace(self, **changes)


def _coerce(raw: str, like: Any) -> Any:
    if isinstance(like, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(like, int):
        return int(raw)
    if isinstance(like, float):
        return float(raw)
    return raw


def settings_markdown() -> str:
    """The settings table as Markdown (docs/settings.md is generated from this)."""
    rows = ["| setting | environment | default | meaning |", "| --- | --- | --- | --- |"]
    for s in SETTINGS:
        rows.append(f"| `{s.name}` | `NEWSPRISM_{s.name.upper()}` | `{s.default!r}` | {s.help} |")
    return ("# Settings\n\nGenerated by `python -m newsprism.settings > docs/settings.md`."
            " Each setting can be set in the environment.\n\n" + "\n".join(rows) + "\n")


if __name__ == "__main__":
    print(settings_markdown(), end="")
