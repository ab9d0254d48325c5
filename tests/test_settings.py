"""The settings table drives Options, the CLI help and the docs."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from newsprism.settings import SETTINGS, Options, settings_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_is_an_option_field_and_back():
    assert [s.name for s in SETTINGS] == [f.name for f in dataclasses.fields(Options)]
    assert all(s.help.strip() for s in SETTINGS)


def test_env_overrides_are_typed(monkeypatch):
    monkeypatch.setenv("NEWSPRISM_WINDOW_DAYS", "5")
    monkeypatch.setenv("NEWSPRISM_ALLOW_PRIVATE", "yes")
    o = Options.from_env(db="x.db")
    assert o.window_days == 5.0 and o.allow_private is True and o.db == "x.db"


def test_settings_doc_is_generated_from_the_table():
    doc = (ROOT / "docs" / "settings.md").read_text()
    assert doc == settings_markdown(), "run: python -m newsprism.settings > docs/settings.md"
    for s in SETTINGS:
        assert f"`{s.name}`" in doc, s.name
