"""Same-fact alignment across outlets: a learned decision over the matcher's features and the parse.

``similarity`` answers "are these two sentences paraphrases?" (fitted on MSRP, where a
paraphrase is a close rewording). Two outlets reporting one fact rarely reword each other: one
sentence is longer, names the actor differently, quotes a part of what the other paraphrases. This
module adds what a careful reader uses — how much of each sentence's weighted content the other
holds, the shared actors and main verbs from the parse, a shared quotation, the paraphrase
probability itself, and how this pair ranks among all the pairs each sentence could make with the
other article — and decides with a logistic regression fitted on labelled same-event coverage
(``tools/train_aligner.py``; the coefficients ship in ``models/aligner.json``, no text does).

With the ``neural`` extra and ``NEWSPRISM_XENC=1`` (``xenc``), the decision is a cascade (``Cascade``,
``models/aligner_xenc.json``, ``tools/train_aligner.py --xenc``): a lexical logistic regression over ``FEATURES`` picks the pairs
worth reading (probability at least ``XENC_FLOOR``, the ``XENC_BUDGET`` likeliest), the fine-tuned
MiniLM cross-encoder reads only those, and a second regression over ``XENC_FEATURES`` (its
probability added) decides them; the other pairs keep the first regression's probability. The
cross-encoder was trained on MSRP only, so the alignment labels fit only the two regressions.

Hard rules stay rules: a pair that gives different figures or in which one side denies what the
other states (``similarity.conflicts``) never scores above the threshold, so a claim and its
denial do not align and "4,200" vs "4,000" is left to the numbers section to flag.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

import numpy as np

from newsprism.analyze import embed, similarity
from newsprism.analyze.events import event_signature, same_event
from newsprism.analyze.linear import Model
from newsprism.analyze.quotes.speakers import is_cue

# Features beyond ``similarity.FEATURES`` + ``similarity.PARSED_FEATURES``, in order.
EXTRA_FEATURES = (
    "paraphrase_prob", "claim_score", "coverage_min", "coverage_max", "conflict", "same_event",
    "names_shared", "names_unmatched", "verbs_shared", "main_shared", "main_cross", "quote_overlap",
    "position_min", "position_diff", "rel_best_i", "rel_best_j", "mutual_best", "shared_words", "main_differ",
    "actor_other_action",
)
PAIR_FEATURES = similarity.FEATURES + similarity.PARSED_FEATURES + EXTRA_FEATURES
# Of the whole sentences, attribution included (``story_features``).
WHOLE_FEATURES = ("whole_claim_score", "whole_coverage_min", "whole_names_shared", "attribution_removed")
FEATURES = PAIR_FEATURES + WHOLE_FEATURES
# With sentence embeddings (``embed.Vectors``): the e5 cosine of the content after the parse
# features (``models/aligner_embed.json``).
EMBED_PAIR_FEATURES = similarity.FEATURES + similarity.PARSED_FEATURES + similarity.EMBEDDING_FEATURES + EXTRA_FEATURES
EMBED_FEATURES = EMBED_PAIR_FEATURES + WHOLE_FEATURES
# With the cross-encoder (``Cascade``): its probability of the content after ``FEATURES``.
XENC_FEATURES = FEATURES + similarity.CROSS_FEATURES
XENC_FLOOR = 0.05  # a pair the lexical regression gives less never reaches the cross-encoder
XENC_BUDGET = 150  # at most this many pairs of a story are read by it (the likeliest first)
CONFLICT_CAP = 0.3  # score of a pair that cannot state one fact (as ``similarity.claim_scores``)
_QUOTED = re.compile(r"[\"“”]([^\"“”]{8,})[\"“”]")
_WORD = re.compile(r"\w+")
# Reporting verbs that say who speaks, not what happened: their clause ("said Idris Kellaway,
# commander of ...", "X told reporters", "according to X") is the attribution of a sentence, not its
# fact. Verbs that carry content of their own ("denied", "announced", "warned") are not stripped.
REPORTING = frozenset({"say", "tell", "add", "state", "note", "explain", "write", "report", "tweet", "comment",
                       "remark", "reiterate", "according"})
# children of a reporting verb that carry the reported content (kept); the rest is attribution
_CONTENT_DEPS = frozenset({"ccomp", "parataxis", "xcomp", "conj", "advcl", "csubj", "oprd", "acomp", "attr"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "VBN"})  # "said", "says", "say": not "saying", "to say"
_SELF = frozenset({"he", "she", "they"})  # who a reported clause names by its speaker's pronoun
MIN_CONTENT_WORDS = 3  # fewer left after stripping ("he said."): keep the whole sentence


class ContentView:
    """A sentence's parse without its attribution: iterates the kept tokens, ``ents`` are the
    entities wholly kept, ``text`` their text; ``span`` is the whole sentence (its roots)."""

    def __init__(self, span: Any, drop: frozenset[int] = frozenset()) -> None:
        self.span = span
        self.tokens = [t for t in span if t.i not in drop]
        self.ents = [e for e in span.ents if all(t.i not in drop for t in e)]
        parts = []
        for k, t in enumerate(self.tokens):  # a space where words were cut out ("Act, but were")
            gap = k + 1 < len(self.tokens) and self.tokens[k + 1].i != t.i + 1
            parts.append(t.text + " " if gap and not t.whitespace_ else t.text_with_ws)
        self.text = "".join(parts).strip(" ,;:—–-\n")
        self.stripped = bool(drop)

    def __iter__(self) -> Any:
        return iter(self.tokens)

    def __len__(self) -> int:
        return len(self.tokens)


def attribution(span: Any) -> frozenset[int]:
    """Token indices of the attribution clauses of a sentence: a reporting verb with its subject,
    the one it tells, its adverbials and punctuation, when the reported content is elsewhere in the
    sentence (a clausal complement of the verb, or a clause the verb itself hangs from: "X is Y,
    he said"). "according to X" is attribution wherever it stands. A negated verb is kept ("did
    not say"), so a denial never reads as the statement."""
    drop: set[int] = set()
    for v in span:
        lemma = v.lemma_.lower()
        if v.lower_ == "according":
            if is_cue(v):
                drop |= {t.i for t in v.subtree}
            continue
        if lemma not in REPORTING or v.tag_ not in _FINITE or any(c.dep_ == "neg" for c in v.children):
            continue
        content = [c for c in v.children if c.dep_ in _CONTENT_DEPS]
        hangs = v.dep_ in ("parataxis", "ccomp", "advcl") and v.head.i != v.i and v.head in span
        if not content and not hangs:
            continue
        keep = {t.i for c in content for t in c.subtree} | {c.i for c in v.children if c.dep_ == "cc"}
        # a fact told about the speaker stays ("Tarnwater Utilities, which operates the dam, said ...")
        keep |= {t.i for c in v.subtree if c.dep_ == "relcl" and c.head.i != v.i for t in c.subtree}
        if any(g.dep_ in ("nsubj", "nsubjpass") and g.lower_ in _SELF and g.i > v.i
               for c in content for g in c.children):
            # "Trump said Wednesday he is suing ...": the speaker is the actor of what is reported
            keep |= {t.i for c in v.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        drop |= {t.i for t in v.subtree if t.i not in keep}
    return frozenset(drop)


def content_view(span: Any) -> ContentView:
    """``span`` without its attribution, or whole when too little would be left."""
    drop = attribution(span)
    if drop:
        view = ContentView(span, drop)
        if sum(1 for t in view.tokens if t.is_alpha and not t.is_stop) >= MIN_CONTENT_WORDS:
            return view
    return ContentView(span)


@functools.lru_cache(maxsize=2)
def shipped_model(embedded: bool = False) -> Model | None:
    """The model in ``models/aligner.json`` (``models/aligner_embed.json`` with ``embedded``: over
    ``EMBED_FEATURES``), or None when it is missing or for other features."""
    path = resources.files("newsprism.analyze").joinpath(f"models/aligner{'_embed' if embedded else ''}.json")
    if not path.is_file():
        return None
    model = Model.from_json(json.loads(path.read_text("utf-8")))
    return model if model.features == (EMBED_FEATURES if embedded else FEATURES) else None


@dataclass(frozen=True)
class Cascade:
    """The same-fact decision with the cross-encoder: ``prefilter`` (over ``FEATURES``) picks the
    pairs at ``floor`` or above, at most ``budget`` of them, best first, and scores the rest;
    ``model`` (over ``XENC_FEATURES``) decides the picked ones."""

    prefilter: Model
    model: Model
    floor: float = XENC_FLOOR
    budget: int = XENC_BUDGET

    def shifted(self, threshold: float) -> Cascade:
        """The same cascade with the decision's intercept moved so that ``threshold`` reads as 0.5."""
        m = self.model
        return replace(self, model=Model(m.features, m.mean, m.scale, m.coef,
                                         m.intercept - float(np.log(threshold / (1 - threshold))), 0.5))

    def to_json(self) -> dict[str, Any]:
        return {"floor": self.floor, "budget": self.budget, "prefilter": self.prefilter.to_json(),
                **self.model.to_json()}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Cascade:
        return cls(Model.from_json(d["prefilter"]), Model.from_json(d), float(d["floor"]), int(d["budget"]))


@functools.lru_cache(maxsize=1)
def shipped_cascade() -> Cascade | None:
    """The cascade in ``models/aligner_xenc.json``, or None when it is missing or for other features."""
    path = resources.files("newsprism.analyze").joinpath("models/aligner_xenc.json")
    if not path.is_file():
        return None
    cascade = Cascade.from_json(json.loads(path.read_text("utf-8")))
    ok = cascade.prefilter.features == FEATURES and cascade.model.features == XENC_FEATURES
    return cascade if ok else None


def picked(prefilter: Model, x: np.ndarray, floor: float = XENC_FLOOR,
           budget: int = XENC_BUDGET) -> tuple[np.ndarray, np.ndarray]:
    """The prefilter's scores of pairs with features ``x`` and the pairs the cross-encoder reads:
    those scored ``floor`` or more, the ``budget`` best."""
    first = decide(prefilter, x)
    idx = np.nonzero(first >= floor)[0]
    return first, idx[np.argsort(-first[idx], kind="stable")][:budget]


def cascade_scores(cascade: Cascade, x: np.ndarray, texts: Sequence[str], i: np.ndarray, j: np.ndarray,
                   cross: Callable[[Sequence[str], Sequence[str]], np.ndarray]) -> np.ndarray:
    """Same-fact scores of the pairs (texts[i[k]], texts[j[k]]) with features ``x`` (``FEATURES``):
    the cross-encoder (``cross``, e.g. an ``xenc.Scores``, asked once for all picked pairs) and the
    decision over ``XENC_FEATURES`` for the picked pairs, the prefilter's score for the others."""
    first, idx = picked(cascade.prefilter, x, cascade.floor, cascade.budget)
    out = first.copy()
    if len(idx):
        prob = np.asarray(cross([texts[t] for t in i[idx]], [texts[t] for t in j[idx]]), dtype=float)
        out[idx] = decide(cascade.model, np.column_stack([x[idx], prob]))
    return out


def quoted_trigrams(text: str) -> frozenset[tuple[str, ...]]:
    """Word trigrams of the quotations in a sentence (lower case)."""
    out: set[tuple[str, ...]] = set()
    for m in _QUOTED.finditer(text):
        w = [x.lower() for x in _WORD.findall(m.group(1))]
        out |= {tuple(w[k : k + 3]) for k in range(len(w) - 2)}
    return frozenset(out)


def trigrams(text: str) -> frozenset[tuple[str, ...]]:
    w = [x.lower() for x in _WORD.findall(text)]
    return frozenset(tuple(w[k : k + 3]) for k in range(len(w) - 2))


def candidate_pairs(p: similarity.Prepared, arts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of sentences from different articles sharing at least one content word (i < j)."""
    shared = (p.content @ p.content.T).toarray()
    i, j = np.nonzero(np.triu(shared >= 1, k=1))
    keep = arts[i] != arts[j]
    return i[keep], j[keep]


def _relative(score: np.ndarray, i: np.ndarray, j: np.ndarray, arts: np.ndarray, n: int) -> tuple[np.ndarray, ...]:
    """How each pair's score compares with the best pair each of its sentences makes with the
    other sentence's article: 0 for the best, negative below it."""
    n_arts = int(arts.max()) + 1 if len(arts) else 1
    best = np.zeros((n, n_arts))
    np.maximum.at(best, (i, arts[j]), score)
    np.maximum.at(best, (j, arts[i]), score)
    rel_i = score - best[i, arts[j]]
    rel_j = score - best[j, arts[i]]
    return rel_i, rel_j, ((rel_i >= 0) & (rel_j >= 0)).astype(float)


def pair_features(p: similarity.Prepared, events: Sequence[Any], texts: Sequence[str], positions: np.ndarray,
                  arts: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Feature matrix (pairs x ``PAIR_FEATURES``, ``EMBED_PAIR_FEATURES`` when ``p`` has vectors) of
    the pairs (i[k], j[k]); ``p`` must carry parses."""

    i = np.asarray(i, dtype=np.int64)
    j = np.asarray(j, dtype=np.int64)
    if not len(i):
        return np.zeros((0, len(EMBED_PAIR_FEATURES if p.vectors is not None else PAIR_FEATURES)))
    base = similarity.pair_features(p, i, j)
    prob = similarity.score_pairs(p, i, j)
    claim = similarity.claim_scores(p, i, j)
    w = np.asarray(p.idf_content.sum(axis=1)).ravel()
    w_shared = similarity._rowdot(p.content, i, j, p.idf_content)
    cov_max = similarity._safe(w_shared, np.maximum(w[i], w[j]))
    conflict = similarity.conflicts(p, i, j)
    event = same_event(p, events, i, j, np.zeros(len(i)))
    names_shared = np.zeros(len(i))
    names_unmatched = np.zeros(len(i))
    verbs_shared = np.zeros(len(i))
    main_shared = np.zeros(len(i))
    main_cross = np.zeros(len(i))
    main_differ = np.zeros(len(i))
    quote = np.zeros(len(i))
    quotes = [quoted_trigrams(t) for t in texts]
    grams = [trigrams(t) for t in texts]
    for k, (x, y) in enumerate(zip(i.tolist(), j.tolist(), strict=True)):
        a, b = events[x], events[y]
        shared_names = len(a.names & b.names)
        names_shared[k] = min(shared_names, 3) / 3
        union = len(a.names | b.names)
        names_unmatched[k] = (union - shared_names) / union if union else 0.0
        verbs_shared[k] = min(len(a.verbs & b.verbs), 3) / 3
        main_shared[k] = float(bool(a.main & b.main))
        main_cross[k] = float(bool(a.main & b.verbs) or bool(b.main & a.verbs))
        main_differ[k] = float(bool(a.main) and bool(b.main) and not main_cross[k])
        if quotes[x] or quotes[y]:
            qa = len(quotes[x] & grams[y]) / len(quotes[x]) if quotes[x] else 0.0
            qb = len(quotes[y] & grams[x]) / len(quotes[y]) if quotes[y] else 0.0
            quote[k] = max(qa, qb)
    n = len(texts)
    rel_i, rel_j, mutual = _relative(claim, i, j, arts, n)
    shared_words = np.minimum(similarity._rowdot(p.content, i, j), 10) / 10
    extra = np.column_stack([
        prob, claim, similarity.coverage(p, i, j), cov_max, conflict.astype(float), event.astype(float),
        names_shared, names_unmatched, verbs_shared, main_shared, main_cross, quote,
        np.minimum(positions[i], positions[j]), np.abs(positions[i] - positions[j]),
        rel_i, rel_j, mutual, shared_words, main_differ,
        main_differ * base[:, len(similarity.FEATURES) + similarity.PARSED_FEATURES.index("subject_shared")],
    ])
    return np.column_stack([base, extra])


def content_texts(cands: Sequence[Any], spans: Sequence[Any]) -> list[str]:
    """The text of each sentence without its attribution (``content_view``), what the cross-encoder reads."""
    return [v.text if v.stripped else c.text for c, v in zip(cands, (content_view(sp) for sp in spans), strict=True)]


def story_features(cands: Sequence[Any], spans: Sequence[Any],
                   vectors: embed.Vectors | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate pairs (i, j) of sentences from different articles and their ``FEATURES``: the pair
    features of their content (``content_view``: the attribution removed, so that "..., said Idris
    Kellaway, commander of ..." in both sentences does not make them one fact), then
    ``WHOLE_FEATURES`` of the whole sentences (a shared speaker still counts, beside the content).
    With ``vectors`` (an ``embed.Vectors``) the features are ``EMBED_FEATURES`` (the e5 cosine of
    the content, and the e5 matchers' probabilities and claim scores)."""

    texts = [c.text for c in cands]
    views = [content_view(sp) for sp in spans]
    ctexts = [v.text if v.stripped else t for v, t in zip(views, texts, strict=True)]
    pc = similarity.prepare(ctexts, views, vectors=None if vectors is None else vectors(ctexts))
    arts = np.array([c.article for c in cands])
    p = similarity.prepare(texts, spans, vectors=None if vectors is None else vectors(texts))
    i, j = candidate_pairs(p, arts)  # candidates share a content word anywhere, speaker included
    positions = np.array([c.position for c in cands])
    x = pair_features(pc, [event_signature(v) for v in views], ctexts, positions, arts, i, j)
    if not len(i):
        return i, j, np.zeros((0, len(EMBED_FEATURES if vectors is not None else FEATURES)))
    events = [event_signature(sp) for sp in spans]
    names_shared = np.array([min(len(events[a].names & events[b].names), 3) / 3
                             for a, b in zip(i.tolist(), j.tolist(), strict=True)])
    stripped = np.array([v.stripped for v in views])
    whole = np.column_stack([
        similarity.claim_scores(p, i, j), similarity.coverage(p, i, j), names_shared,
        (stripped[i] | stripped[j]).astype(float),
    ])
    return i, j, np.column_stack([x, whole])


def score_matrix(model: Model | Cascade, cands: Sequence[Any], spans: Sequence[Any],
                 vectors: embed.Vectors | None = None,
                 cross: Callable[[Sequence[str], Sequence[str]], np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric sentence x sentence same-fact scores of ``claims.Candidate``s whose parses are
    ``spans`` (0 within one article and for pairs sharing no content word), and which pairs
    conflict (different figures, or one denies what the other states). ``vectors`` (an
    ``embed.Vectors``) go with a model over ``EMBED_FEATURES``; ``cross`` (an ``xenc.Scores``) with
    a ``Cascade``."""
    n = len(cands)
    scores = np.zeros((n, n))
    apart = np.zeros((n, n), dtype=bool)
    if n < 2:
        return scores, apart
    i, j, x = story_features(cands, spans, vectors)
    if len(x):
        if isinstance(model, Cascade):
            if cross is None:
                raise ValueError("a Cascade needs a pair scorer (cross)")
            scores[i, j] = scores[j, i] = cascade_scores(model, x, content_texts(cands, spans), i, j, cross)
        else:
            scores[i, j] = scores[j, i] = decide(model, x)
        features = model.prefilter.features if isinstance(model, Cascade) else model.features
        apart[i, j] = apart[j, i] = x[:, features.index("conflict")] > 0
    return scores, apart


def decide(model: Model, x: np.ndarray) -> np.ndarray:
    """Scores of pairs with features ``x``: the model's probability, capped for a conflict."""
    prob = model.predict(x)
    return np.where(x[:, model.features.index("conflict")] > 0, np.minimum(prob, CONFLICT_CAP), prob)


def group_facts(matched: Sequence[Sequence[int]], cands: Sequence[Any], scores: np.ndarray, threshold: float,
                apart: np.ndarray | None = None, guard: float = 0.6) -> list[list[int]]:
    """Claim groups that carry the aligned pairs, each with at most one sentence per article and
    no two sentences that conflict (``apart``).

    ``matched`` are the claims of the paraphrase matcher (``claims.group_sentences``: one sentence
    per article, average link). Then each pair that the model scores above the threshold and no
    group holds yet, best first: one of its sentences joins a group of the other (when its article
    is not in it, it conflicts with no member, and it matches the group on average at ``guard``
    times the threshold), else the pair is a claim of its own. A long sentence that carries
    several facts so supports several claims — where a reader sees one outlet's sentence restate
    two of another's. A sentence that joined a group is not also a one-sentence claim."""
    art = [c.article for c in cands]
    sep = np.zeros_like(scores, dtype=bool) if apart is None else apart
    i, j = np.nonzero(np.triu(scores >= threshold, k=1))
    order = np.argsort(-scores[i, j], kind="stable")
    groups = [sorted(g) for g in matched]
    member: dict[int, set[int]] = {}
    for gi, g in enumerate(groups):
        for m in g:
            member.setdefault(m, set()).add(gi)
    for k in order:
        x, y = int(i[k]), int(j[k])
        if member[x] & member[y] or sep[x, y]:
            continue
        joined = False
        for a, b in ((x, y), (y, x)):
            for gi in sorted(member[b], key=lambda g: -float(scores[a, groups[g]].mean())):
                g = groups[gi]
                if (all(art[m] != art[a] for m in g) and not sep[a, g].any()
                        and scores[a, g].mean() >= guard * threshold):
                    g.append(a)
                    member[a].add(gi)
                    joined = True
                    break
            if joined:
                break
        if not joined:
            groups.append([x, y])
            member[x].add(len(groups) - 1)
            member[y].add(len(groups) - 1)
    # a sentence that joined a group is no longer a fact of its own: its one-sentence group would
    # call it reported by one outlet only, though the others report (part of) it
    return [sorted(g) for g in groups if len(g) > 1 or len(member[g[0]]) == 1]


def merge_shared(groups: Sequence[Sequence[int]], cands: Sequence[Any], apart: np.ndarray | None = None) -> list[list[int]]:
    """Claim groups with each pair claim that shares a sentence with a bigger claim folded into it,
    when the union keeps one sentence per article and no two of its sentences conflict: "A2 ~ B6"
    beside "A2 ~ B6 ~ C10" or "A2 ~ C10" is one fact, not two rows worded by the same sentence."""
    out = [list(g) for g in sorted(groups, key=len, reverse=True)]
    k = len(out) - 1
    while k >= 0:
        g = out[k]
        if len(g) == 2:
            for h in out[:k]:
                union = sorted(set(h) | set(g))
                if (set(h) & set(g) and len({cands[m].article for m in union}) == len(union)
                        and (apart is None or not apart[np.ix_(union, union)].any())):
                    h[:] = union
                    del out[k]
                    break
        k -= 1
    return [sorted(g) for g in out]


def related_omissions(claims: Sequence[Any], omissions: Sequence[Any], voice: Sequence[int],
                      index: dict[str, int]) -> list[Any]:
    """Omissions without those of a voice that reports the fact in a claim sharing a sentence with
    the omitted one (a pair claim that restates part of a bigger claim is not a new fact)."""
    sentences = {c.id: {(s.article, s.start) for s in c.support} for c in claims}
    voices_of = {c.id: {voice[index[s.article]] for s in c.support if s.article in index} for c in claims}
    out = []
    for o in omissions:
        mine = sentences.get(o.claim, set())
        near = set().union(*(voices_of[c.id] for c in claims if c.id != o.claim and sentences[c.id] & mine))
        if voice[index[o.article]] not in near:
            out.append(o)
    return out
