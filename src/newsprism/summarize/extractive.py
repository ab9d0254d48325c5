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
from collections.abc import Sequence

from newsprism.model import Article, Claim, FramingHit, NumberConflict, Quantity, SummarySentence, Support
from newsprism.settings import Options

MAX_DIFFERENCES = 3
_TIME_UNITS = frozenset(["year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes"])
_WORD = re.compile(r"\w+")
_QUOTE = re.compile(r"[\"“”]")


def summarize(claims: Sequence[Claim], articles: Sequence[Article], conflicts: Sequence[NumberConflict] = (),
              framing: Sequence[FramingHit] = (), options: Options | None = None) -> list[SummarySentence]:
    """Consensus sentences (up to ``options.summary_sentences``), then difference sentences."""
    options = options or Options()
    head = consensus(claims, articles, framing, options.summary_sentences)
    used = {s.text for s in head}
    return head + differences([c for c in claims if not used & {s.text for s in c.support}], articles, conflicts)


def consensus(claims: Sequence[Claim], articles: Sequence[Article], framing: Sequence[FramingHit],
              limit: int) -> list[SummarySentence]:
    position = _positions(articles)
    loaded = [(h.article, h.start, h.end) for h in framing if h.kind == "loaded"]
    multi = [c for c in claims if c.outlets >= 2]
    pool = multi if multi else [c for c in claims if c.kind == "unique"]
    if multi:
        ranked = sorted(pool, key=lambda c: (-c.outlets, _claim_position(c, position)))
    else:  # no claim is shared: the leads of the articles, in turn (rank within article, then article)
        ranked = sorted(pool, key=lambda c: (_rank_in_article(c, pool), _article_order(c, articles)))
    picked: list[tuple[float, Support, Claim]] = []
    for claim in ranked:
        if len(picked) >= limit:
            break
        wording = _neutral_wording(claim, loaded)
        if wording is None or any(_overlap(wording.text, s.text) > 0.5 for _, s, _ in picked):
            continue
        picked.append((_claim_position(claim, position), wording, claim))
    picked.sort(key=lambda p: p[0])
    return [SummarySentence(s.text, _cited(c), "consensus") for _, s, c in picked]


def _rank_in_article(claim: Claim, pool: Sequence[Claim]) -> int:
    s = claim.support[0]
    return sum(1 for c in pool if c.support[0].article == s.article and c.support[0].start < s.start)


def _article_order(claim: Claim, articles: Sequence[Article]) -> int:
    ids = [a.id for a in articles]
    return ids.index(claim.support[0].article) if claim.support[0].article in ids else len(ids)


def _neutral_wording(claim: Claim, loaded: Sequence[tuple[str, int, int]]) -> Support | None:
    """The most central supporting sentence, preferring one without loaded words or quote marks."""
    def penalty(s: Support) -> tuple[int, int, float]:
        hits = sum(1 for a, st, en in loaded if a == s.article and s.start <= st < s.end)
        words = len(_WORD.findall(s.text))
        return (hits, int(bool(_QUOTE.search(s.text))) + int(words > 45 or words < 6), -s.score)

    if not claim.support:
        return None
    return min(claim.support, key=penalty)


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


def differences(claims: Sequence[Claim], articles: Sequence[Article],
                conflicts: Sequence[NumberConflict]) -> list[SummarySentence]:
    """Where the coverage differs: number conflicts first, then one unique claim of note."""
    name = {a.id: a.outlet or a.source for a in articles}
    worth = [c for c in conflicts if c.kind in ("count", "money", "percent") and c.subject.lower() not in _TIME_UNITS]
    out = [_conflict_sentence(c, name) for c in worth[:MAX_DIFFERENCES]]
    shared = any(c.outlets >= 2 for c in claims)
    if shared and len(out) < MAX_DIFFERENCES:
        notable = [c for c in claims if c.kind == "unique" and _notable(c.text)]
        if notable:
            c = notable[0]
            art = c.support[0].article
            out.append(SummarySentence(f"Only {name.get(art, art)} reports: {c.text}", _cited(c), "difference"))
    return [s for s in out if s.articles]


def _conflict_sentence(conflict: NumberConflict, name: dict[str, str]) -> SummarySentence:
    """"Valley Courier reports 4,000 jobs; The Harbor Ledger and Northgate Wire report 4,200 jobs."""
    by_value: dict[str, list[Quantity]] = {}
    for q in conflict.values:
        by_value.setdefault(_value_key(q), []).append(q)
    parts = []
    cited: list[str] = []
    for qs in by_value.values():
        outlets = list(dict.fromkeys(name.get(q.article, q.article) for q in qs))
        cited.extend(q.article for q in qs)
        verb = "reports" if len(outlets) == 1 else "report"
        subject = conflict.subject if conflict.subject.endswith("s") or q_is_one(qs[0]) else conflict.subject + "s"
        figure = qs[0].text if conflict.subject.lower() in qs[0].text.lower() else f"{qs[0].text} {subject}"
        parts.append(f"{_join(outlets)} {verb} {figure}")
    return SummarySentence("; ".join(parts) + ".", tuple(dict.fromkeys(cited)), "difference")


def q_is_one(q: Quantity) -> bool:
    return q.value == 1 or q.kind in ("money", "percent")


def _value_key(q: Quantity) -> str:
    return f"{q.value:.6g}"


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _notable(text: str) -> bool:
    """A unique sentence worth flagging: it states a figure or names someone, and is not a quote."""
    words = _WORD.findall(text)
    return 8 <= len(words) <= 45 and not _QUOTE.search(text) and (
        any(ch.isdigit() for ch in text) or sum(w[0].isupper() for w in words[1:]) >= 2)
