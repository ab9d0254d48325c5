"""Inputs for the runner tests: synthetic articles as JSONL shards (the sample corpus and its run:
``tests/conftest.py``)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from newsprism.distributed import read_run
from newsprism.settings import Options

ROOT = Path(__file__).resolve().parents[2]


def synth_rows(n: int) -> list[dict[str, Any]]:
    """``n`` articles from benchmarks/synth.py (fixed seed): events, planted copies, odd dates."""
    spec = importlib.util.spec_from_file_location("newsprism_bench_synth", ROOT / "benchmarks" / "synth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.generate(n))


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="session")
def synth_shards(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A few hundred synthetic articles as three JSONL files (three inputs, three shards)."""
    rows = synth_rows(300)
    folder = tmp_path_factory.mktemp("synth")
    return [write_jsonl(folder / f"part{k}.jsonl", rows[k::3]) for k in range(3)]


@pytest.fixture
def opts() -> Options:
    return Options()


def answers(out: Path | str) -> dict[str, Any]:
    """What must not depend on the engine or the shard order: copy groups and stories as sets of
    article ids, and each story's analysis JSON."""
    t = read_run(out)
    return {"articles": sorted((a.id, a.text) for a in t["articles"]),
            "copies": {frozenset(g.members) for g in t["copies"]},
            "stories": {frozenset(s.article_ids) for s in t["stories"]},
            "story_ids": sorted(s.id for s in t["stories"]),
            "analyses": t["analyses"]}


@pytest.fixture(scope="session")
def local_synth_run(synth_shards: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic shards run once on the local engine, without analyses (copies and stories)."""
    from newsprism.distributed import run

    out = tmp_path_factory.mktemp("local-synth")
    run(synth_shards, out, Options(), analyses=False)
    return out
