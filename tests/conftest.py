"""Fixtures shared by the whole suite. Tests mirror the package (``tests/extract`` tests
``newsprism.extract``, ...); inputs we wrote sit beside the tests that read them (``data/``,
``golden/``), and ``tests/data`` holds what several folders share (the cluster corpus, the floors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.settings import Options
from newsprism.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A fresh SQLite store in its own file."""
    return Store(tmp_path / "np.db")


@pytest.fixture
def options() -> Options:
    """Default options, whatever NEWSPRISM_* variables the environment holds."""
    return Options()
