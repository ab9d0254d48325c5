"""Imports point one way: interfaces (cli, web) → pipeline → stages → model.

A stage (fetch, extract, dedup, cluster, analyze) is a pure function of its inputs: it may not
import the store, the pipeline or an interface, so the same code runs on one machine and on Ray.
``render`` draws the data model and may not reach into the analysis code. ``model``, ``errors``,
``settings`` and ``lexicons`` are leaves every layer may use. See docs/architecture.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsprism"
STAGES = ("fetch", "extract", "dedup", "cluster", "analyze")
OUTSIDE_STAGES = ("store", "web", "cli", "pipeline", "corpus", "demo", "evaluate", "export", "render", "distributed")
LEAVES = ("model", "errors", "settings", "lexicons", "jobs")


def imported(source: str) -> set[str]:
    """Every ``newsprism`` module a source imports, at the top or inside a function."""
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("newsprism")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newsprism"):
            out |= {f"{node.module}.{a.name}" for a in node.names} if node.module == "newsprism" else {node.module}
    return out


def forbidden(source: str, banned: tuple[str, ...]) -> list[str]:
    return sorted(m for m in imported(source) if any(m == f"newsprism.{b}" or m.startswith(f"newsprism.{b}.")
                                                     for b in banned))


def offenders(folder: str, banned: tuple[str, ...]) -> dict[str, list[str]]:
    found = {}
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        bad = forbidden(path.read_text(encoding="utf-8"), banned)
        if bad:
            found[str(path.relative_to(PACKAGE))] = bad
    return found


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_no_store_pipeline_or_interface(stage: str) -> None:
    assert offenders(stage, OUTSIDE_STAGES) == {}


def test_the_runner_calls_stages_but_no_store_pipeline_or_interface() -> None:
    """``distributed`` (the Parquet/Ray runner) runs the stage functions with no SQLite behind them."""
    assert offenders("distributed", ("store", "web", "cli", "pipeline", "corpus", "demo", "evaluate", "export",
                                     "render")) == {}


def test_only_the_ray_engine_imports_ray() -> None:
    """The single-machine path never imports Ray: only ``distributed/ray_engine.py`` names it."""
    users = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        if "ray" in names:
            users.append(str(path.relative_to(PACKAGE)))
    assert users == ["distributed/ray_engine.py"]


def test_render_reads_the_model_not_the_analysis_code() -> None:
    assert offenders("render", ("analyze", "extract", "fetch", "dedup", "cluster", "store", "pipeline", "web",
                                "cli")) == {}


@pytest.mark.parametrize("leaf", LEAVES)
def test_leaves_import_no_other_layer(leaf: str) -> None:
    path = PACKAGE / f"{leaf}.py"
    sources = [path.read_text()] if path.exists() else [p.read_text() for p in (PACKAGE / leaf).rglob("*.py")]
    others = tuple(x for x in (*STAGES, *OUTSIDE_STAGES) if x != leaf)
    assert [forbidden(s, others) for s in sources if forbidden(s, others)] == []


def test_the_check_sees_imports_anywhere() -> None:
    """The checker itself: a lazy import inside a function counts as much as one at the top."""
    source = "import os\nfrom newsprism.model import Article\n\ndef f():\n    from newsprism.store import Store\n"
    assert forbidden(source, OUTSIDE_STAGES) == ["newsprism.store"]
    assert forbidden("from newsprism import pipeline\n", OUTSIDE_STAGES) == ["newsprism.pipeline"]
    assert forbidden("import newsprism.web.app\n", OUTSIDE_STAGES) == ["newsprism.web.app"]
    assert forbidden("from newsprism.storeroom import x\n", OUTSIDE_STAGES) == []
