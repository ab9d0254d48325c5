"""A fine-tuned MiniLM token tagger for loaded wording (the ``neural`` extra).

all-MiniLM-L6-v2 (``newsprism.analyze.minilm``) reads the article in windows of word pieces; its top
two layers were fine-tuned with a one-unit head to mark the pieces inside loaded wording (PTC's
Loaded_Language and Name_Calling spans, tune half). A word's probability is the highest of its
pieces'; it is combined with the logistic-regression tagger of ``loaded_tagger`` as the shipped
settings say (``combine``: the MiniLM probability alone, or the mean of the two), and the words at or
above the threshold become spans as in ``loaded_tagger.merge``.

Only the fine-tuned top layers and the head are stored (``models/loaded_minilm.safetensors``, fp16,
with the settings in its metadata); they replace the base's top layers at load time. Refit with
``tools/train_loaded_neural.py`` on the PTC tune half. Used when ``minilm.enabled()`` (the extra is
installed and ``NEWSPRISM_NEURAL`` is not ``0``) and the weights are present.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from newsprism.analyze import loaded_tagger, minilm
from newsprism.analyze.loaded_tagger import Word

MODEL_PATH = "models/loaded_minilm.safetensors"
WINDOW = 126  # word pieces per window, [CLS] and [SEP] around them
STRIDE = 110  # windows overlap; a piece takes the window where it is farthest from an edge
TOP_LAYERS = (4, 5)  # the fine-tuned layers of the six
BATCH = 16


@dataclass(frozen=True)
class Settings:
    threshold: float
    gap: int
    combine: str  # "neural" or "mean" (with the logistic-regression tagger)
    content_only: bool  # only content words are tagged (``loaded_tagger.candidate``)


def available() -> bool:
    """Whether the tagger can run: the extra is installed and switched on, and the weights ship."""
    return minilm.enabled() and _weights_path().is_file()


def _weights_path() -> Any:
    return resources.files("newsprism.analyze").joinpath(MODEL_PATH)


def windows(n: int, size: int = WINDOW, stride: int = STRIDE) -> list[tuple[int, int]]:
    """Windows (start, end) over ``n`` pieces; the last one ends at ``n``."""
    if n <= size:
        return [(0, n)]
    out = [(s, s + size) for s in range(0, n - size, stride)]
    out.append((n - size, n))
    return out


def best_window(n: int, spans: Sequence[tuple[int, int]]) -> list[int]:
    """For each piece, the window in which it lies farthest from an edge."""
    best = [0] * n
    depth = [-1] * n
    for w, (s, e) in enumerate(spans):
        for k in range(s, e):
            d = min(k - s, e - 1 - k)
            if d > depth[k]:
                depth[k], best[k] = d, w
    return best


def pieces(text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Word-piece ids and their character offsets."""
    enc = minilm.tokenizer()(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    return list(enc["input_ids"]), [tuple(o) for o in enc["offset_mapping"]]


def window_ids(ids: Sequence[int], spans: Sequence[tuple[int, int]]) -> list[list[int]]:
    tok = minilm.tokenizer()
    return [[tok.cls_token_id, *ids[s:e], tok.sep_token_id] for s, e in spans]


def word_probs_from_pieces(words: Sequence[Word], offsets: Sequence[tuple[int, int]],
                           piece_probs: Sequence[float]) -> list[float]:
    """A word's probability: the highest of the pieces overlapping it."""
    out = [0.0] * len(words)
    j = 0
    for k, w in enumerate(words):
        while j < len(offsets) and offsets[j][1] <= w.start:
            j += 1
        i = j
        while i < len(offsets) and offsets[i][0] < w.end:
            out[k] = max(out[k], float(piece_probs[i]))
            i += 1
    return out


def assemble(n: int, spans: Sequence[tuple[int, int]], per_window: Sequence[Sequence[float]]) -> list[float]:
    """Piece probabilities from the windows' (each window's list without [CLS]/[SEP])."""
    best = best_window(n, spans)
    return [float(per_window[best[k]][k - spans[best[k]][0]]) for k in range(n)]


def shipped() -> tuple[Any, Settings] | None:
    """The base MiniLM with the shipped top layers and head, and the settings (loaded once); None
    when the tagger is not available (switched off, no extra or no weights)."""
    return _load() if available() else None


@functools.lru_cache(maxsize=1)
def _load() -> tuple[Any, Settings]:
    minilm.offline()
    import torch
    from safetensors import safe_open
    from transformers import AutoModel
    from transformers.utils import logging

    logging.disable_progress_bar()  # no "Loading weights" bar on the user's terminal

    path = str(_weights_path())
    with safe_open(path, framework="pt") as f:
        meta = f.metadata() or {}
        state = {k: f.get_tensor(k).float() for k in f.keys()}  # noqa: SIM118 (safe_open has no iterator)
    base = AutoModel.from_pretrained(str(minilm.model_dir()))
    layers = {k[len("encoder."):]: v for k, v in state.items() if k.startswith("encoder.")}
    missing = base.encoder.load_state_dict(layers, strict=False)
    if missing.unexpected_keys:
        raise ValueError(f"unexpected weights in {MODEL_PATH}: {missing.unexpected_keys[:3]}")
    head = torch.nn.Linear(base.config.hidden_size, 1)
    head.load_state_dict({"weight": state["head.weight"], "bias": state["head.bias"]})
    base.eval()
    head.eval()
    settings = Settings(float(meta["threshold"]), int(meta["gap"]), meta["combine"], meta["content_only"] == "1")
    return (base, head), settings


def piece_probabilities(model: Any, ids: Sequence[int]) -> list[float]:
    """The probability of each piece of an article (``ids`` without special tokens)."""
    import torch

    base, head = model
    spans = windows(len(ids))
    rows = window_ids(ids, spans)
    per_window: list[list[float]] = [[] for _ in rows]
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
    with torch.inference_mode():
        for b in range(0, len(order), BATCH):
            batch = order[b:b + BATCH]
            size = max(len(rows[i]) for i in batch)
            x = torch.zeros((len(batch), size), dtype=torch.long)
            mask = torch.zeros((len(batch), size), dtype=torch.long)
            for r, i in enumerate(batch):
                x[r, :len(rows[i])] = torch.tensor(rows[i])
                mask[r, :len(rows[i])] = 1
            hidden = base(input_ids=x, attention_mask=mask).last_hidden_state
            probs = torch.sigmoid(head(hidden).squeeze(-1))
            for r, i in enumerate(batch):
                per_window[i] = probs[r, 1:len(rows[i]) - 1].tolist()
    return assemble(len(ids), spans, per_window)


def word_probabilities(text: str, model: Any = None) -> tuple[list[Word], list[float]]:
    """The words of ``text`` (as the lexicon splits them) and the MiniLM probability of each."""
    if model is None:
        loaded = shipped()
        if loaded is None:
            return loaded_tagger.words_of(text), []
        model = loaded[0]
    words = loaded_tagger.words_of(text)
    if not text.strip():
        return words, [0.0] * len(words)
    ids, offsets = pieces(text)
    return words, word_probs_from_pieces(words, offsets, piece_probabilities(model, ids))


def combine(words: Sequence[Word], neural: Sequence[float], linear: Sequence[float] | None,
            settings: Settings) -> list[float]:
    """The probability each word is tagged with, by the settings' rule."""
    if settings.combine == "mean" and linear is not None:
        probs = [(a + b) / 2 for a, b in zip(neural, linear, strict=True)]
    else:
        probs = list(neural)
    if settings.content_only:
        probs = [p if loaded_tagger.candidate(w.text) else 0.0 for w, p in zip(words, probs, strict=True)]
    return probs


def tag(text: str, doc: Any) -> list[tuple[int, int, float]]:
    """Loaded-wording spans (start, end, probability) of ``text``; [] when the tagger is not available."""
    loaded = shipped()
    if loaded is None:
        return []
    model, settings = loaded
    words, neural = word_probabilities(text, model)
    linear = None
    lr = loaded_tagger.shipped_model()
    if settings.combine == "mean" and lr is not None:
        _, feats = loaded_tagger.features(text, doc)
        linear = [lr.probability(f) if loaded_tagger.candidate(w.text) else 0.0 for w, f in zip(words, feats, strict=True)]
    probs = combine(words, neural, linear, settings)
    return loaded_tagger.merge(words, probs, settings.threshold, settings.gap, text)
