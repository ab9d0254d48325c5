"""The packaged MiniLM base: found and tokenised offline when the ``neural`` extra is installed."""

import pytest

from newsprism.analyze import minilm


def test_available_names_every_package(monkeypatch):
    seen = []
    monkeypatch.setattr(minilm.importlib.util, "find_spec", lambda name: seen.append(name))
    assert minilm.available() is False
    assert seen == [minilm.PACKAGES[0]]  # all() stops at the first missing one


@pytest.mark.skipif(not minilm.available(), reason="the neural extra is not installed")
def test_tokenizer_loads_from_the_package_offline():
    ids = minilm.tokenizer()("Officers arrested four people")["input_ids"]
    assert ids[0] == 101 and ids[-1] == 102 and len(ids) >= 6
    assert (minilm.model_dir() / "model.safetensors").is_file()
