"""The Jinja2 environment, loaded from the installed package (no paths outside it are read).

Autoescape is on for every template: article text is hostile input and is only ever printed as
escaped text. Only our own static CSS/JS is inlined raw, into the self-contained report.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("newsprism.render", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    env.filters["day"] = _day
    env.filters["pct"] = lambda x: f"{x:.0%}"
    env.filters["num"] = _num
    env.filters["web_url"] = web_url
    return env


@cache
def static_text(name: str) -> str:
    """The text of one file in ``render/static`` (for inlining into the report)."""
    return (resources.files("newsprism.render") / "static" / name).read_text(encoding="utf-8")


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def web_url(url: str | None) -> str | None:
    """The URL when it is plain http(s); article metadata may carry ``javascript:`` and worse."""
    if not url:
        return None
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    return url if scheme in ("http", "https") and "//" in url[:10] else None


def _day(value: str | None) -> str:
    return value[:10] if value else ""


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
