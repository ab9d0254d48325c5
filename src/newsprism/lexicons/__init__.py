"""The word lists newsprism ships, written by the team (Apache-2.0, like the code), and one loader.

Every list is a text file beside this module, ``#`` comments allowed: ``words(name)`` reads one
entry per line, ``rows(name)`` reads ``category: entry, entry, ...`` lines, ``read(name)`` the raw
text. ``Lexicon`` matches the category lists (loaded wording, polarity) against words, and
``loaded_words`` finds loaded wording in a short text such as a headline. Any stage may use this
module: it depends on nothing else of newsprism.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")


@functools.cache
def read(name: str) -> str:
    """The text of the bundled list ``name`` (e.g. ``"synonyms.txt"``)."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


@functools.cache
def words(name: str) -> frozenset[str]:
    """Entries of a one-per-line list, lower-cased."""
    return frozenset(w.strip().lower() for w in read(name).splitlines() if w.strip() and not w.startswith("#"))


STOPWORDS = words("stopwords.txt")


@dataclass(frozen=True)
class Lexicon:
    """Exact words/phrases, prefix patterns (entries ending in ``*``) and the second halves of
    hyphenated compounds (entries starting ``*-``: ``*-laden`` matches "debt-laden"), each with its
    category."""

    exact: dict[tuple[str, ...], str]
    prefixes: dict[str, str]
    longest: int
    suffixes: dict[str, str] = field(default_factory=dict)

    def matches(self, words: Sequence[str]) -> Iterator[tuple[int, int, str]]:
        """(first word, length in words, category) of each entry, left to right, longest first,
        never overlapping."""
        k = 0
        while k < len(words):
            found = self.match(words, k)
            if found is None:
                k += 1
                continue
            yield k, *found
            k += found[0]

    def match(self, words: Sequence[str], k: int) -> tuple[int, str] | None:
        """(length in words, category) of the longest entry starting at ``words[k]``."""
        for n in range(min(self.longest, len(words) - k), 0, -1):
            cat = self.exact.get(tuple(words[k : k + n]))
            if cat is not None:
                return n, cat
            if n > 1:
                stem_key = " ".join(words[k : k + n - 1])
                for p, pcat in self._multi.get(stem_key, ()):
                    if words[k + n - 1].startswith(p):
                        return n, pcat
        word = words[k]
        for size in range(len(word), 2, -1):
            cat = self.prefixes.get(word[:size])
            if cat is not None:
                return 1, cat
        if "-" in word[1:-1] and self.suffixes:
            cat = self.suffixes.get(word[word.rindex("-"):])
            if cat is not None:
                return 1, cat
        return None

    @functools.cached_property
    def _multi(self) -> dict[str, list[tuple[str, str]]]:
        out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key, cat in self.prefixes.items():
            if " " in key:
                head, _, last = key.rpartition(" ")
                out[head].append((last, cat))
        return out


def rows(name: str) -> list[tuple[str, list[str]]]:
    """``category: entry, entry, ...`` lines (or ``+ entry, ...``) of a bundled list."""
    out = []
    for line in read(name).splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        head, _, body = line.partition(":") if ":" in line[:40] else line.partition(" ")
        out.append((head.strip(), [e.strip().lower() for e in body.split(",") if e.strip()]))
    return out


def lexicon(categories: list[tuple[str, list[str]]]) -> Lexicon:
    """A ``Lexicon`` from (category, entries) rows; an entry ending in ``*`` is a prefix."""
    exact: dict[tuple[str, ...], str] = {}
    prefixes: dict[str, str] = {}
    suffixes: dict[str, str] = {}
    for cat, entries in categories:
        for e in entries:
            if e.startswith("*-"):
                suffixes.setdefault(e[1:], cat)
            elif e.endswith("*"):
                prefixes.setdefault(e[:-1], cat)
            else:
                exact.setdefault(tuple(e.split()), cat)
    longest = max([len(k) for k in exact] + [len(k.split()) for k in prefixes] + [1])
    return Lexicon(exact, prefixes, longest, suffixes)


@functools.lru_cache(maxsize=1)
def loaded_lexicon() -> Lexicon:
    return lexicon([(c, e) for c, e in rows("loaded.txt") if c != "intensifiers"])


@functools.lru_cache(maxsize=1)
def intensifiers() -> frozenset[str]:
    return frozenset(e for c, es in rows("loaded.txt") if c == "intensifiers" for e in es)


@functools.lru_cache(maxsize=1)
def polarity_lexicon() -> Lexicon:
    return lexicon(rows("polarity.txt"))


@functools.lru_cache(maxsize=1)
def label_families() -> dict[tuple[str, ...], str]:
    return {tuple(e.split()): fam for fam, es in rows("labels.txt") for e in es}


def words_with_offsets(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _WORD.finditer(text)]


def loaded_words(text: str) -> list[str]:
    """Lexicon entries in a short text such as a headline, so a title can be chosen neutral."""
    toks = words_with_offsets(text)
    lowered = [t[0] for t in toks]
    lex, found, k = loaded_lexicon(), [], 0
    while k < len(toks):
        hit = lex.match(lowered, k)
        if hit is None:
            k += 1
            continue
        found.append(text[toks[k][1] : toks[k + hit[0] - 1][2]])
        k += hit[0]
    return found


