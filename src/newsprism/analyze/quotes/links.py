"""The same quote across articles, and how each outlet altered it.

Quotes of different articles are linked when their words match (rapidfuzz ``partial_ratio`` for a
part of a longer quote, ``token_set_ratio`` for the same words reordered or changed) — with a
lower bar when both name the same speaker. Linked quotes share a ``group`` id. Each direct
member is then compared with its reference, the most alike of the group's longer direct versions in
other articles (a group chains quotes of one speaker, so it may hold several different quotes), and
flagged:

- ``cut``: a strict shorter part of the reference (its words are all there, fewer of them);
- ``reworded``: the same quote with words changed, added or dropped inside it;
- ``merged``: one quote that joins two quotes another article gives separately (the reference is
  then chosen among the other versions, and the separate parts are not "cut");
- ``paraphrase_in_quotes``: quotation marks around words that are not the speaker's: they differ a
  lot from what other outlets quote for the same speaker, or another outlet gives them as
  indirect speech and they speak of the speaker in the third person ("she would resign").

Indirect quotes join groups (they help detect paraphrases) but carry no alterations.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz

from newsprism.model import Quote, stable_id

__all__ = ["link_quotes", "LINK_PARTIAL", "LINK_TOKEN_SET"]

LINK_PARTIAL = 90.0  # one quote is (nearly) a substring of the other
LINK_TOKEN_SET = 80.0  # the same words, some changed or reordered
LINK_SAME_SPEAKER = 65.0  # when both quotes name the same speaker
MIN_WORDS = 3  # shorter quotes ("crooked") only link when identical
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our", "mine", "ours", "i'm", "we're", "i've", "we've"})
THIRD_PERSON = frozenset({"he", "she", "they", "his", "her", "their", "him", "them"})


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[\w']+", text.lower().replace("’", "'")))


def _same_speaker(a: Quote, b: Quote) -> bool:
    if not a.speaker or not b.speaker:
        return False
    wa = {w for w in re.findall(r"\w+", a.speaker.lower()) if len(w) > 2}
    wb = {w for w in re.findall(r"\w+", b.speaker.lower()) if len(w) > 2}
    return bool(wa & wb)


def _linked(a: Quote, b: Quote, na: str, nb: str) -> bool:
    if na == nb:
        return bool(na)
    if min(len(na.split()), len(nb.split())) < MIN_WORDS:
        return False
    if a.kind == "direct" and b.kind == "direct" and fuzz.partial_ratio(na, nb) >= LINK_PARTIAL:
        return True
    tset = fuzz.token_set_ratio(na, nb)
    if tset >= LINK_TOKEN_SET and fuzz.ratio(na, nb) >= 60:
        return True
    return _same_speaker(a, b) and tset >= LINK_SAME_SPEAKER


def link_quotes(quotes: Sequence[Quote]) -> list[Quote]:
    """All quotes, same order; those said in more than one article share a group and carry alterations."""
    norms = [_norm(q.text) for q in quotes]
    parent = list(range(len(quotes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(quotes)):
        for j in range(i + 1, len(quotes)):
            if quotes[i].article != quotes[j].article and find(i) != find(j) \
                    and _linked(quotes[i], quotes[j], norms[i], norms[j]):
                parent[find(j)] = find(i)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(quotes)):
        members[find(i)].append(i)
    out = list(quotes)
    for idx in members.values():
        if len({quotes[i].article for i in idx}) < 2:
            continue
        group = stable_id("quote", min(quotes[i].id for i in idx))
        flags = _alterations([quotes[i] for i in idx], [norms[i] for i in idx])
        for k, i in enumerate(idx):
            out[i] = dataclasses.replace(quotes[i], group=group, alterations=tuple(flags[k]))
    return out


def _contains(big: str, small: str) -> bool:
    return fuzz.partial_ratio(big, small) >= 95 and len(small) < len(big)


def _alterations(group: list[Quote], norms: list[str]) -> list[list[str]]:
    flags: list[list[str]] = [[] for _ in group]
    direct = [k for k, q in enumerate(group) if q.kind == "direct"]
    merged: set[int] = set()
    for k in direct:
        for art in {group[j].article for j in direct if group[j].article != group[k].article}:
            parts = [j for j in direct if group[j].article == art and _contains(norms[k], norms[j])]
            if len(parts) >= 2:
                merged.add(k)
                flags[k].append("merged")
                break
    for k in direct:
        if k in merged:
            continue
        n = norms[k]
        words = n.split()
        others = [j for j in direct if group[j].article != group[k].article]
        if any(norms[j] == n for j in others):
            continue
        # compared with the versions longer than it: a group chains quotes of one speaker, so the
        # nearest longer version is its own reference, not the group's longest quote
        longer = [j for j in others if j not in merged
                  and (len(norms[j].split()), len(norms[j]), j) > (len(words), len(n), k)]
        if any(_contains(norms[j], n) or (set(words) < set(norms[j].split()) and len(words) < len(norms[j].split()))
               for j in longer):
            flags[k].append("cut")
            continue
        if not longer or any(j in merged and _contains(norms[j], n) for j in others):
            continue  # the fullest version, or one of the parts another outlet gives as one quote
        ref = max(longer, key=lambda j: fuzz.ratio(n, norms[j]))
        rn = norms[ref]
        if fuzz.ratio(n, rn) < 60 and fuzz.partial_ratio(rn, n) < 80:
            # unlike every other version of the group, though the same speaker's: not their words
            if _same_speaker(group[k], group[ref]) and not any(
                    fuzz.ratio(n, norms[j]) >= 60 or fuzz.partial_ratio(n, norms[j]) >= 80 for j in others):
                flags[k].append("paraphrase_in_quotes")
            continue
        if fuzz.partial_ratio(rn, n) >= 80 and len(words) < len(rn.split()) - 1:
            flags[k].append("cut")
        flags[k].append("reworded")
    for k in direct:
        if "paraphrase_in_quotes" in flags[k]:
            continue
        kept = set(norms[k].split())
        told_as_indirect = any(q.kind == "indirect" and q.article != group[k].article
                               and fuzz.token_set_ratio(norms[k], norms[j]) >= 75 for j, q in enumerate(group))
        if told_as_indirect and not kept & FIRST_PERSON and kept & THIRD_PERSON:
            flags[k].append("paraphrase_in_quotes")
    return flags
