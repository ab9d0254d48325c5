"""Reuse: which articles share passages or rare errors beyond what quoting explains.

Two kinds of evidence, per pair of articles:

- shared passages: maximal runs of at least ``MIN_RUN`` words that both articles contain, found by
  hashing word 8-grams; runs that lie inside a quote in either article are not counted, since two
  outlets quoting the same speaker is not copying;
- shared rare errors: a spelling of an entity's name (any word of it) used by exactly these two
  articles while another article spells it as the entity does ("Lindquist" for "Lindqvist",
  "Zhuo" for "Zhou"), a misspelt word that only these two share while another article spells it
  right ("goverment"), and odd phrasings — word 4-grams with a rare word that only these two
  articles contain. A misspelling (name or word) links the pair even with no shared passage; an
  odd phrase is only reported beside other evidence.

Direction goes from the earlier published article to the later one; without two dates it is
"unknown". A copy group (syndicated text) is reported once, from its canonical member.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations

from newsprism.analyze.names import typo_of
from newsprism.analyze.nlp import is_word
from newsprism.model import Article, CopyGroup, Entity, Quote, Reuse, Support

MIN_RUN = 8
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
_COMMON = frozenset(["the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "this", "that", "as", "not", "but", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "said", "will", "would", "which", "who", "after", "before", "over", "about", "than", "more", "into", "also", "up", "out", "new", "one", "two", "three", "four", "five"])


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _WORD.finditer(text)]


def gram_index(words: Sequence[tuple[str, int, int]], size: int = MIN_RUN) -> dict[tuple[str, ...], list[int]]:
    """Positions of every word ``size``-gram of an article (built once per article)."""
    seq = [w for w, _, _ in words]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for k in range(len(seq) - size + 1):
        index[tuple(seq[k : k + size])].append(k)
    return index


def shared_runs(a: Sequence[tuple[str, int, int]], b: Sequence[tuple[str, int, int]],
                min_run: int = MIN_RUN, index_a: dict[tuple[str, ...], list[int]] | None = None,
                index_b: dict[tuple[str, ...], list[int]] | None = None) -> list[tuple[int, int, int]]:
    """Maximal common word runs as (start in a, start in b, length in words), ``length >= min_run``."""
    if len(a) < min_run or len(b) < min_run:
        return []
    ia = index_a if index_a is not None else gram_index(a, min_run)
    ib = index_b if index_b is not None else gram_index(b, min_run)
    starts = sorted((i, j) for g in ia.keys() & ib.keys() for i in ia[g] for j in ib[g])
    runs = []
    covered: set[tuple[int, int]] = set()
    for i, j in starts:
        if (i, j) in covered:
            continue
        n = min_run
        while i + n < len(a) and j + n < len(b) and a[i + n][0] == b[j + n][0]:
            n += 1
        covered.update((i + d, j + d) for d in range(n))
        runs.append((i, j, n))
    return runs


def _in_quote(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """True when most of the passage lies inside quoted words."""
    inside = sum(max(0, min(end, e) - max(start, s)) for s, e in spans)
    return inside >= 0.5 * (end - start)


def shared_spellings(entities: Sequence[Entity], shown: set[str] | None = None) -> dict[frozenset[str], list[str]]:
    """Spellings of a name that exactly two articles use while another article of the story spells
    it as the entity does ("Marow" for "Marrow", "Zhuo" for "Zhou", any word of the name).
    ``shown``: the articles reported (a copy group counts once)."""
    out: dict[frozenset[str], list[str]] = defaultdict(list)
    for entity in entities:
        if entity.kind == "other":
            continue  # "Republican"/"Republicans", "Democrat"/"Democratic": one word, two forms
        canon = [w.lower() for w in entity.name.replace("’", "'").split()]
        users: dict[str, set[str]] = defaultdict(set)  # spelling of a name word -> articles
        right: dict[str, set[str]] = defaultdict(set)  # name word spelt as the entity -> articles
        for m in entity.mentions:
            if shown is not None and m.article not in shown:
                continue
            for w in m.text.replace("’", "'").removesuffix("'s").split():
                lw = w.lower()
                if lw in canon:
                    right[lw].add(m.article)
                    continue
                for c in canon:
                    if (_close(lw, c) or typo_of(lw, c)) and _slip_inside(lw, c):
                        users[f"{w}\t{c}"].add(m.article)
                        break
        for key, arts in users.items():
            variant, c = key.split("\t")
            if len(arts) == 2 and right[c] - arts:
                spelt = next(x for x in entity.name.split() if x.lower() == c)
                note = f"spelling '{variant}' (elsewhere '{spelt}')"
                if note not in out[frozenset(arts)]:
                    out[frozenset(arts)].append(note)
    return out


def _close(a: str, b: str) -> bool:
    from rapidfuzz.distance import Levenshtein

    return a.lower() != b.lower() and Levenshtein.distance(a.lower(), b.lower()) <= max(1, min(len(a), len(b)) // 4)


def shared_typos(texts: dict[str, list[tuple[str, int, int]]],
                 names: frozenset[str] = frozenset()) -> dict[frozenset[str], list[str]]:
    """Misspelt words that exactly two articles share while another article spells the word right
    ("goverment" / "government"): one slip (``names.typo_of``) away from a word of the story, not at
    the end (those are endings: "decided"/"decides", "toward"/"towards"); the word is
    not an English word the model knows ("three"/"there", "exports"/"experts" are two words) and the
    right one is, and no other article uses the slip. Words of ``names`` (lower case) are left to ``shared_spellings``."""
    users: dict[str, set[str]] = defaultdict(set)
    for art, words in texts.items():
        for w, _, _ in words:
            if w.isalpha() and len(w) >= 5 and w not in names:
                users[w].add(art)
    near: dict[tuple[str, int], list[str]] = defaultdict(list)  # first letter and length -> words
    for w in users:
        near[(w[0], len(w))].append(w)
    out: dict[frozenset[str], list[str]] = defaultdict(list)
    for w, arts in users.items():
        if len(arts) != 2:
            continue
        for right in (x for n in (len(w) - 1, len(w), len(w) + 1) for x in near.get((w[0], n), ())):
            others = users[right]
            if right != w and others - arts and typo_of(w, right) and _slip_inside(w, right) \
                    and not is_word(w) and is_word(right):
                out[frozenset(arts)].append(f"typo '{w}' (elsewhere '{right}')")
                break
    return out


def _slip_inside(a: str, b: str) -> bool:
    """The words differ before the last letter of the shorter, and neither is the other with an
    ending added ("Democrat"/"Democratic", "Hunter"/"Hunters", "decided"/"decides" are forms)."""
    k = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
    return k < min(len(a), len(b)) - 1


_PARTY_STATE = re.compile(r"[rdi]-[a-z.]+")  # "r-ky", "d-calif."


def shared_phrases(texts: dict[str, list[tuple[str, int, int]]], limit: int = 3,
                   names: frozenset[str] = frozenset()) -> dict[frozenset[str], list[str]]:
    """Word 4-grams with a rare word that only two articles contain (odd phrasing, shared). A
    name's words (``names``) and a party-state tag ("R-Ky.") are not odd phrasing: "Majority Leader
    Mitch McConnell (R-Ky.)" is every outlet's style."""
    df: Counter[str] = Counter()
    for words in texts.values():
        df.update({w for w, _, _ in words})
    grams: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for art, words in texts.items():
        seq = [w for w, _, _ in words]
        for k in range(len(seq) - 3):
            g = tuple(seq[k : k + 4])
            if sum(w in names for w in g) >= 2:
                continue  # a name with its title: "House Speaker Nancy Pelosi"
            if sum(w in _COMMON for w in g) <= 1 and any(
                    df[w] == 2 and len(w) > 3 and not w[0].isdigit() and w not in names and not _PARTY_STATE.fullmatch(w)
                    for w in g):
                grams[g].add(art)
    out: dict[frozenset[str], list[str]] = defaultdict(list)
    for g, arts in grams.items():
        if len(arts) == 2 and len(out[frozenset(arts)]) < limit:
            out[frozenset(arts)].append("phrase '" + " ".join(g) + "'")
    return out


def find_reuse(articles: Sequence[Article], quotes: Sequence[Quote], entities: Sequence[Entity],
               copies: Sequence[CopyGroup] | None = None) -> list[Reuse]:
    """Reuse findings between article pairs, strongest first (see the module docstring)."""
    head = {}
    for group in copies or ():
        for m in group.members:
            head[m] = group.canonical
    ids = {a.id for a in articles}
    shown = [a for a in articles if head.get(a.id, a.id) == a.id or head.get(a.id) not in ids]
    words = {a.id: _words(a.text) for a in shown}
    grams = {aid: gram_index(w) for aid, w in words.items()}
    quoted: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for q in quotes:
        quoted[q.article].append((q.start, q.end))
    spellings = shared_spellings(entities, {a.id for a in shown})
    name_words = frozenset(w.lower() for e in entities for m in e.mentions for w in _WORD.findall(m.text))
    typos = shared_typos(words, name_words)
    phrases = shared_phrases(words, names=name_words)
    out = []
    for a, b in combinations(shown, 2):
        src, tgt, direction = _direction(a, b)
        wa, wb = words[src.id], words[tgt.id]
        passages = []
        shared_words = 0
        for i, j, n in shared_runs(wa, wb, MIN_RUN, grams[src.id], grams[tgt.id]):
            s_start, s_end = wa[i][1], wa[i + n - 1][2]
            t_start, t_end = wb[j][1], wb[j + n - 1][2]
            if _in_quote(s_start, s_end, quoted[src.id]) or _in_quote(t_start, t_end, quoted[tgt.id]):
                continue
            shared_words += n
            passages.append(Support(tgt.id, tgt.text[t_start:t_end], t_start, t_end, round(n / max(len(wb), 1), 4)))
        pair = frozenset((a.id, b.id))
        names = " ".join(spellings.get(pair, [])).lower()
        errors = tuple(spellings.get(pair, []) + [t for t in typos.get(pair, []) if t.split("'")[1] not in names]
                       + phrases.get(pair, []))
        if not passages and not any(e.startswith(("spelling", "typo")) for e in errors):
            continue  # an odd phrase alone is too weak: two outlets may hit on it
        score = min(1.0, shared_words / max(min(len(wa), len(wb)), 1) + 0.2 * len(errors))
        out.append(Reuse(src.id, tgt.id, tuple(passages), errors, round(score, 4), direction))
    out.sort(key=lambda r: -r.score)
    return out


def _direction(a: Article, b: Article) -> tuple[Article, Article, str]:
    if a.published and b.published and a.published != b.published:
        return (a, b, "source->target") if a.published < b.published else (b, a, "source->target")
    return a, b, "unknown"
