"""The cited summary: what several outlets report first, then where the coverage differs.

Extractive on purpose: every summary sentence is a sentence some outlet wrote. A sentence cites its
own article and each other article with a sentence that states what it states (``cite.states``: a
paraphrase, the sentence's content held one way, one event, or a firm learned same-fact score; and
always its figures and names held), so an outlet is never cited for a fact it does not report.
Sentences several outlets state come first, then single-outlet ones, each most salient first (TF-IDF
likeness to the other articles, raised near the top of an article, as news is written top down),
up to ``summary_words`` words: standalone sentences without a loaded word of their own first, those
with one only to fill; a sentence whose fact a picked one states is left out. A sentence that needs
the one before it ("She said ...") comes only right after it; a piece of a quotation the sentence
splitter cut off (it starts inside an open quotation, or is the "Obama continued, ..." after one)
never appears. The summary opens with the event: the lead sentence (one of the first two of its
article) that the most outlets state. Then the "difference" sentences: numbers the outlets
disagree on, and a claim of note that only one outlet carries.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from newsprism.analyze.cite import restaters
from newsprism.analyze.claims import cut_quote
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
    head = consensus(claims, articles, framing, options.summary_sentences, voice, docs, options.summary_words,
                     options.summary_singles_per_backed)
    used = {s.text for s in head}
    rest = [c for c in claims if not used & {s.text for s in c.support}
            and not any(repeats(c.text, u) for u in used)]  # nor reworded ("2.40am" / "2:40 a.m.")
    return head + differences(rest, articles, conflicts, framing)


def consensus(claims: Sequence[Claim], articles: Sequence[Article], framing: Sequence[FramingHit],
              limit: int, voice: dict[str, str] | None = None,
              docs: Mapping[str, Any] | None = None, budget: int = 0, singles: int = 0) -> list[SummarySentence]:
    """The facts several outlets state first, then the single-outlet sentences that best sum up
    the story (``pick``). A candidate is a standalone, neutral sentence of some claim's support;
    it cites its own article and each other article whose sentence, in a claim with it, restates
    it (``restaters``). Picked sentences are ordered consensus, then single, each in the order
    they sit in their articles."""
    voice = voice or {}  # article id -> its copy group's canonical article: copies are one voice
    loaded = [(h.article, h.start, h.end) for h in framing if h.kind == "loaded"]
    sents, tied = _sentences(claims)
    text = {a.id: a.text for a in articles}
    broken = {k for k, s in enumerate(sents) if quote_fragment(text.get(s.article, ""), s.start)
              or cut_quote(s.text)}
    fit = [k for k, s in enumerate(sents) if _fit(s) and k not in broken]
    charged = {k: _charged(sents[k], loaded) for k in fit}
    if not fit:
        return []
    after = {a: b for a, b in (followers(sents, fit, loaded) if FOLLOW else {}).items() if b not in broken}
    cited, same = restaters(sents, sorted(set(fit) | set(after.values())), tied, docs)
    size = _positions(articles)
    rel = {k: sents[k].start / size.get(sents[k].article, max(sents[k].end, 1)) for k in fit}
    weight = salience([sents[k] for k in fit], [rel[k] for k in fit], articles)
    outlets = {k: len({voice.get(a, a) for a in cited[k]}) for k in fit}
    lone = {k: outlets[k] < 2 for k in fit}
    local = {k: n for n, k in enumerate(fit)}
    extra = [len(_WORD.findall(sents[after[k]].text)) if k in after else 0 for k in fit]
    event = lead_event(sents, fit, outlets, {k: w for k, w in zip(fit, weight, strict=True)}, charged)
    chosen = pick([sents[k] for k in fit], weight, [lone[k] for k in fit], limit, budget,
                  [charged[k] for k in fit], {(local[a], local[b]) for a, b in same if a in local and b in local}, extra,
                  [outlets[k] for k in fit], local.get(event, -1) if event is not None else -1, singles)
    keys = [fit[n] for n in chosen]
    # a follow-on sentence that repeats a fact picked, or another follow-on one, is left out
    kept: dict[int, int] = {}
    for k, b in after.items():
        if k in keys and not any(m != k and ((b, m) in same or (m, b) in same
                                             or repeats(sents[b].text, sents[m].text))
                                 for m in [*keys, *kept.values()]):
            kept[k] = b
    after = kept
    # a one-outlet sentence that restates a picked consensus sentence and adds its own details
    # ("In a 48-page indictment ..., Hunter is charged with ..."): not a fact only one outlet reports
    detail = {k for k in keys if lone[k] and any((m, k) in same or k in tied[m] for m in keys if not lone[m])}
    out = []
    for k in sorted(keys, key=lambda k: (k != event, lone[k], rel[k])):
        kind = "consensus" if not lone[k] else "detail" if k in detail else "single"
        out.append(SummarySentence(sents[k].text, cited[k], kind))
        if k in after:  # the sentence that goes on from it ("He added ...")
            b = after[k]
            multi = len({voice.get(a, a) for a in cited[b]}) >= 2
            out.append(SummarySentence(sents[b].text, cited[b], "consensus" if multi else "single"))
    return out


FOLLOW = True
LEAD_SENTENCES = 2  # how far down its article a sentence may sit to open the summary


def lead_event(sents: Sequence[Support], fit: Sequence[int], outlets: Mapping[int, int],
               weight: Mapping[int, float], charged: Mapping[int, bool]) -> int | None:
    """The sentence that opens the summary: it reports the event, as an article's lead does. Of
    the candidates among the first ``LEAD_SENTENCES`` of their article, the one the most outlets
    state, then one without a loaded word of its own, then the most salient."""
    rank: dict[int, int] = {}
    by_article: dict[str, list[int]] = {}
    for k, s in enumerate(sents):
        by_article.setdefault(s.article, []).append(k)
    for ks in by_article.values():
        for n, k in enumerate(sorted(ks, key=lambda k: sents[k].start)):
            rank[k] = n
    leads = [k for k in fit if rank[k] < LEAD_SENTENCES]
    if not leads:
        return None
    return max(leads, key=lambda k: (outlets[k], not charged[k], weight[k]))


def followers(sents: Sequence[Support], fit: Sequence[int], loaded: Sequence[tuple[str, int, int]]) -> dict[int, int]:
    """For a candidate, the next sentence of its article when that one needs it to be understood
    (it opens with "he" or "However, she said", or is a bare quotation: not ``standalone``),
    is of summary length and carries no loaded word of its own: picked, the candidate brings it
    along, right after it."""
    by_article: dict[str, list[int]] = {}
    for k, s in enumerate(sents):
        by_article.setdefault(s.article, []).append(k)
    out = {}
    for ks in by_article.values():
        ks.sort(key=lambda k: sents[k].start)
        for a, b in zip(ks, ks[1:], strict=False):
            nxt = sents[b]
            if (a in fit and not standalone(nxt.text) and _complete(nxt.text) and not _charged(nxt, loaded)
                    and MIN_WORDS <= len(_WORD.findall(nxt.text)) <= MAX_WORDS and nxt.start >= sents[a].end):
                out[a] = b
    return out


def quote_fragment(text: str, start: int) -> bool:
    """Is the sentence at ``start`` of the article ``text`` a piece of a quotation the sentence
    splitter cut off: it starts inside a quotation opened before it in its paragraph ("... John?"
    / "You've been debating a coin." / "That's not putting people back to work."), or it is the
    attribution of the quotation that ends right before it ("... John?" / "Obama continued, ...")?"""
    head = text[text.rfind("\n", 0, start) + 1 : start].rstrip().replace('""', '"')  # a doubled mark is one
    straight = head.count('"') % 2 == 1
    if straight or head.count("“") > head.count("”"):
        return True
    return bool(re.search(r"[?!,]['’]?\s?[\"”]$", head))  # also "..., ’ ”" closing a quote inside a quote


def _complete(text: str) -> bool:
    """A whole sentence: it ends a sentence and is not cut off by its source."""
    t = text.strip()
    return bool(t) and t[-1] in ".!?\"”’')" and not t.endswith(("...", "…"))


# how much an early position in its article raises a sentence (tuned on NeuS 25-49)
LEAD_WEIGHT = 0.5
MAX_WORDS = 60  # longer sentences are lists and run-ons, not summary sentences
MIN_WORDS = 6
QUOTE_PENALTY = 0.8  # a quotation is someone's words, not the summary's: picked only when it stands out
REDUNDANT = 0.7  # word overlap (of the shorter sentence) above which a sentence repeats one picked


def _sentences(claims: Sequence[Claim]) -> tuple[list[Support], list[set[int]]]:
    """Every supporting sentence once (a sentence may support several claims) and, for each, the
    sentences of other articles that share a claim with it."""
    index: dict[tuple[str, int], int] = {}
    sents: list[Support] = []
    for c in claims:
        for s in c.support:
            if (s.article, s.start) not in index:
                index[(s.article, s.start)] = len(sents)
                sents.append(s)
    tied: list[set[int]] = [set() for _ in sents]
    for c in claims:
        keys = [index[(s.article, s.start)] for s in c.support]
        for a in keys:
            tied[a].update(b for b in keys if sents[b].article != sents[a].article)
    return sents, tied


def _fit(s: Support) -> bool:
    """A sentence the summary may use: standalone and of summary length."""
    return standalone(s.text) and MIN_WORDS <= len(_WORD.findall(s.text)) <= MAX_WORDS


def _charged(s: Support, loaded: Sequence[tuple[str, int, int]]) -> bool:
    """Does the sentence use a loaded word in its own voice (not inside a quotation, where the
    word is the speaker's and reported as such)?"""
    quoted = [(s.start + m.start(), s.start + m.end()) for m in _QUOTED.finditer(s.text)]
    return any(a == s.article and s.start <= st < s.end and not any(x <= st < y for x, y in quoted)
               for a, st, _ in loaded)


def salience(sents: Sequence[Support], rel: Sequence[float], articles: Sequence[Article]) -> list[float]:
    """How well each sentence sums up the story: its TF-IDF cosine with the other articles
    (``centrality``), raised for a sentence near the top of its article (news is written top
    down), lowered for a quotation."""
    central = centrality(sents, articles)
    return [c * (1.0 - LEAD_WEIGHT * r) * (QUOTE_PENALTY if _QUOTE.search(s.text) else 1.0)
            for s, c, r in zip(sents, central, rel, strict=True)]


def pick(sents: Sequence[Support], weight: Sequence[float], lone: Sequence[bool], limit: int,
         budget: int = 0, loaded: Sequence[bool] = (), same: set[tuple[int, int]] | None = None,
         extra: Sequence[int] = (), outlets: Sequence[int] = (), first: int = -1, singles: int = 0) -> list[int]:
    """Indices of the summary's sentences, up to ``limit`` sentences and ``budget`` words (0: no
    word budget): first those several outlets state, then single-outlet ones, then (only to fill
    the budget) those with a loaded word in their own voice (``loaded``), each tier most salient
    first. A sentence whose fact a picked one states (``(k, m)`` in ``same``: it adds nothing) or
    that repeats a picked sentence's words is skipped. Within a tier, a fact more outlets state
    (``outlets``) comes first; ``first`` (>= 0) is taken before all others. With ``singles`` > 0
    and a sentence several outlets state picked, at most ``singles`` single-outlet sentences per
    such sentence."""
    same = same or set()
    picked: list[int] = []
    words = 0
    tier = [int(lone[k]) + 2 * int(bool(loaded) and loaded[k]) for k in range(len(sents))]
    many = [-outlets[k] if outlets else 0 for k in range(len(sents))]
    for k in sorted(range(len(sents)), key=lambda k: (k != first, tier[k], many[k], -weight[k])):
        if len(picked) >= limit or (budget and words >= budget):
            break
        if any((k, m) in same or repeats(sents[k].text, sents[m].text) for m in picked):
            continue
        backed = sum(1 for m in picked if not lone[m])
        if singles and lone[k] and backed and len(picked) - backed >= singles * backed:
            continue  # e.g. singles=1: at least half the summary is stated by two outlets
        picked.append(k)
        words += len(_WORD.findall(sents[k].text)) + (extra[k] if extra else 0)
    return picked


def centrality(sents: Sequence[Support], articles: Sequence[Article]) -> list[float]:
    """Mean TF-IDF cosine of each sentence with the articles other than its own: the sentences
    that sum up what the other outlets say, not one outlet's aside."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [a.text for a in articles]
    if not sents or not any(t.strip() for t in texts):
        return [0.0] * len(sents)
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    try:
        matrix = vec.fit_transform(texts)
    except ValueError:  # nothing but stopwords
        return [0.0] * len(sents)
    sims = (vec.transform([s.text for s in sents]) @ matrix.T).toarray()
    ids = [a.id for a in articles]
    out = []
    for k, s in enumerate(sents):
        others = [sims[k, j] for j, aid in enumerate(ids) if aid != s.article]
        out.append(float(sum(others) / len(others)) if others else float(sims[k].max(initial=0.0)))
    return out


# a pronoun first, or after an opening connective ("However, he said ...", "But they ...")
_PRONOUN_START = re.compile(r"^[\"“‘'(]*(?:(?:however|but|and|yet|still|also|meanwhile|instead),?\s+)?"
                            r"(?:he|she|they|it|we|i|you|his|her|their|its|this|these|those|him|them)\b", re.I)
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
    if cut_quote(t):
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


QUOTE_WORDS = 5  # a quotation this long that two sentences share makes them one fact


def repeats(a: str, b: str) -> bool:
    """Does sentence ``a`` repeat ``b``: most of its words, or one quotation of ``QUOTE_WORDS``
    words or more (“The First Amendment protects freedom of religion,” said X / reads a statement
    from Y's office)?"""
    if _overlap(a, b) > REDUNDANT:
        return True
    words_b = " ".join(_WORD.findall(b.lower()))
    return any(len(q) >= QUOTE_WORDS and " ".join(q) in words_b
               for q in (_WORD.findall(m.group().lower()) for m in _QUOTED.finditer(a)))


def differences(claims: Sequence[Claim], articles: Sequence[Article], conflicts: Sequence[NumberConflict],
                framing: Sequence[FramingHit] = ()) -> list[SummarySentence]:
    """Where the coverage differs: number conflicts first, then one unique claim of note, in its
    outlet's words only when those are standalone, its own (not a piece of a quotation) and carry
    no loaded word."""
    loaded = [(h.article, h.start, h.end) for h in framing if h.kind == "loaded"]
    name = {a.id: a.outlet or a.source for a in articles}
    worth = [c for c in conflicts if c.kind in ("count", "money", "percent") and c.subject.lower() not in _TIME_UNITS]
    out = [_conflict_sentence(c, name) for c in worth[:MAX_DIFFERENCES]]
    shared = any(c.outlets >= 2 for c in claims)
    if shared and len(out) < MAX_DIFFERENCES:
        text = {a.id: a.text for a in articles}
        # not words it quotes from someone else: "Only X reports" would make them X's own
        notable = [c for c in claims if c.kind == "unique" and _notable(c.text) and standalone(c.text)
                   and not any(a == s.article and s.start <= st < s.end for s in c.support for a, st, _ in loaded)
                   and not any(quote_fragment(text.get(s.article, ""), s.start) for s in c.support)]
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
