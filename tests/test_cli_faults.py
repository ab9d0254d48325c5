"""Faults and hostile inputs at the command line: one clear line each, nothing printed raw."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from newsprism import cli
from newsprism.store import Store
from tests.test_cli import PAGE, TEXT


def _main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["newsprism", *args])
    try:
        cli.main()
    except SystemExit as e:
        return int(e.code or 0)
    return 0


def test_full_disk_is_one_line_and_keeps_what_was_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "full.db")
    first, second = tmp_path / "a.html", tmp_path / "b.txt"
    first.write_text(PAGE)
    second.write_text(TEXT)
    assert _main(monkeypatch, "ingest", "--no-stories", "--db", db, str(first)) == 0
    capsys.readouterr()

    def full(self: Store, *args: object) -> bool:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Store, "add_article", full)
    code = _main(monkeypatch, "ingest", "--db", db, str(second))
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("error: database: database or disk is full")
    assert "Traceback" not in err
    monkeypatch.undo()
    assert Store(db).count_articles() == 1  # nothing lost


@pytest.mark.parametrize("name", ["bad\nerror: forged line.txt", "title\x1b]0;owned\x07.txt", "csi\x9b31m.txt"])
def test_hostile_file_names_are_escaped(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / name
    path.write_bytes(b"")  # empty: reported as a failure that names the file
    assert _main(monkeypatch, "extract", str(path)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err and "\x9b" not in err and "\x07" not in err
    assert "\\n" in err or "\\x1b" in err or "\\x9b" in err


def test_shown_keeps_plain_text() -> None:
    assert cli.shown("Zürich – “quoted” 1\t2") == "Zürich – “quoted” 1\\t2"
    assert cli.shown("a\nb\rc\x00") == "a\\nb\\rc\\x00"


def test_missing_folder_is_refused_not_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "nonexistent" / "dir" / "x.db"
    for command in (["stories"], ["ingest", str(tmp_path)], ["export", str(tmp_path / "o.jsonl")]):
        assert _main(monkeypatch, *command, "--db", str(db)) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "no such folder" in err
    assert not (tmp_path / "nonexistent").exists()


def test_reading_a_missing_database_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert _main(monkeypatch, "stories", "--db", str(tmp_path / "none.db")) == 1
    assert "no such database" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


def test_read_only_database_can_be_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "ro.db"
    page = tmp_path / "a.html"
    page.write_text(PAGE)
    assert _main(monkeypatch, "ingest", "--db", str(db), str(page)) == 0
    story = Store(db).stories()[0].id
    real_access = cli.os.access
    # as root, chmod cannot make a file unwritable: say so through os.access, as a normal user would see
    monkeypatch.setattr("newsprism.store.db.os.access", lambda p, mode: False if mode == cli.os.W_OK else
                        real_access(p, mode))
    assert Store.for_reading(db).read_only
    capsys.readouterr()
    assert _main(monkeypatch, "stories", "--db", str(db), "--json") == 0
    assert story in capsys.readouterr().out
    assert _main(monkeypatch, "show", story, "--db", str(db), "--json") == 0
    assert '"story"' in capsys.readouterr().out
    assert _main(monkeypatch, "export", str(tmp_path / "out.jsonl"), "--db", str(db)) == 0


def test_read_only_store_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "ro.db"
    Store(db).close()
    before = db.read_bytes()
    ro = Store(db, read_only=True)
    ro.put_analysis("s", "k", "{}")  # the cache is skipped, not an error
    with pytest.raises(sqlite3.OperationalError, match="readonly"), ro.conn as c:
        c.execute("INSERT INTO analyses(story_id, key, json, created_at) VALUES ('s','k','{}','x')")
    assert db.read_bytes() == before
