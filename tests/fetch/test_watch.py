"""The watch loop, the interval syntax and the feed list (OPML or text)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from newsprism.errors import InputError, StoreError, UsageError
from newsprism.fetch.watch import parse_interval, read_feed_list, watch_feeds

DATA = Path(__file__).parent / "data"
FEEDS = ["https://ledger.example/feed.xml", "https://courier.example/atom.xml"]


@pytest.mark.parametrize(("text", "seconds"), [("30s", 30.0), ("15m", 900.0), ("2h", 7200.0), ("1d", 86400.0),
                                               ("45", 45.0), (" 1.5m ", 90.0), ("500ms", 0.5), ("2H", 7200.0)])
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "m", "15x", "-5m", "0s", "fifteen minutes", "1h30m"])
def test_parse_interval_rejects(text: str) -> None:
    with pytest.raises(UsageError):
        parse_interval(text)


def test_read_opml() -> None:
    assert read_feed_list(str(DATA / "feeds.opml")) == FEEDS


def test_read_text_list_with_comments() -> None:
    assert read_feed_list(str(DATA / "feeds.txt")) == FEEDS


def test_read_missing_or_malformed_list(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_feed_list(str(tmp_path / "none.opml"))
    (tmp_path / "bad.opml").write_text("<opml><body><outline xmlUrl='x'>")
    with pytest.raises(InputError, match="malformed OPML"):
        read_feed_list(str(tmp_path / "bad.opml"))


def test_watch_runs_rounds_until_stopped() -> None:
    stop = threading.Event()
    seen: list[list[str]] = []

    def one_round(feeds: list[str]) -> None:
        seen.append(feeds)
        if len(seen) == 3:
            stop.set()

    assert watch_feeds(FEEDS, 0.001, one_round, stop) == 3
    assert seen == [FEEDS] * 3


def test_watch_stops_during_a_long_wait() -> None:
    stop = threading.Event()
    rounds: list[int] = []
    thread = threading.Thread(target=lambda: rounds.append(watch_feeds(FEEDS, 3600, lambda f: None, stop)))
    start = time.monotonic()
    thread.start()
    time.sleep(0.05)
    stop.set()
    thread.join(timeout=2)
    assert not thread.is_alive() and rounds == [1] and time.monotonic() - start < 2


def test_watch_survives_a_failed_round() -> None:
    stop = threading.Event()
    calls = []

    def one_round(feeds: list[str]) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise StoreError("database is locked")
        stop.set()

    assert watch_feeds(FEEDS, 0.001, one_round, stop) == 2


def test_watch_does_not_start_when_already_stopped() -> None:
    stop = threading.Event()
    stop.set()
    assert watch_feeds(FEEDS, 1, lambda f: pytest.fail("round ran"), stop) == 0
