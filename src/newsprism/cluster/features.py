"""What clustering compares: words (TF-IDF), named entities, titles and figures, fitted on one batch.

Named entities here are cheap on purpose: runs of capitalised words ("Supreme Court", "Frances
Haugen"), without the sentence-initial function words. No parser runs in bulk stages; the rare
names two articles share are what keeps same-week stories on similar topics apart, and TF-IDF
weighting of these "entity words" makes a shared rare name count more than a shared "Biden".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from newsprism.cluster.markers import instance_figures

_ENTITY = re.compile(r"[A-Z][\w'’.\-]*\w(?:\s+(?:of|de|for|the|and)?\s*[A-Z][\w'’.\-]*\w)*")
_NOT_NAMES_TEXT = (
    "The A An In On At For And But Or If When While After Before As It He She They We I You This That"
    " These Those His Her Their Our Its My Your Mr Ms Mrs Dr Monday Tuesday Wednesday Thursday Friday"
    " Saturday Sunday January February March April May June July August September October November"
    " December What Why How Who Where There Here Some Many More Most One Two Three Not No Yes So Still"
    " Also Then Now Even Just Last Next Today Yesterday Tomorrow Read Photo Image Opinion Updated"
    " By From With To Of Is Was Are Were Has Have Had Will Would Could Should Can")
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())
TITLE_FALLBACK_CHARS = 200  # an untitled article is titled by its opening


def entities(text: str) -> list[str]:
    """Capitalised word sequences, lower-cased, leading function words dropped."""
    out = []
    for m in _ENTITY.finditer(text):
        parts = m.group(0).split()
        while parts and parts[0] in _NOT_NAMES:
            parts = parts[1:]
        if parts:
            out.append(" ".join(parts).lower().replace("’", "'"))
    return out


@dataclass(frozen=True, slots=True)
class Features:
    """Row-normalised sparse matrices, one row per node (article or copy group)."""

    text: sparse.csr_matrix
    names: sparse.csr_matrix
    title: sparse.csr_matrix
    figures: sparse.csr_matrix  # specific figures the text reports (cluster/markers.py)


Terms = tuple[Sequence[str], Sequence[str], Sequence[str], Sequence[str]]
"""What the four vectorizers read of one node: text words, names, title words, figures."""


def _vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer, TfidfVectorizer, TfidfVectorizer]:
    """The four vectorizers: text words, names (``entities``), title words, figures (present or not)."""
    return (TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float32),
            TfidfVectorizer(analyzer=entities, sublinear_tf=True, dtype=np.float32),
            TfidfVectorizer(stop_words="english", dtype=np.float32),
            TfidfVectorizer(analyzer=instance_figures, binary=True, dtype=np.float32))


_ANALYZERS = tuple(v.build_analyzer() for v in _vectorizers())


def terms(text: str, title: str | None) -> Terms:
    """What the vectorizers read of one node, computed from that node alone (so anywhere: a Ray
    worker right after extraction, or this process); ``featurize`` fits on these."""
    full = (title or "") + "\n" + text
    head = title if title else text[:TITLE_FALLBACK_CHARS]
    words, names, heads, figs = _ANALYZERS
    return (words(full), names(full), heads(head), figs(text))


def _given(tokens: Sequence[str]) -> Sequence[str]:
    return tokens


def _fit(vectorizer: TfidfVectorizer, docs: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    """TF-IDF rows, or an all-zero matrix when the batch has no usable terms at all."""
    vectorizer.set_params(analyzer=_given, stop_words=None)  # the terms are analysed already
    try:
        return sparse.csr_matrix(vectorizer.fit_transform(docs), dtype=np.float32)
    except ValueError:  # empty vocabulary: every text empty or only stop words
        return sparse.csr_matrix((len(docs), 1), dtype=np.float32)


def featurize(texts: Sequence[str], titles: Sequence[str | None], given: Sequence[Terms | None] | None = None) -> Features:
    """Fit vocabularies and IDF on this batch (so the result depends on the batch, not its order).

    ``given[k]``, when not None, is ``terms(texts[k], titles[k])`` computed elsewhere."""
    rows = [g if g is not None else terms(x, t)
            for x, t, g in zip(texts, titles, given or [None] * len(texts), strict=True)]
    text, names, title, figs = (_fit(v, [r[k] for r in rows]) for k, v in enumerate(_vectorizers()))
    return Features(text=text, names=names, title=title, figures=figs)
