"""The data model: frozen dataclasses shared by every stage.

Stages are pure functions over these records. Every record that points into an article carries
the article id and character offsets into ``Article.text`` so a finding can be highlighted in its
source. ``to_dict`` turns any record into plain JSON-ready data.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import Any

SCHEMA_VERSION = "1.0"


@dataclass(frozen=True, slots=True)
class Page:
    """Raw bytes as fetched or read; the body itself is kept in the store by ``sha256``."""

    source: str  # path or URL as the user gave it
    url: str | None
    fetched_at: str  # ISO 8601, UTC
    status: int | None  # HTTP status, None for files
    content_type: str | None
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Span:
    """A sentence (or any passage) of an article, by character offsets into its text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    source: str
    url: str | None
    outlet: str | None
    title: str | None
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO 8601 date or datetime
    language: str | None = None
    text: str = ""
    sentences: tuple[Span, ...] = ()
    page_sha256: str | None = None
    # where each field came from: {"title": "meta:og:title", "outlet": "url", ...}
    provenance: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that yielded no article, and why. Stored; never dropped silently."""

    source: str
    reason: str
    stage: str  # fetch | extract | store ...


@dataclass(frozen=True, slots=True)
class CopyGroup:
    """Articles that carry the same text (syndicated or duplicated); ``canonical`` is shown."""

    canonical: str
    members: tuple[str, ...]  # article ids, canonical first
    outlets: tuple[str, ...]
    similarity: float = 1.0


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    article_ids: tuple[str, ...]
    title: str | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    copies: tuple[CopyGroup, ...] = ()
    pinned: bool = False


@dataclass(frozen=True, slots=True)
class Support:
    article: str
    text: str
    start: int
    end: int
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    text: str
    support: tuple[Support, ...]
    kind: str  # consensus | shared | unique
    outlets: int = 0  # independent voices supporting it (a copy group counts once)


@dataclass(frozen=True, slots=True)
class Omission:
    claim: str  # claim id
    article: str  # the article that leaves it out
    text: str


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    text: str
    speaker: str | None
    article: str
    start: int
    end: int
    kind: str = "direct"  # direct | indirect
    group: str | None = None  # quotes of the same words across articles share a group id
    alterations: tuple[str, ...] = ()  # cut | reworded | merged | paraphrase_in_quotes
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str
    value: float
    unit: str
    kind: str  # money | count | percent | date
    article: str
    start: int
    end: int
    subject: str | None = None  # what is counted: "jobs", "dead", ...
    approx: bool = False  # "about 4,200", "nearly €3bn": compared with a wider tolerance
    converted: bool = False  # the "($3.3bn)" of "€3bn ($3.3bn)": a conversion, not a claim


@dataclass(frozen=True, slots=True)
class NumberConflict:
    subject: str
    kind: str
    unit: str
    values: tuple[Quantity, ...]


@dataclass(frozen=True, slots=True)
class Mention:
    article: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    kind: str  # person | org | place | other
    aliases: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True, slots=True)
class FramingHit:
    text: str
    article: str
    start: int
    end: int
    kind: str  # loaded | label | tone
    target: str | None = None  # entity id when the wording is about an actor
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Tone:
    entity: str
    article: str
    score: float  # -1 .. 1


@dataclass(frozen=True, slots=True)
class Reuse:
    source: str  # article id of the likely source (earlier), or one of the pair
    target: str
    passages: tuple[Support, ...] = ()  # passages in target shared with source
    shared_errors: tuple[str, ...] = ()
    score: float = 0.0
    direction: str = "unknown"  # source->target | unknown


@dataclass(frozen=True, slots=True)
class SummarySentence:
    text: str
    articles: tuple[str, ...]
    # consensus | single (one independent voice) | detail (one voice restating a consensus sentence
    # with details of its own) | difference
    kind: str = "consensus"


@dataclass(frozen=True, slots=True)
class ArticleRef:
    id: str
    source: str
    outlet: str | None
    title: str | None
    published: str | None
    text: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Analysis:
    story: str
    articles: tuple[ArticleRef, ...] = ()
    claims: tuple[Claim, ...] = ()
    omissions: tuple[Omission, ...] = ()
    quotes: tuple[Quote, ...] = ()
    numbers: tuple[Quantity, ...] = ()
    conflicts: tuple[NumberConflict, ...] = ()
    entities: tuple[Entity, ...] = ()
    framing: tuple[FramingHit, ...] = ()
    tone: tuple[Tone, ...] = ()
    reuse: tuple[Reuse, ...] = ()
    copies: tuple[CopyGroup, ...] = ()
    summary: tuple[SummarySentence, ...] = ()
    notes: tuple[str, ...] = ()
    schema_version: str = SCHEMA_VERSION


@dataclass(frozen=True, slots=True)
class StorySummary:
    """One row of a story list: counts only, so listing never loads article texts."""

    id: str
    title: str | None
    first_seen: str | None
    last_seen: str | None
    articles: int
    outlets: tuple[str, ...]
    copies: int = 0  # articles that repeat another article's text (syndicated or duplicated)


def to_dict(record: Any) -> Any:
    """Plain JSON-ready data for a record (tuples become lists, nested records dicts)."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, (list, tuple)):
        return [to_dict(x) for x in record]
    if isinstance(record, dict):
        return {k: to_dict(v) for k, v in record.items()}
    return record


def stable_id(*parts: str, size: int = 12) -> str:
    """A short deterministic id from its parts (same input, same id, on every machine)."""
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8"), usedforsecurity=False)
    return h.hexdigest()[:size]

