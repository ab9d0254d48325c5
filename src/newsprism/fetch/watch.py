"""Polling feeds: the feed list, the interval, and a loop that stops cleanly when asked.

Ingestion stays out of here: each round hands the feed URLs to a function given by the caller (the
CLI passes one that runs the pipeline), so the loop can be tested without a network or a store.
"""

from __future__ import annotations

import logging
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path

from newsprism.errors import InputError, NewsprismError, UsageError

log = logging.getLogger(__name__)

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$", re.I)
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_interval(text: str) -> float:
    """``"30s"``, ``"15m"``, ``"2h"``, ``"1d"`` or bare seconds → seconds (a float > 0)."""
    m = _INTERVAL.match(text or "")
    if not m:
        raise UsageError(f"bad interval {text!r}: use a number with s, m, h or d, e.g. 15m")
    seconds = float(m.group(1)) * _UNITS[(m.group(2) or "s").lower()]
    if seconds <= 0:
        raise UsageError(f"bad interval {text!r}: must be more than zero")
    return seconds


def read_feed_list(path: str) -> list[str]:
    """Feed URLs from an OPML file (``xmlUrl`` of every outline) or a text file (one per line, ``#`` comments).

    Order is kept and duplicates dropped, so the first round polls feeds in the order written.
    """
    p = Path(path).expanduser()
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file or directory", path) from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", path) from e
    text = raw.decode("utf-8-sig", "replace")
    if text.lstrip().startswith("<"):
        urls = _opml_urls(raw, path)
    else:
        urls = [line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
                for line in text.splitlines()]
        urls = [u.split()[0] for u in urls if u]
    return list(dict.fromkeys(urls))


def _opml_urls(raw: bytes, path: str) -> list[str]:
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as e:
        raise InputError(f"malformed OPML: {e}", path) from e
    urls = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl")
        if url and url.strip():
            urls.append(url.strip())
    return urls


def watch_feeds(feeds: Sequence[str], every_seconds: float, on_round: Callable[[list[str]], None],
                stop: threading.Event) -> int:
    """Call ``on_round(feeds)`` now and then every ``every_seconds`` until ``stop`` is set; returns rounds run.

    The wait is ``stop.wait``, so setting the event (from a signal handler or another thread) ends the
    loop at once instead of after a full interval. A newsprism error in one round is logged and the
    next round still runs: a feed that is down for an hour should not end a week-long watch.
    """
    rounds = 0
    while not stop.is_set():
        try:
            on_round(list(feeds))
        except NewsprismError as e:
            log.warning("watch round failed: %s", e)
        rounds += 1
        if stop.wait(every_seconds):
            break
    return rounds

