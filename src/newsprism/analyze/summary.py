"""The cited summary: consensus first, then where the coverage differs.

Extractive on purpose: every summary sentence is a sentence some outlet wrote, chosen from a claim
group, so its citations are exactly the articles whose sentences were aligned with it. Claims are
ranked by how many independent outlets carry them; within a claim the wording is the most central
sentence that carries no loaded word and is not a quote, so the summary reads neutral. Picked
sentences are de-duplicated and ordered by where they sit in the articles (news is written top
down). Then come "difference" sentences: numbers the outlets disagree on, and a claim of note
that only one outlet carries.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from newsprism.model import (
    Article,
    Claim,
    CopyGroup,
    FramingHit,
    NumberConflict,
    Quantity,
    SummarySentence,
    Support,
)
from newsprism.settings import Options

MAX_DIFFERENCES = 3
_TIME_UNITS = frozenset(["year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes"])
_WORD = re.compile(r"\w+")
_QUOTE = re.compile(r"[\"“”]")
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")


def summarize(claims: Sequence[Claim], articles: Sequence[Article], conflicts: Sequence[NumberConflict] = (),
              framing: Sequence[FramingHit] = (), options: Options | None = None, *,
              copies: Sequence[CopyGroup] = (), docs: Mapping[str, Any] | None = None) -> list[SummarySentence]:
    """Consensus sentences (up to ``options.summary_sentences``), then difference sentences.
    ``copies`` (syndicated copies) count as one voice when telling consensus from single-source.
    ``docs`` (article id -> spaCy parse) let the citation check see what alignment saw."""
    options = options or Options()
    voice = {m: g.canonical for g in copies for m in g.members}
    head = consensus(claims, articles, framing, options.summary_sentences, voice, docs)
    used = {s.text for s in head}
    rest = [c for c in claims if not used & {s.text for s in c.support}]
    return head + differences(rest, articles, conflicts, framing)


def consensus(claims: Sequence[Claim], articles: Sequence[Article], framing: Sequence[FramingHit],
              limit: int, voice: dict[str, str] | None = None,
              docs: Mapping[str, Any] | None = None) -> list[SummarySentence]:
    """Claims carried by several outlets first (most outlets first); when they are too few, the
    single-outlet sentences most like the other articles fill the summary, marked ``single``.
    Each claim is worded by a standalone, neutral sentence of its support, or left out."""
    position = _positions(articles)
    voice = voice or {}  # article id -> its copy group's canonical article: copies are one voice
    loaded = [(h.article, h.start, h.end) for h in framing if h.kind == "loaded"]
    multi = sorted((c for c in claims if c.outlets >= 2), key=lambda c: (-c.outlets, _claim_position(c, position)))
    single = [c for c in claims if c.outlets < 2]
    if single and len(multi) < limit:
        central = centrality(single, articles)
        single.sort(key=lambda c: -central[c.id] * (1.0 - LEAD_WEIGHT * _claim_position(c, position)))
    picked: list[tuple[int, float, Support, tuple[str, ...]]] = []
    for claim in multi + single:
        if len(picked) >= limit:
            break
        found = _neutral_wording(claim, loaded, docs=docs)
        if found is None or any(_overlap(found[0].text, s.text) > 0.5 for _, _, s, _ in picked):
            continue
        wording, cited = found
        lone = claim.outlets < 2 or len({voice.get(a, a) for a in cited}) < 2
        picked.append((int(lone), _claim_position(claim, position), wording, cited))
    picked.sort(key=lambda p: (p[0], p[1]))
    return [SummarySentence(w.text, cited, "single" if lone else "consensus") for lone, _, w, cited in picked]


# how much an early position in its article raises a single-outlet sentence (tuned on NeuS 25-49)
LEAD_WEIGHT = 0.5


def centrality(claims: Sequence[Claim], articles: Sequence[Article]) -> dict[str, float]:
    """Mean TF-IDF cosine of each claim's sentence with the articles that do not carry it: the
    single-outlet sentences that sum up what the other outlets say, not one outlet's aside."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [a.text for a in articles]
    if not claims or not any(t.strip() for t in texts):
        return {c.id: 0.0 for c in claims}
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    try:
        docs = vec.fit_transform(texts)
    except ValueError:  # nothing but stopwords
        return {c.id: 0.0 for c in claims}
    sents = vec.transform([c.text for c in claims])
    sims = (sents @ docs.T).toarray()
    ids = [a.id for a in articles]
    out = {}
    for k, c in enumerate(claims):
        own = {s.article for s in c.support}
        others = [sims[k, j] for j, aid in enumerate(ids) if aid not in own]
        out[c.id] = float(sum(others) / len(others)) if others else 0.0
    return out


def _neutral_wording(claim: Claim, loaded: Sequence[tuple[str, int, int]], threshold: float = 0.5,
                     docs: Mapping[str, Any] | None = None) -> tuple[Support, tuple[str, ...]] | None:
    """The wording for a claim and the articles it may cite: among its standalone supporting
    sentences (see ``standalone``) without loaded words, the one the most supporting articles
    restate (each cited article holds a sentence the matcher aligns with it), preferably not a
    quote; None when every wording needs its context."""
    fit = [s for s in claim.support if standalone(s.text)
           and not any(a == s.article and s.start <= st < s.end for a, st, _ in loaded)]
    if not fit:
        return None
    cited = {id(s): _restating(s, claim.support, threshold, docs) for s in fit}

    def penalty(s: Support) -> tuple[int, int, float]:
        words = len(_WORD.findall(s.text))
        odd = int(bool(_QUOTE.search(s.text))) + int(words > 45 or words < 6)
        return (-len(cited[id(s)]), odd, -s.score)

    best = min(fit, key=penalty)
    return best, cited[id(best)]


def _restating(wording: Support, support: Sequence[Support], threshold: float,
               docs: Mapping[str, Any] | None = None) -> tuple[str, ...]:
    import numpy as np

    from newsprism.analyze.claims import restatement_scores

    others = [s for s in support if s.article != wording.article]
    keep = [wording.article]
    if others:
        sents = [wording, *others]
        spans = None
        if docs is not None and all(docs.get(s.article) is not None for s in sents):
            spans = [docs[s.article].char_span(s.start, s.end, alignment_mode="expand") for s in sents]
            spans = None if any(sp is None for sp in spans) else spans
        idx = np.arange(1, len(others) + 1)
        scores = restatement_scores([s.text for s in sents], spans, np.zeros(len(others), dtype=np.int64), idx)
        keep += [s.article for s, x in zip(others, scores, strict=True) if x >= threshold or s.text == wording.text]
    return tuple(dict.fromkeys(keep))


_PRONOUN_START = re.compile(r"^[\"“‘'(]*(?:he|she|they|it|we|i|you|his|her|their|its|this|these|those|him|them)\b",
                            re.I)
_PRONOUN_SAID = re.compile(r"(?:[,.!?][\"”’']|[\"”’'],?)\s*(?:he|she|they|it|we|i)\s+(?:said|says|added|told|"
                           r"explained|warned|insisted|argued|stated|noted|wrote|continued|asked)\b"
                           r"|\b(?:he|she|they|we)\s+(?:said|says|added|told \w+)\s*:", re.I)


def standalone(text: str) -> bool:
    """A sentence a reader understands without the one before it: it does not open with a
    pronoun or a fragment, does not quote someone known only as "she", and is a whole sentence."""
    t = text.strip()
    if not t or _PRONOUN_START.match(t) or _PRONOUN_SAID.search(t):
        return False
    first = t.lstrip("\"“‘'(")
    if not first or not (first[0].isupper() or first[0].isdigit()):
        return False
    if t.count('"') % 2 or t.count("“") != t.count("”"):
        return False  # a quote cut in two by the sentence splitter
    if len(_WORD.findall(_QUOTED.sub(" ", t))) < 3:
        return False  # a bare quote: nobody is named as saying it
    if t.endswith(("...", "…")):
        return False  # a text cut off by its source (feeds and teasers end this way)
    return t[-1] in ".!?\"”’')"


def _cited(claim: Claim) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s.article for s in claim.support))


def _positions(articles: Sequence[Article]) -> dict[str, int]:
    return {a.id: max(len(a.text), 1) for a in articles}


def _claim_position(claim: Claim, size: dict[str, int]) -> float:
    rel = [s.start / size.get(s.article, max(s.end, 1)) for s in claim.support]
    return sum(rel) / len(rel) if rel else 1.0


def _overlap(a: str, b: str) -> float:
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    return len(wa & wb) / max(min(len(wa), len(wb)), 1)


def differences(claims: Sequence[Claim], articles: Sequence[Article], conflicts: Sequence[NumberConflict],
                framing: Sequence[FramingHit] = ()) -> list[SummarySentence]:
    """Where the coverage differs: number conflicts first, then one unique claim of note, in its
    outlet's words only when those are standalone and carry no loaded word."""
    loaded = [(h.article, h.start, h.end) for h in framing if h.kind == "loaded"]
    name = {a.id: a.outlet or a.source for a in articles}
    worth = [c for c in conflicts if c.kind in ("count", "money", "percent") and c.subject.lower() not in _TIME_UNITS]
    out = [_conflict_sentence(c, name) for c in worth[:MAX_DIFFERENCES]]
    shared = any(c.outlets >= 2 for c in claims)
    if shared and len(out) < MAX_DIFFERENCES:
        notable = [c for c in claims if c.kind == "unique" and _notable(c.text) and standalone(c.text)
                   and not any(a == s.article and s.start <= st < s.end for s in c.support for a, st, _ in loaded)]
        if notable:
            c = notable[0]
            art = c.support[0].article
            out.append(SummarySentence(f"Only {name.get(art, art)} reports: {c.text}", _cited(c), "difference"))
    return [s for s in out if s.articles]


def _conflict_sentence(conflict: NumberConflict, name: dict[str, str]) -> SummarySentence:
    """"People killed: Northgate Wire and The Harbor Ledger report 12; The Meridian Post reports 14."

    Copies of one text count once: a value is listed with each outlet that printed it, but the
    value found in more independent outlets is not a majority of copies."""
    by_value: dict[str, list[Quantity]] = {}
    for q in conflict.values:
        by_value.setdefault(_value_key(q), []).append(q)
    parts = []
    cited: list[str] = []
    for qs in by_value.values():
        outlets = list(dict.fromkeys(name.get(q.article, q.article) for q in qs))
        cited.extend(q.article for q in qs)
        verb = "reports" if len(outlets) == 1 else "report"
        parts.append(f"{_join(outlets)} {verb} {qs[0].text}")
    label = conflict_label(conflict)
    return SummarySentence(f"{label}: " + "; ".join(parts) + ".", tuple(dict.fromkeys(cited)), "difference")


def conflict_label(conflict: NumberConflict) -> str:
    """What the disputed figure counts, readable: "People killed", "Jobs cut", "Households"."""
    from newsprism.analyze.numbers import plural

    subject = conflict.subject
    if conflict.kind == "count" and " " not in subject:
        subject = plural(subject)
    return subject[:1].upper() + subject[1:]


def _value_key(q: Quantity) -> str:
    return f"{q.value:.6g}"


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _notable(text: str) -> bool:
    """A unique sentence worth flagging: it states a figure or names someone, and is not a quote."""
    words = _WORD.findall(text)
    return 8 <= len(words) <= 45 and not _QUOTE.search(text) and (
        any(ch.isdigit() for ch in text) or sum(w[0].isupper() for w in words[1:]) >= 2)
