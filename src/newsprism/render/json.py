"""Analysis ⇄ JSON. The JSON schema is versioned by ``Analysis.schema_version`` (docs/schema.md)."""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from collections.abc import Sequence
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

from newsprism import model
from newsprism.model import Analysis, Article, Quote, Story, to_dict

T = TypeVar("T")


def to_json(analysis: Analysis, indent: int | None = 2) -> str:
    return json.dumps(to_dict(analysis), ensure_ascii=False, indent=indent)


def article_json(a: Article) -> dict[str, Any]:
    """One extracted article as ``newsprism extract --json`` prints it."""
    return {"source": a.source, "id": a.id, "url": a.url, "outlet": a.outlet, "title": a.title,
            "authors": list(a.authors), "published": a.published, "language": a.language, "text": a.text,
            "provenance": dict(a.provenance)}


def story_json(s: Story, articles: dict[str, Article]) -> dict[str, Any]:
    """One story as ``newsprism stories --json`` prints it (``articles`` gives the outlets)."""
    outlets = sorted({articles[i].outlet or "?" for i in s.article_ids if i in articles})
    return {"id": s.id, "title": s.title, "first_seen": s.first_seen, "last_seen": s.last_seen,
            "articles": list(s.article_ids), "outlets": outlets, "copies": [to_dict(g) for g in s.copies]}


def quotes_json(a: Article, quotes: Sequence[Quote]) -> dict[str, Any]:
    """The quotes of one article as ``newsprism quotes --json`` prints them."""
    return {"source": a.source, "id": a.id, "quotes": [
        {"text": q.text, "speaker": q.speaker, "start": q.start, "end": q.end, "kind": q.kind} for q in quotes]}


def analysis_from_dict(data: dict[str, Any]) -> Analysis:
    return record_from_dict(Analysis, data)


def record_from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a frozen record (and the records inside it) from ``to_dict`` output."""
    kwargs = {name: _value(hint, data[name]) for name, hint in _fields(cls) if name in data}  # type: ignore[arg-type]
    return cls(**kwargs)


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """Field names and resolved type hints, once per record class (resolving them is slow)."""
    hints = get_type_hints(cls, vars(model))
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def _value(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in get_args(hint) if a is not type(None)]
        return _value(inner[0], value) if len(inner) == 1 else value
    if origin is tuple:
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_value(args[0], v) for v in value)
        return tuple(_value(a, v) for a, v in zip(args, value, strict=False))
    if dataclasses.is_dataclass(hint) and isinstance(value, dict):
        return record_from_dict(hint, value)  # type: ignore[arg-type]
    return value
