"""The sample stories whose `compare` output is kept as golden files (tests/analyze/golden/)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.demo import sample_dir

CASES = {
    "velora-two": ["harborledger_2026-03-11_velora.html", "meridianpost_2026-03-11_velora.html"],
    "flood": ["northgatewire_2026-04-06_flood.html", "valleycourier_2026-04-06_flood.txt",
              "coastlinedaily_2026-04-06_flood.txt", "harborledger_2026-04-07_flood.html",
              "meridianpost_2026-04-06_flood.html"],
}


def run_compare(files: list[str]) -> dict[str, Any]:
    """`newsprism compare --json` on sample files, with sources made relative to the sample folder."""
    paths = [str(sample_dir() / f) for f in files]
    result = CliRunner().invoke(app, ["compare", "--json", *paths])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for a in data["articles"]:
        a["source"] = os.path.relpath(a["source"], sample_dir())
    return data


def golden(name: str) -> dict[str, Any]:
    return json.loads((Path(__file__).parent / f"compare-{name}.json").read_text())
