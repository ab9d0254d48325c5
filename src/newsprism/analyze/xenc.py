"""A MiniLM cross-encoder: "do these two sentences report the same fact?", read as one pair.

The ``neural`` extra's all-MiniLM-L6-v2 (``minilm``) reads both sentences at once (``[CLS] a [SEP]
b [SEP]``), mean-pools its last layer and a linear head gives the probability that they are
paraphrases. It was fine-tuned on MSRP **train** only (``tools/train_xenc.py``) with low-rank (LoRA)
updates of every linear layer; ``models/xenc.npz`` holds only those factors and the head (fp16), and
``load`` merges them into the packaged base weights (``W + scale * B @ A``), so neither peft nor
the network is needed at run time.

Its probability is one more feature of the learned decisions, as the e5 cosine is (``embed``): of
the paraphrase matcher (``similarity.CROSS_FEATURES``, the ``xenc_*`` matchers) and of the same-fact
aligner (``models/aligner_xenc.json``). A cross-encoder costs a transformer pass per *pair*, so a
story's pairs are not all scored: the aligner asks only for the pairs its lexical decision already
considers likely (``align.XENC_FLOOR``, at most ``align.XENC_BUDGET`` of them), in length-sorted
batches, and a ``Scores`` cache lives for one story so that no pair is read twice.

Used in analysis only when switched on (``NEWSPRISM_XENC=1``) and the ``neural`` extra is
installed: it lifts the paraphrase decision on MSRP (dev 0.760 -> 0.7825 with its probability as a
feature) but not the same-fact alignment (leave-one-story-out F1 0.654 lexical, 0.653 with it), and
it costs 1.1-1.6x the analysis time, so by default analysis keeps the lexical path. Its linear layers run as torch
dynamic int8 unless ``NEWSPRISM_NEURAL_INT8=0``: 1.5-3x faster here, MSRP dev 0.7975 -> 0.7675 alone
but the same alignment (leave-one-story-out F1 0.651 fp32, 0.653 int8; benchmarks/README.md).
"""

from __future__ import annotations

import functools
import json
import os
import warnings
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np

from newsprism.analyze import minilm

ENABLE = "NEWSPRISM_XENC"  # 1 turns the cross-encoder on (off by default: see the module docstring)
QUANTIZE = "NEWSPRISM_NEURAL_INT8"  # 0: full-precision linear layers (int8 by default; benchmarks/README.md)
WEIGHTS = "models/xenc.npz"
# The linear layers of each BERT layer that carry LoRA factors (names inside ``encoder.layer.N``).
TARGETS = ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
           "intermediate.dense", "output.dense")
BATCH = 64  # pairs per forward pass


def weights_path() -> Any:
    return resources.files("newsprism.analyze").joinpath(WEIGHTS)


def switched_on() -> bool:
    return os.environ.get(ENABLE, "").strip().lower() in ("1", "true", "yes", "on")


def available() -> bool:
    """Whether analysis uses the cross-encoder: switched on (``NEWSPRISM_XENC=1``), the ``neural``
    extra installed and the shipped weights present."""
    return switched_on() and minilm.available() and weights_path().is_file()


def read_weights(path: Any = None) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The stored factors and head (float32) and the metadata (rank, scale, max_length, ...)."""
    with (path or weights_path()).open("rb") as f, np.load(f) as z:
        meta = json.loads(str(z["meta"]))
        arrays = {k: np.asarray(z[k], dtype=np.float32) for k in z.files if k != "meta"}
    return arrays, meta


def mean_pool(hidden: Any, mask: Any) -> Any:
    m = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)


class CrossEncoder:
    """The base encoder with the factors merged in, and the head: ``probs(a, b)``."""

    def __init__(self, encoder: Any, head: Any, tokenizer: Any, max_length: int) -> None:
        self.encoder = encoder
        self.head = head
        self.tokenizer = tokenizer
        self.max_length = max_length

    def logits(self, a: Sequence[str], b: Sequence[str]) -> Any:
        batch = self.tokenizer(list(a), list(b), padding=True, truncation=True, max_length=self.max_length,
                               return_tensors="pt")
        hidden = self.encoder(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"],
                              token_type_ids=batch.get("token_type_ids")).last_hidden_state
        return self.head(mean_pool(hidden, batch["attention_mask"])).squeeze(-1)

    def probs(self, a: Sequence[str], b: Sequence[str], batch: int = BATCH) -> np.ndarray:
        """Probability per pair (a[k], b[k]) that the two report the same fact; pairs of similar
        length are batched together so little is padded."""
        import torch

        if not len(a):
            return np.zeros(0)
        order = np.argsort([len(x) + len(y) for x, y in zip(a, b, strict=True)], kind="stable")
        out = np.zeros(len(a))
        with torch.inference_mode():
            for k in range(0, len(order), batch):
                idx = order[k : k + batch]
                z = self.logits([a[t] for t in idx], [b[t] for t in idx])
                out[idx] = torch.sigmoid(z.float()).numpy()
        return out


def merge(encoder: Any, arrays: dict[str, np.ndarray], scale: float) -> None:
    """Add ``scale * B @ A`` of each stored factor pair to the base weight it belongs to."""
    import torch

    modules = dict(encoder.named_modules())
    with torch.no_grad():
        for key in arrays:
            if not key.endswith(".lora_A"):
                continue
            name = key[: -len(".lora_A")]
            delta = arrays[f"{name}.lora_B"] @ arrays[key]
            modules[name].weight += torch.from_numpy(scale * delta)


def build(arrays: dict[str, np.ndarray], meta: dict[str, Any], quantize: bool = False) -> CrossEncoder:
    """The cross-encoder from the packaged base and stored factors (``read_weights``)."""
    minilm.offline()
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    # the base's unused pooler and the progress bar are no news to a reader of the CLI's stderr
    verbosity = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        encoder = AutoModel.from_pretrained(str(minilm.model_dir()), add_pooling_layer=False)
    finally:
        hf_logging.set_verbosity(verbosity)
        hf_logging.enable_progress_bar()
    encoder.eval()
    merge(encoder, arrays, float(meta["scale"]))
    head = torch.nn.Linear(arrays["head.weight"].shape[1], 1)
    with torch.no_grad():
        head.weight.copy_(torch.from_numpy(arrays["head.weight"]))
        head.bias.copy_(torch.from_numpy(arrays["head.bias"]))
    head.eval()
    if quantize:  # torch marks its quantised tensors deprecated (2.13): still there, said once here, not per run
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            encoder = torch.ao.quantization.quantize_dynamic(encoder, {torch.nn.Linear}, dtype=torch.qint8)
    return CrossEncoder(encoder, head, minilm.tokenizer(), int(meta["max_length"]))


@functools.lru_cache(maxsize=2)
def model(quantize: bool | None = None) -> CrossEncoder:
    """The process-wide cross-encoder (the shipped factors merged into the base; loaded once)."""
    q = os.environ.get(QUANTIZE, "").strip().lower() not in ("0", "false", "no", "off") if quantize is None else quantize
    arrays, meta = read_weights()
    return build(arrays, meta, q)


class Scores:
    """Cross-encoder probabilities of sentence pairs, each distinct pair read once (one story's cache)."""

    def __init__(self, encoder: CrossEncoder | None = None) -> None:
        self._encoder = encoder
        self._cache: dict[tuple[str, str], float] = {}

    def __call__(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        keys = [(x, y) for x, y in zip(a, b, strict=True)]
        new = list(dict.fromkeys(k for k in keys if k not in self._cache))
        if new:
            enc = self._encoder or model()
            for k, p in zip(new, enc.probs([x for x, _ in new], [y for _, y in new]), strict=True):
                self._cache[k] = float(p)
        return np.array([self._cache[k] for k in keys], dtype=float)


def story_scores() -> Scores | None:
    """A fresh per-story cache when the cross-encoder is available (``available``), else None."""
    return Scores() if available() else None
