"""The docs tell the truth: README commands exist in the Makefile and the CLI, every command has help."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from newsprism.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
runner = CliRunner()


def commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_quick_start_targets_exist_in_makefile():
    targets = set(re.findall(r"^([a-z-]+):", (ROOT / "Makefile").read_text(), re.M))
    for target in re.findall(r"^\s+make (\w+)", README, re.M):
        assert target in targets, target
    assert {"demo", "test", "check"} <= targets


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "make test" in README and "make demo" in README


def test_every_command_has_help_and_is_in_readme():
    for name in commands():
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert len(result.output) > 100
        assert f"`newsprism {name}" in README, f"README does not document `newsprism {name}`"


def test_readme_commands_are_real_commands():
    for name in re.findall(r"`newsprism ([a-z]+)", README):
        assert name in commands(), name


def test_schema_doc_names_every_analysis_field():
    import dataclasses

    from newsprism.model import Analysis, Quantity

    doc = (ROOT / "docs" / "schema.md").read_text()
    for f in dataclasses.fields(Analysis):
        assert f"`{f.name}`" in doc, f.name
    for f in dataclasses.fields(Quantity):
        assert f.name in doc, f.name
