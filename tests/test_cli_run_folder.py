"""`stories` and `show` read a run's folder in place (--run DIR) and answer as after `load`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app

pytest.importorskip("pyarrow")
runner = CliRunner()


def _json_lines(args: list[str]) -> list[dict]:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.mark.slow
def test_stories_and_show_read_a_run_folder_as_the_loaded_database(local_sample_run: Path, tmp_path: Path):
    db = str(tmp_path / "loaded.db")
    assert runner.invoke(app, ["load", str(local_sample_run), "--db", db]).exit_code == 0
    from_run = _json_lines(["stories", "--run", str(local_sample_run), "--json"])
    from_db = _json_lines(["stories", "--db", db, "--json"])
    assert from_run and from_run == from_db
    story = from_run[0]["id"]
    shown_run = _json_lines(["show", story[:8], "--run", str(local_sample_run), "--json"])
    shown_db = _json_lines(["show", story[:8], "--db", db, "--json"])
    assert shown_run == shown_db and shown_run[0]["story"] == story


def test_a_folder_that_is_no_run_is_a_clear_error(tmp_path: Path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "newsprism.cli", "stories", "--run", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "not the output of a run" in done.stderr and "Traceback" not in done.stderr
