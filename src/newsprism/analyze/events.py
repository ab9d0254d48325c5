"""Who did what: the parse signature of the fact a sentence reports, and the same-event rule.

Two outlets rarely reword each other; when they name the same actor and report the same action as
a main predicate, share a good part of their weighted content and neither disagrees on a number
nor negates what the other affirms, they report one event. The claim matcher (``claims``) raises
such pairs to ``EVENT_SCORE``; the learned aligner (``align``) uses the rule and the signature as
features.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsprism.analyze import similarity
from newsprism.analyze.nlp import span_ents

# Same-event restatements (``same_event``) score just above the default claim threshold.
EVENT_SCORE = 0.55
EVENT_COVER = 0.3  # share of the shorter sentence's IDF-weighted content words the other holds
_EVENT_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "EVENT", "LAW", "LOC", "PRODUCT", "WORK_OF_ART"})
_LIGHT_VERBS = frozenset({"say", "be", "have", "make", "do", "tell", "get", "go", "come", "take", "report", "add",
                          "include", "know", "see", "want", "think", "accord", "give", "use", "find", "show",
                          "call", "expect", "continue", "begin", "start", "try", "need", "seem", "become"})


@dataclass(frozen=True)
class Event:
    """What a sentence reports, from its parse: who (named entities, by their head word), what
    happened (content verbs) and which of those verbs carry the sentence (its main predicates)."""

    names: frozenset[str]
    verbs: frozenset[str]
    main: frozenset[str]


def event_signature(span: Any) -> Event:
    names = {e.root.lemma_.lower() for e in span_ents(span) if e.label_ in _EVENT_ENTS and len(e.root.text) > 2}
    verbs = {t.lemma_.lower() for t in span if t.pos_ == "VERB" and t.lemma_.lower() not in _LIGHT_VERBS}
    main = set()
    whole = getattr(span, "span", span)  # a ``ContentView`` keeps its sentence's roots
    for root in (t for t in whole if t.dep_ == "ROOT"):
        heads = [root, *(c for c in root.children if c.dep_ in ("ccomp", "conj", "xcomp"))]
        main |= {h.lemma_.lower() for h in heads}
    return Event(frozenset(names), frozenset(verbs), frozenset(main & verbs))


def same_event(p: similarity.Prepared, events: Sequence[Event], i: np.ndarray, j: np.ndarray,
                scores: np.ndarray) -> np.ndarray:
    """Two outlets' own wordings of one fact ("Trump said Wednesday he is suing Facebook, Twitter
    and Google" / "Trump on Wednesday filed class-action lawsuits targeting Facebook ..."): they
    name the same actor, report the same action as a main predicate of both (the root, or a
    clause it governs directly: "X said he is suing"), share a good part of their weighted
    content words, and neither disagrees on a number nor negates what the other affirms. The
    paraphrase matcher, fitted on close rewordings, scores such pairs low. Allowing the action in
    one sentence's subordinate clause ("NSA hit back at allegations that it is spying" / "Carlson
    said the NSA is spying") grouped different facts, so both must carry it."""
    ok = (scores < EVENT_SCORE) & (similarity.coverage(p, i, j) >= EVENT_COVER) & ~similarity.conflicts(p, i, j)
    ok &= p.negated[i] == p.negated[j]  # stricter than the matcher: any negation on one side only
    for k in np.nonzero(ok)[0]:
        a, b = events[int(i[k])], events[int(j[k])]
        shared_verbs = a.verbs & b.verbs
        ok[k] = bool(a.names & b.names) and bool(shared_verbs & a.main & b.main)
    return ok
