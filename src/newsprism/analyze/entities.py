"""People, organisations and places of a story, merged across its articles.

spaCy's NER gives surface forms ("Ms. Lindqvist", "Lindqvist's", "Mara Lindqvist", and in a
sloppier outlet "Lindquist"). One real-world actor should be one entity, so forms are resolved
in three steps, from safest to riskiest:

1. within an article: titles, possessives and a leading "the" are stripped, and a lone surname
   becomes the full name the same article gives (``speakers.NameBook``);
2. across articles: a lone surname becomes the one full name that the story gives for it; when
   the story names two people with that surname ("Ann Smith", "John Smith") and the article
   names neither, it stays a surname, rather than being pinned on the wrong person;
3. misspellings: a rarer name is folded into a more frequent one of the same kind when they
   start with the same letter, have about the same length and a similarity ratio of at least
   ``MIN_RATIO``; two people whose first names differ are never folded.

A lone token the small model labels ORG or GPE but that is the surname of a person of the story
is a person mention.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from rapidfuzz import fuzz

from newsprism.analyze.names import build_namebook, clean_name, same_name_typo, typo_of
from newsprism.model import Article, Entity, Mention, Quote, stable_id

__all__ = ["resolve_entities", "speaker_entities", "KINDS", "MIN_RATIO"]

KINDS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place", "NORP": "other"}
MIN_RATIO = 85.0


def _norm(name: str) -> str:
    return " ".join(name.replace("’", "'").split())


def resolve_entities(articles: Sequence[Article], docs: Sequence[Any]) -> list[Entity]:
    """Entities of the story, most widely covered first (articles, then mentions)."""
    raw: list[tuple[str, str, Mention]] = []  # (kind, name within its article, mention)
    for article, doc in zip(articles, docs, strict=False):
        if doc is None:
            continue
        book = build_namebook(doc)
        for ent in doc.ents:
            kind = KINDS.get(ent.label_)
            if kind is None:
                continue
            name = _norm(clean_name(ent.text))
            if not name or not any(ch.isalpha() for ch in name):
                continue
            if kind != "person" and len(name.split()) == 1 and book.is_surname(name):
                kind = "person"
            if kind == "person":
                name = book.full_name(name)
            mention = Mention(article=article.id, text=str(ent.text), start=ent.start_char, end=ent.end_char)
            raw.append((kind, name, mention))
    # the small model's label varies between articles ("The mayor, Ilsa Marten," → ORG): a name of
    # two words or more that the story gives a person more often than another kind is that person
    labels = Counter(("person" if kind == "person" else "other", name) for kind, name, _ in raw)
    people = {name for (kind, name), n in labels.items()
              if kind == "person" and len(name.split()) > 1 and n > labels[("other", name)]}
    raw = [("person" if kind in ("org", "place", "other") and name in people else kind, name, m)
           for kind, name, m in raw]
    surname_of = _story_surnames(raw)
    resolved: list[tuple[str, str, Mention]] = []
    for kind, name, mention in raw:
        if kind == "person" and len(name.split()) == 1:
            name = surname_of.get(name.lower(), name)
        elif kind != "person" and len(name.split()) == 1 and name.lower() in surname_of:
            kind, name = "person", surname_of[name.lower()]
        resolved.append((kind, name, mention))
    canon = _fold_misspellings(resolved)
    return _build(resolved, canon)


def _story_surnames(raw: Sequence[tuple[str, str, Mention]]) -> dict[str, str]:
    """surname → full name, for surnames that only one person of the story carries."""
    holders: dict[str, set[str]] = defaultdict(set)
    for kind, name, _ in raw:
        words = name.split()
        if kind == "person" and len(words) > 1:
            holders[words[-1].lower()].add(name)
    out: dict[str, str] = {}
    for surname, names in holders.items():
        if len(names) == 1:
            out[surname] = next(iter(names))
        else:
            # "Mara Lindqvist" and "Mara Lindqvist-Berg" are one person only if one contains the other
            longest = max(names, key=len)
            if all(n == longest or set(n.split()) <= set(longest.split()) for n in names):
                out[surname] = longest
    return out


def _similar(a: str, b: str, kind: str) -> bool:
    """True when ``a`` is a plausible misspelling of ``b``: one word with one slip (letters swapped,
    one dropped or doubled: ``names.typo_of``), or, for a person, the same first name and a close
    surname."""
    if a[:1].lower() != b[:1].lower() or abs(len(a) - len(b)) > 2:
        return False
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    if (len(wa) == 1 and typo_of(a, b)) or same_name_typo(a, b):
        return True  # "Zhuo Enlai" / "Zhou Enlai", "Kassich" / "Kasich"
    if kind == "person" and len(wa) > 1 and wa[0].lower() != wb[0].lower():
        return False  # "Ann Smith" / "John Smith": different people, however close the strings
    return bool(fuzz.ratio(a.lower(), b.lower()) >= MIN_RATIO)


def _fold_misspellings(resolved: Sequence[tuple[str, str, Mention]]) -> dict[tuple[str, str], str]:
    """(kind, name) → the more frequent name it misspells (or itself)."""
    freq = Counter((kind, name) for kind, name, _ in resolved)
    canon: dict[tuple[str, str], str] = {}
    by_kind: dict[str, list[str]] = defaultdict(list)
    for (kind, name), _ in sorted(freq.items(), key=lambda x: (-x[1], -len(x[0][1]), x[0][1])):
        target = name
        for other in by_kind[kind]:
            if _similar(name, other, kind):
                target = canon[(kind, other)]
                break
            if kind == "person" and len(name.split()) == 1 and len(other.split()) > 1 \
                    and _similar(name, other.split()[-1], kind):
                target = canon[(kind, other)]  # "Lindquist" → "Mara Lindqvist"
                break
        canon[(kind, name)] = target
        by_kind[kind].append(name)
    return canon


def _build(resolved: Sequence[tuple[str, str, Mention]], canon: dict[tuple[str, str], str]) -> list[Entity]:
    mentions: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for kind, name, mention in resolved:
        mentions[(kind, canon.get((kind, name), name))].append(mention)
    entities = []
    for (kind, name), ms in mentions.items():
        ms.sort(key=lambda m: (m.article, m.start))
        articles = tuple(dict.fromkeys(m.article for m in ms))
        aliases = tuple(dict.fromkeys(m.text for m in ms))
        entities.append(Entity(id=stable_id(kind, name), name=name, kind=kind, aliases=aliases,
                               articles=articles, mentions=tuple(ms)))
    entities.sort(key=lambda e: (-len(e.articles), -len(e.mentions), e.name))
    return entities


def speaker_entities(quotes: Sequence[Quote], entities: Sequence[Entity]) -> list[Quote]:
    """Each quote's speaker as the story's person entity names it, where the speaker is a name the
    entity has in the quote's article ("Zhuo Weiming" in an outlet that misspells him → "Zhou
    Weiming"); other speakers unchanged."""
    names: dict[tuple[str, str], str] = {}
    for e in entities:
        if e.kind != "person":
            continue
        for m in e.mentions:
            names.setdefault((m.article, _norm(clean_name(m.text)).lower()), e.name)
    out = []
    for q in quotes:
        name = names.get((q.article, _norm(q.speaker or "").lower())) if q.speaker else None
        out.append(dataclasses.replace(q, speaker=name) if name and name != q.speaker else q)
    return out
