"""A learned tagger for loaded wording: which words of an article an outlet chose to colour a report.

Each word (the lexicon's words: letters, apostrophes and hyphens, so "debt-laden" is one word) gets
sparse features from our lexicons and the spaCy parse the analysis already has: the loaded-lexicon
hit and its category, polarity, intensifiers before it, its lemma, shape, part of speech and
dependency, its neighbours' lexicon hits and parts of speech, the second half of a hyphenated compound, whether it stands inside a
quotation, and how many lexicon hits its sentence holds. A logistic regression over them gives a
probability; content words at or above the threshold are tagged and neighbouring tagged words (at
most ``gap`` untagged words between them, 0 in the shipped model) are merged into one span.

The weights ship in ``models/framing.json`` and are refitted by ``tools/train_framing.py`` on the
tune half of PTC (SemEval-2020 Task 11, Loaded_Language and Name_Calling spans). Only feature names
and numbers are stored, no text of the data.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from newsprism.lexicons import STOPWORDS, intensifiers, loaded_lexicon, polarity_lexicon, words_with_offsets

MODEL_PATH = "models/framing.json"
FEATURE_VERSION = 1
_QUOTE_OPEN = "\"“‘"
_SUFFIXES = ("ous", "ful", "ish", "ist", "ism", "ive", "ing", "ed", "ly", "est", "ize", "ise", "less", "ic")


@dataclass(frozen=True)
class Word:
    text: str  # lower case
    start: int
    end: int


@dataclass(frozen=True)
class TaggerModel:
    weights: dict[str, float]
    bias: float
    threshold: float
    gap: int = 1

    def probability(self, feats: Sequence[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@functools.lru_cache(maxsize=1)
def shipped_model() -> TaggerModel | None:
    """The model in ``models/framing.json``, or None when it is missing or for other features."""
    path = resources.files("newsprism.analyze").joinpath(MODEL_PATH)
    if not path.is_file():
        return None
    d = json.loads(path.read_text("utf-8"))
    if d.get("feature_version") != FEATURE_VERSION:
        return None
    return TaggerModel({str(k): float(v) for k, v in d["weights"].items()}, float(d["bias"]),
                       float(d["threshold"]), int(d.get("gap", 1)))


def words_of(text: str) -> list[Word]:
    return [Word(w, s, e) for w, s, e in words_with_offsets(text)]


def lexicon_cats(words: Sequence[str]) -> list[str | None]:
    """The loaded-lexicon category covering each word (the first word of an entry gets ``cat``,
    the others ``cat+``), else None."""
    out: list[str | None] = [None] * len(words)
    for k, n, cat in loaded_lexicon().matches(words):
        out[k] = cat
        for j in range(k + 1, k + n):
            out[j] = cat + "+"
    return out


def quote_mask(text: str, words: Sequence[Word]) -> list[int]:
    """0 outside quotation marks, 1 inside a short quote (three words or fewer), 2 inside a longer one."""
    from newsprism.analyze.quotes import direct_spans

    spans = [(s, e, len(text[s:e].split())) for s, e, _ in direct_spans(text)]
    out = []
    for w in words:
        n = next((size for s, e, size in spans if s <= w.start < e), 0)
        out.append(0 if n == 0 else 1 if n <= 3 else 2)
    return out


def _token_at(doc: Any, word: Word) -> Any:
    """The spaCy token that heads the word (the last token of a hyphenated compound)."""
    span = doc.char_span(word.start, word.end, alignment_mode="expand") if doc is not None else None
    if span is None or not len(span):
        return None
    return span[-1] if "-" in word.text else span[0]


def _shape(raw: str) -> str:
    if raw.isupper() and len(raw) > 1:
        return "upper"
    if raw[:1].isupper():
        return "title"
    return "lower"


def _word_features(w: str, raw: str, cat: str | None, pol: str | None, tok: Any) -> list[str]:
    f = ["w=" + w, "shape=" + _shape(raw)]
    if cat:
        f += ["lex", "lex=" + cat]
    if pol:
        f.append("pol=" + pol)
    if w in STOPWORDS:
        f.append("stop")
    if "-" in w[1:-1]:
        f += ["hyph", "hsuf=" + w[w.rindex("-"):]]
    f += ["suf=" + s for s in _SUFFIXES if w.endswith(s) and len(w) > len(s) + 2][:1]
    if tok is not None:
        f += ["lemma=" + tok.lemma_.lower(), "pos=" + tok.pos_, "dep=" + tok.dep_, "tag=" + tok.tag_]
        f.append("ent=" + (tok.ent_type_ or "O"))
        if tok.pos_ in ("ADJ", "ADV", "NOUN", "VERB"):
            f.append("pos_lex=" + tok.pos_ + "|" + ("lex" if cat else "-"))
    return f


def features(text: str, doc: Any) -> tuple[list[Word], list[list[str]]]:
    """The words of ``text`` and the feature names of each (``doc``: its spaCy parse, or None)."""
    words = words_of(text)
    seq = [w.text for w in words]
    cats = lexicon_cats(seq)
    pol_lex, boost = polarity_lexicon(), intensifiers()
    pols = [(m[1] if (m := pol_lex.match(seq, k)) is not None and m[0] == 1 else None) for k in range(len(seq))]
    quotes = quote_mask(text, words)
    toks = [_token_at(doc, w) for w in words]
    sent_hits = _sentence_hits(doc, words, cats)
    out = []
    for k, w in enumerate(words):
        f = _word_features(w.text, text[w.start:w.end], cats[k], pols[k], toks[k])
        f += _context_features(seq, cats, toks, k, boost)
        f += ["quote=" + str(quotes[k]), "sent_lex=" + str(min(sent_hits[k], 3))]
        out.append(f)
    return words, out


def _context_features(seq: Sequence[str], cats: Sequence[str | None], toks: Sequence[Any], k: int,
                      boost: frozenset[str]) -> list[str]:
    f = []
    for d, name in ((-1, "p1"), (1, "n1")):
        j = k + d
        if 0 <= j < len(seq):
            if cats[j]:
                f.append(name + "_lex")
            if toks[j] is not None and toks[k] is not None:
                f.append(f"{name}pos={toks[j].pos_}|{toks[k].pos_}")
        else:
            f.append(name + "_edge")
    if k > 0 and seq[k - 1] in boost:
        f.append("after_intensifier")
    tok = toks[k]
    if tok is not None and tok.head is not tok and any(c.lower_ in boost for c in tok.children):
        f.append("intensified")
    return f


def _sentence_hits(doc: Any, words: Sequence[Word], cats: Sequence[str | None]) -> list[int]:
    """How many lexicon hits (other than the word's own) its sentence holds."""
    if doc is None:
        return [0] * len(words)
    bounds = [s.start_char for s in doc.sents]
    import bisect

    sent_of = [bisect.bisect_right(bounds, w.start) for w in words]
    counts: dict[int, int] = {}
    for s, c in zip(sent_of, cats, strict=True):
        if c and not c.endswith("+"):
            counts[s] = counts.get(s, 0) + 1
    return [counts.get(s, 0) - (1 if c and not c.endswith("+") else 0) for s, c in zip(sent_of, cats, strict=True)]


def candidate(word: str) -> bool:
    """Only content words are tagged: a stop word or a single letter never is."""
    return len(word) > 1 and word not in STOPWORDS


def merge(words: Sequence[Word], probs: Sequence[float], threshold: float, gap: int = 1,
          text: str = "") -> list[tuple[int, int, float]]:
    """Spans (start, end, max probability) of tagged words; two tagged words at most ``gap`` words
    apart with no punctuation mark or line break between them are one span."""
    out: list[tuple[int, int, float]] = []
    last = -10
    for k, (w, p) in enumerate(zip(words, probs, strict=True)):
        if p < threshold:
            continue
        if out and k - last <= gap + 1 and not re.search(r"[.,!?;:()\n]", text[out[-1][1]:w.start]):
            s, _, q = out[-1]
            out[-1] = (s, w.end, max(p, q))
        else:
            out.append((w.start, w.end, p))
        last = k
    return out


def tag(text: str, doc: Any, model: TaggerModel | None = None) -> list[tuple[int, int, float]]:
    """Loaded-wording spans of ``text`` (start, end, probability) by the shipped model."""
    model = model or shipped_model()
    if model is None:
        return []
    words, feats = features(text, doc)
    probs = [model.probability(f) if candidate(w.text) else 0.0 for w, f in zip(words, feats, strict=True)]
    return merge(words, probs, model.threshold, model.gap, text)
