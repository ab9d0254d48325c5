"""Analyze one story: claims, omissions, quotes, numbers, entities, framing, tone, reuse, summary.

``analyze`` parses each article once with spaCy and hands the same parse to every step. It never
raises on odd input: one article, identical copies, empty or non-English texts all give a valid
``Analysis`` whose ``notes`` say what could not be done and why. A step that fails is recorded in
the notes and leaves its section empty; the other sections are still filled.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from newsprism.analyze.claims import align_claims
from newsprism.dedup import identical_copies
from newsprism.extract.language import is_english
from newsprism.extract.sentences import split_sentences
from newsprism.model import (
    Analysis,
    Article,
    ArticleRef,
    Claim,
    CopyGroup,
    Entity,
    FramingHit,
    NumberConflict,
    Omission,
    Quantity,
    Quote,
    Reuse,
    Span,
    SummarySentence,
    Tone,
    stable_id,
)
from newsprism.settings import Options

log = logging.getLogger(__name__)
T = TypeVar("T")

def analyze(articles: Sequence[Article], options: Options, *, story_id: str | None = None,
            copies: Sequence[CopyGroup] | None = None) -> Analysis:
    """The full analysis of ``articles`` taken as one story (see the module docstring)."""
    articles = list(articles)
    story = story_id or stable_id("story", *sorted(a.id for a in articles))
    refs = tuple(ArticleRef(a.id, a.source, a.outlet, a.title, a.published, a.text, a.url) for a in articles)
    notes: list[str] = []
    if not articles:
        return Analysis(story, notes=("no articles to analyze",))
    copies = list(copies) if copies is not None else identical_copies(articles)
    for group in copies:
        if len(group.members) > 1:
            notes.append(f"{len(group.members)} articles carry the same text; counted once: "
                         + ", ".join(group.members))
    usable = []
    for a in articles:
        if not a.text.strip():
            notes.append(f"article {a.id} ({a.source}) has no text; left out of the analysis")
        elif not is_english(a.language, a.text):
            notes.append(f"article {a.id} ({a.source}) is not in English ({a.language or 'detected'});"
                         " language analysis skipped")
        else:
            usable.append(a)
    if not usable:
        return Analysis(story, refs, copies=tuple(copies), notes=tuple(notes))
    if len({g for g in _voice_ids(usable, copies)}) < 2:
        notes.append("only one independent article: nothing to compare across outlets")

    usable = [_within(a, options.analysis_max_chars, notes) for a in usable]

    docs = _guard(notes, "parse", lambda: parse_articles(usable, options.parse_chunk_chars), [None] * len(usable))
    sentences = [sentence_spans(a, d) for a, d in zip(usable, docs, strict=True)]
    for a, s in zip(usable, sentences, strict=True):
        if not s:
            notes.append(f"article {a.id} ({a.source}) has no sentences")
    # the pair stages compare every sentence with every other: their input is capped per article
    paired, pair_sentences = _pair_inputs(usable, sentences, options.pair_max_sentences, notes)

    no_claims: tuple[list[Claim], list[Omission]] = ([], [])
    claims, omissions = _guard(notes, "claims", lambda: align_claims(usable, options, copies, pair_sentences, docs),
                               no_claims)
    found: list[Quote] = _guard(notes, "quotes", lambda: _quotes(usable, docs), [])
    no_numbers: tuple[list[Quantity], list[NumberConflict]] = ([], [])
    numbers, conflicts = _guard(notes, "numbers", lambda: _numbers(usable, docs), no_numbers)
    entities: list[Entity] = _guard(notes, "entities", lambda: _entities(usable, docs), [])
    quotes: list[Quote] = _guard(notes, "quotes", lambda: _link(found, entities, paired), found)
    no_framing: tuple[list[FramingHit], list[Tone]] = ([], [])
    framing, tone = _guard(notes, "framing", lambda: _framing(usable, docs, entities, found), no_framing)
    reuse: list[Reuse] = _guard(notes, "reuse", lambda: _reuse(paired, quotes, entities, copies), [])
    summary: list[SummarySentence] = _guard(
        notes, "summary", lambda: _summary(claims, usable, conflicts, framing, options, copies, docs), [])
    return Analysis(story, refs, tuple(claims), tuple(omissions), tuple(quotes), tuple(numbers),
                    tuple(conflicts), tuple(entities), tuple(framing), tuple(tone), tuple(reuse),
                    tuple(copies), tuple(summary), tuple(notes))


def _guard(notes: list[str], step: str, run: Callable[[], T], empty: T) -> T:
    """Run one step; a failure becomes a note and an empty section, never a crashed analysis."""
    try:
        return run()
    except Exception as exc:  # noqa: BLE001 - one failing step must not lose the others
        log.warning("analysis step %s failed", step, exc_info=True)
        notes.append(f"{step} skipped: {type(exc).__name__}: {exc}")
        return empty


def parse_articles(articles: Sequence[Article], chunk_chars: int = 0) -> list[Any]:
    """One spaCy parse per article (the small English pipeline, loaded once); an article longer
    than ``chunk_chars`` (> 0) is parsed in paragraph-cut pieces joined into one Doc."""
    from newsprism.analyze.nlp import parse_many

    return parse_many([a.text for a in articles], chunk_chars)


def _within(article: Article, max_chars: int, notes: list[str]) -> Article:
    """The article cut to its first ``max_chars`` characters (at a paragraph break where one is
    near), so that one huge text cannot make the analysis run for minutes or exhaust memory. The
    kept text is a prefix of the article, so every offset found in it is an offset into the article."""
    if max_chars <= 0 or len(article.text) <= max_chars:
        return article
    from newsprism.analyze.nlp import pieces

    cut = pieces(article.text, max_chars)[0][1]
    notes.append(f"article {article.id} ({article.source}) is too large to analyse in full"
                 f" ({len(article.text):,} characters): only its first {cut:,} characters were analysed"
                 f" (setting analysis_max_chars = {max_chars:,})")
    return dataclasses.replace(article, text=article.text[:cut],
                               sentences=tuple(s for s in article.sentences if s.end <= cut))


def _pair_inputs(articles: Sequence[Article], sentences: Sequence[Sequence[Span]], most: int,
                 notes: list[str]) -> tuple[list[Article], list[Sequence[Span]]]:
    """What claim alignment and reuse compare: each article's first ``most`` sentences (its text
    up to the end of the last of them, for reuse); a note names each article cut."""
    if most <= 0 or all(len(s) <= most for s in sentences):
        return list(articles), list(sentences)
    arts: list[Article] = []
    sents: list[Sequence[Span]] = []
    for a, s in zip(articles, sentences, strict=True):
        if len(s) > most:
            end = s[most - 1].end
            notes.append(f"article {a.id} ({a.source}) has {len(s):,} sentences: only its first {most:,}"
                         f" (to character {end:,}) were compared with the other articles for claims, quote"
                         f" links and reuse (setting pair_max_sentences)")
            a, s = dataclasses.replace(a, text=a.text[:end], sentences=tuple(s[:most])), s[:most]
        arts.append(a)
        sents.append(s)
    return arts, sents


def sentence_spans(article: Article, doc: Any) -> tuple[Span, ...]:
    """The article's sentences as the parse splits them (else as extraction did)."""
    if doc is not None:
        spans = tuple(Span(s.start_char, s.end_char) for s in doc.sents if s.text.strip())
        if spans:
            return spans
    return article.sentences or split_sentences(article.text)


def _quotes(articles: Sequence[Article], docs: Sequence[Any]) -> list[Quote]:
    from newsprism.analyze.quotes import find_quotes

    return [q for a, d in zip(articles, docs, strict=True) for q in find_quotes(a, d)]


def _link(found: Sequence[Quote], entities: Sequence[Entity], paired: Sequence[Article] | None = None) -> list[Quote]:
    """Speakers named as the story's entity names them (a misspelling resolves to the name most
    outlets use), then the same quote linked across articles — among the quotes inside the part
    of each article the pair stages compare (``paired``: each article cut to its first sentences)."""
    from newsprism.analyze.entities import speaker_entities
    from newsprism.analyze.quotes import link_quotes

    named = speaker_entities(found, entities)
    end = {a.id: len(a.text) for a in paired} if paired is not None else None
    inside = [k for k, q in enumerate(named) if end is None or q.end <= end.get(q.article, 0)]
    if len(inside) == len(named):
        return list(link_quotes(named))
    out = list(named)
    for k, q in zip(inside, link_quotes([named[k] for k in inside]), strict=True):
        out[k] = q
    return out


def _numbers(articles: Sequence[Article], docs: Sequence[Any]) -> tuple[list[Quantity], list[NumberConflict]]:
    from newsprism.analyze.numbers import find_conflicts, find_numbers

    numbers = [n for a, d in zip(articles, docs, strict=True) for n in find_numbers(a, d)]
    return numbers, list(find_conflicts(numbers, articles))


def _entities(articles: Sequence[Article], docs: Sequence[Any]) -> list[Entity]:
    from newsprism.analyze.entities import resolve_entities

    return list(resolve_entities(articles, docs))


def _framing(articles: Sequence[Article], docs: Sequence[Any], entities: Sequence[Entity],
             quotes: Sequence[Quote]) -> tuple[list[FramingHit], list[Tone]]:
    from newsprism.analyze.framing import find_framing

    return find_framing(articles, docs, entities, quotes)


def _reuse(articles: Sequence[Article], quotes: Sequence[Quote], entities: Sequence[Entity],
           copies: Sequence[CopyGroup]) -> list[Reuse]:
    from newsprism.analyze.reuse import find_reuse

    return find_reuse(articles, quotes, entities, copies)


def _summary(claims: Sequence[Claim], articles: Sequence[Article], conflicts: Sequence[NumberConflict],
             framing: Sequence[FramingHit], options: Options, copies: Sequence[CopyGroup] = (),
             docs: Sequence[Any] = ()) -> list[SummarySentence]:
    from newsprism.analyze.summary import summarize

    parsed = {a.id: d for a, d in zip(articles, docs, strict=True) if d is not None} if docs else None
    return summarize(claims, articles, conflicts, framing, options, copies=copies, docs=parsed)


def _voice_ids(articles: Sequence[Article], copies: Sequence[CopyGroup]) -> list[str]:
    head = {m: g.canonical for g in copies for m in g.members}
    return [head.get(a.id, a.id) for a in articles]
