"""Numbers in an article — money, counts, percentages, dates — normalised with their units.

The figures are found with regular expressions (cheap and exact about offsets); the parse is
used only to name what a figure measures (``subject``): the noun a count modifies ("4,200 jobs"
→ "job"), the noun a sum belongs to ("a €3bn package" → "package") or, failing that, the verb it
is the object of ("cost €3bn" → "cost"). A figure with nothing to attach to (an age, a year) is
left out rather than guessed, because an unattached number cannot be compared across outlets.
Vague amounts ("dozens", "hundreds of") are skipped for the same reason.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from newsprism.analyze.names import capital_inside_sentence
from newsprism.model import Article, NumberConflict, Quantity

__all__ = ["find_numbers", "find_conflicts", "same_value", "parse_number", "plural", "SCALES", "CURRENCIES"]

SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9,
          "billion": 1e9, "tn": 1e12, "trillion": 1e12}
CURRENCIES = {"$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "€": "EUR",
              "eur": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP", "pound": "GBP",
              "pounds": "GBP", "¥": "JPY", "yen": "JPY", "jpy": "JPY", "chf": "CHF", "francs": "CHF",
              "kr": "SEK", "sek": "SEK", "kronor": "SEK", "crown": "crown", "crowns": "crown"}
WORDS = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])}
WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
              "ninety": 90, "hundred": 100, "a hundred": 100, "a dozen": 12, "dozen": 12})
MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"])}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())} | {"sept": 9})
APPROX = re.compile(r"(?:about|around|roughly|nearly|almost|some|approximately|an estimated|close to|"
                    r"more than|over|at least|up to|fewer than|less than|under|~)\s*$", re.I)

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD_NUM = "|".join(sorted((re.escape(w) for w in WORDS), key=len, reverse=True))
_SCALE = r"(?:\s?(?:bn|mn|mln|tn|k|m|b)\b|\s(?:thousand|million|billion|trillion)\b)"
_CUR_SYM = r"(?:US\$|\$|€|£|¥)"
_CUR_WORD = r"(?:dollars?|euros?|pounds?|yen|USD|EUR|GBP|JPY|CHF|SEK|francs|kronor|crowns?)"
MONEY = re.compile(
    rf"(?P<sym>{_CUR_SYM})\s?(?P<n1>{_NUM})(?P<s1>{_SCALE})?"
    rf"|(?:(?P<code>USD|EUR|GBP|JPY|CHF|SEK)\s?)(?P<n3>{_NUM})(?P<s3>{_SCALE})?"
    rf"|\b(?P<n2>{_NUM})(?P<s2>{_SCALE})?[\s-](?P<word>{_CUR_WORD})\b", re.I)
PAIR = re.compile(r"\s*\(\s*(?:about|around|roughly|some|approximately|~)?\s*$", re.I)
PERCENT = re.compile(rf"\b(?P<n>{_NUM}|{_WORD_NUM})\b\s?(?P<u>%|per\s?cent\b|percent\b|percentage points?\b)", re.I)
COUNT = re.compile(rf"\b(?P<n>{_NUM}|{_WORD_NUM})\b(?P<s>\s(?:thousand|million|billion)\b)?(?!\s?%)", re.I)
DATE = re.compile(
    r"\b(?:(?P<m1>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s(?P<d1>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,?\s(?P<y1>\d{4}))?"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s(?P<m2>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"(?:,?\s(?P<y2>\d{4}))?"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))\b", re.I)


def parse_number(num: str, scale: str | None = None) -> float | None:
    """'4,200' → 4200, '3.3', 'bn' → 3.3e9, 'twelve' → 12."""
    n = num.strip().lower()
    if n in WORDS:
        value = float(WORDS[n])
    else:
        try:
            value = float(n.replace(",", ""))
        except ValueError:
            return None
    if scale:
        value *= SCALES.get(scale.strip().lower(), 1.0)
    return value


class _Tokens:
    """Character offset → spaCy token, by bisection over token starts."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def at(self, offset: int) -> Any | None:
        i = bisect_right(self.starts, offset) - 1
        return self.doc[i] if 0 <= i < len(self.doc) else None


CURRENCY_LEMMAS = {"dollar", "euro", "pound", "yen", "franc", "krona", "$", "€", "£", "¥", "bn", "m", "billion",
                   "million", "thousand", "trillion", "percent", "%"}


# What happened to the people or things counted, by the word that governs the count: "12 people were
# killed", "killed 12 people", "12 dead", "30 people still missing", "slashed 4,000 jobs". Counts of the
# same noun under different events (killed / missing / evacuated) are different quantities.
EVENTS = {
    "kill": "killed", "dead": "killed", "die": "killed", "death": "killed", "perish": "killed",
    "drown": "killed", "fatality": "killed", "toll": "killed",
    "miss": "missing", "missing": "missing", "unaccounted": "missing",
    "injure": "injured", "injured": "injured", "hurt": "injured", "wound": "injured", "injury": "injured",
    "evacuate": "evacuated", "flee": "evacuated", "displace": "evacuated", "evacuee": "evacuated",
    "rescue": "rescued", "arrest": "arrested", "detain": "arrested",
    "cut": "cut", "shed": "cut", "slash": "cut", "axe": "cut", "eliminate": "cut", "scrap": "cut",
    "go": "cut", "lose": "cut", "remove": "cut",
    "create": "created", "hire": "created",
}
PEOPLE = frozenset(["people", "person", "resident", "villager", "civilian", "victim", "inhabitant", "individual",
                    "local", "dead", "death", "fatality", "evacuee", "injury", "toll"])
# "rose 1.2%", "gained 1.2%": one change, whatever the verb
CHANGES = {"rise": "rise", "gain": "rise", "climb": "rise", "increase": "rise", "jump": "rise", "grow": "rise",
           "fall": "fall", "drop": "fall", "decline": "fall", "slide": "fall", "lose": "fall", "sink": "fall",
           "crash": "fall", "tumble": "fall", "plunge": "fall"}


TIME_UNITS = frozenset(["year", "month", "week", "day", "hour", "minute", "second", "decade", "century"])


def plural(noun: str) -> str:
    if noun in ("people", "staff", "police") or noun.endswith("s"):
        return noun
    if noun == "person":
        return "people"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("ch", "sh", "x")) else "s")


def _event(tok: Any) -> str | None:
    """The event word governing a counted noun (or a bare number): see ``EVENTS``."""
    for c in tok.children:
        if c.dep_ in ("amod", "acl", "relcl", "advmod") and c.lemma_.lower() in EVENTS:
            return EVENTS[c.lemma_.lower()]
    head = tok.head
    if head is tok:
        return None
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "oprd"):
        lemma = head.lemma_.lower()
        if lemma in EVENTS and head.pos_ in ("VERB", "ADJ", "AUX"):
            return EVENTS[lemma]
        if lemma == "be":
            for c in head.children:
                if c.dep_ in ("acomp", "attr", "oprd") and c.lemma_.lower() in EVENTS:
                    return EVENTS[c.lemma_.lower()]
    if tok.dep_ == "conj":
        return _event(head)
    return None


def _count_subject(tok: Any) -> str | None:
    """'4,200 jobs' cut → 'jobs cut'; '12 people were killed' → 'people killed'; '12 dead' → 'people
    killed'; '300 of the jobs' → 'job' (a count of a noun with no event is keyed by the noun alone)."""
    noun = _of_noun_tok(tok)
    t, seen = tok, 0
    while noun is None and t.dep_ in ("nummod", "compound", "quantmod", "nmod", "amod") and t.head is not t and seen < 4:
        if t.head.pos_ in ("NOUN", "PROPN") and t.head.lemma_.lower() not in CURRENCY_LEMMAS:
            noun = t.head
        t, seen = t.head, seen + 1
    if noun is None:
        event = _event(t)  # "about 30 were missing"
        return f"people {event}" if event is not None and event != "cut" else None
    lemma = str(noun.lemma_.lower())
    if lemma in EVENTS and lemma in PEOPLE:
        return f"people {EVENTS[lemma]}"
    event = _event(noun)
    if event is None and lemma in TIME_UNITS:
        # a duration is only comparable with the same duration: "suspended for two hours"
        verb = noun.head.head if noun.dep_ == "pobj" else noun.head
        if verb.pos_ != "VERB" or verb.lemma_.lower() == "be":
            return None
        return f"{plural(lemma)} {verb.lemma_.lower()}"
    if event is None:
        if noun.dep_ == "compound" and noun.head.pos_ == "NOUN":
            # "his two-term tenure as attorney general" counts the tenure, not the Senate's "three
            # terms"; "a 48-page indictment" and "the 47-page indictment" still meet
            return f"{lemma} {noun.head.lemma_.lower()}"
        return lemma
    return f"{'people' if lemma in PEOPLE else plural(lemma)} {event}"


def _subject(tok: Any | None, kind: str) -> str | None:
    """What the figure ending at ``tok`` measures: the noun it modifies, else the verb it completes."""
    if tok is None:
        return None
    if kind == "count":
        return _count_subject(tok)
    if kind == "percent":
        of = _of_noun(tok)
        if of is not None:
            return of
    seen = 0
    while tok.dep_ in ("nummod", "compound", "quantmod", "nmod", "amod") and tok.head is not tok and seen < 4:
        if tok.head.pos_ in ("NOUN", "PROPN") and tok.head.lemma_.lower() not in CURRENCY_LEMMAS:
            return str(tok.head.lemma_.lower())
        tok, seen = tok.head, seen + 1
    head = tok.head
    verb = None
    if tok.dep_ == "pobj" and head.lower_ in ("of", "at", "to", "by") and head.head.pos_ in ("NOUN", "VERB"):
        verb = head.head
    elif tok.dep_ in ("dobj", "attr", "appos", "nsubj", "npadvmod", "conj") and head.pos_ in ("VERB", "NOUN", "AUX"):
        verb = head
    if verb is None:
        return None
    lemma = str(verb.lemma_.lower())
    if kind == "percent" and verb.pos_ == "VERB":
        lemma = CHANGES.get(lemma, lemma)
        actor = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")]
        if actor:  # "the crown rose 1.2%" and "the yield rose to 4.1%" are different figures
            return f"{actor[0].lemma_.lower()} {lemma}"
    return lemma


def _of_noun_tok(tok: Any) -> Any | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN"):
                    return p
    return None


def _of_noun(tok: Any) -> str | None:
    """'4,200 of the jobs', '12% of the vote': the noun after 'of'."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN"):
                    return str(p.lemma_.lower())
    return None


def _approx(text: str, start: int) -> bool:
    return bool(APPROX.search(text[max(0, start - 20):start]))


class _Found:
    """The quantities found so far in one article, and the character ranges they take."""

    def __init__(self, article: Article) -> None:
        self.article, self.text = article, article.text
        self.out: list[Quantity] = []
        self.taken: list[tuple[int, int]] = []

    def free(self, s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in self.taken)

    def add(self, start: int, end: int, value: float, unit: str, kind: str, subject: str | None,
            converted: bool = False) -> Quantity:
        self.taken.append((start, end))
        q = Quantity(text=self.text[start:end], value=value, unit=unit, kind=kind, article=self.article.id,
                     start=start, end=end, subject=subject, approx=_approx(self.text, start), converted=converted)
        self.out.append(q)
        return q


def find_numbers(article: Article, doc: Any | None = None) -> list[Quantity]:
    """Money, counts, percentages and dates in ``article``, with offsets, in text order.

    Each kind is read in turn, money first; a later kind never takes text an earlier one holds."""
    if not article.text.strip():
        return []
    if doc is None:
        from newsprism.analyze.nlp import parse_one

        doc = parse_one(article.text)
    toks = _Tokens(doc)
    found = _Found(article)
    _money(found, toks)
    _percents(found, toks)
    _dates(found, toks, _year(article.published))
    _counts(found, toks)
    return sorted(found.out, key=lambda q: q.start)


def _money(found: _Found, toks: _Tokens) -> None:
    """Sums of money; a sum right after another in a conversion ("£10m ($12.5m)") is marked converted."""
    text = found.text
    prev: Quantity | None = None
    for m in MONEY.finditer(text):
        num = m.group("n1") or m.group("n2") or m.group("n3")
        scale = m.group("s1") or m.group("s2") or m.group("s3")
        cur = (m.group("sym") or m.group("word") or m.group("code") or "").lower()
        value = parse_number(num, scale)
        if value is None or cur not in CURRENCIES:
            continue
        s, e = m.start(), m.end()
        converted = prev is not None and bool(PAIR.fullmatch(text[prev.end:s]))
        subject = prev.subject if converted and prev else _subject(toks.at(e - 1), "money")
        prev = found.add(s, e, value, CURRENCIES[cur], "money", subject, converted)


def _percents(found: _Found, toks: _Tokens) -> None:
    for m in PERCENT.finditer(found.text):
        if not found.free(m.start(), m.end()):
            continue
        value = parse_number(m.group("n"))
        if value is None:
            continue
        tok = toks.at(m.start())
        subject = None
        if tok is not None:
            last = toks.at(m.end() - 1) or tok
            subject = _subject(last, "percent")
        unit = "point" if "point" in m.group("u").lower() else "percent"
        found.add(m.start(), m.end(), value, unit, "percent", subject)


def _dates(found: _Found, toks: _Tokens, year: int | None) -> None:
    for m in DATE.finditer(found.text):
        if not found.free(m.start(), m.end()):
            continue
        day = _date(m, year)
        if day is not None:
            found.add(m.start(), m.end(), float(day.toordinal()), "day", "date", _date_subject(toks.at(m.start())))


def _counts(found: _Found, toks: _Tokens) -> None:
    """Counts of things: not money, not a percentage, not a clock time or a year, and only with a
    subject (what is counted)."""
    text = found.text
    for m in COUNT.finditer(text):
        s, e = m.start(), m.end()
        if not found.free(s, e) or text[s - 1:s] in "$€£¥" or re.match(r"\s?(?:%|percent)", text[e:e + 8]):
            continue
        if re.match(r":\d|\s?[ap]\.?m\b", text[e:e + 5], re.I) or re.search(r"\d:$", text[max(0, s - 2):s]):
            continue  # a clock time, "2:40 a.m.", "3 p.m."
        if capital_inside_sentence(text, s):
            continue  # a number word inside a name: "the Ground Zero mosque", "Air Force One"
        value = parse_number(m.group("n"), m.group("s"))
        if value is None:
            continue
        if re.fullmatch(r"(1[5-9]|20)\d\d", m.group("n")) and not m.group("s"):
            continue  # a year
        subject = _subject(toks.at(e - 1), "count")
        if subject is None:
            continue
        found.add(s, e, value, "count", "count", subject)


def _year(published: str | None) -> int | None:
    m = re.match(r"(\d{4})", published or "")
    return int(m.group(1)) if m else None


def _date(m: re.Match[str], year: int | None) -> dt.date | None:
    if m.group("y3"):
        y, mo, d = int(m.group("y3")), int(m.group("m3")), int(m.group("d3"))
    else:
        mon = (m.group("m1") or m.group("m2") or "").lower()
        mo = MONTHS.get(mon, 0)
        d = int(m.group("d1") or m.group("d2"))
        y_text = m.group("y1") or m.group("y2")
        if y_text is None and year is None:
            return None
        y = int(y_text) if y_text else int(year or 0)
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def _date_subject(tok: Any | None) -> str | None:
    """'the vote on March 12' → 'vote'; a date that only times a verb gets no subject."""
    if tok is None:
        return None
    head = tok.head
    if tok.dep_ == "pobj" and head.head.pos_ == "NOUN":
        return str(head.head.lemma_.lower())
    return None


# -- conflicts across articles ------------------------------------------------------------------
def _step(q: Quantity) -> float:
    """The rounding unit of a figure as written: '3.3bn' → 0.1bn, '4,200' → 1, '1.2 million' → 0.1m."""
    m = re.search(r"\d[\d,]*(?:\.(\d+))?", q.text)
    if not m or q.kind == "date":
        return 0.0
    decimals = len(m.group(1) or "")
    num = parse_number(m.group(0)) or 0.0
    scale = q.value / num if num else 1.0
    return float(scale * 10 ** -decimals)


def same_value(a: Quantity, b: Quantity) -> bool:
    """Equal up to the coarser rounding of the two, and 5% more when either is approximate."""
    tol = max(_step(a), _step(b)) / 2
    if a.approx or b.approx:
        tol += 0.05 * max(abs(a.value), abs(b.value))
    return abs(a.value - b.value) <= tol + 1e-9 * max(abs(a.value), abs(b.value), 1.0)


def find_conflicts(numbers: Sequence[Quantity], articles: Sequence[Article]) -> list[NumberConflict]:
    """The same quantity (kind, unit, subject) given values by different articles that share none.

    Two articles disagree only when no value of one matches a value of the other: an article that
    gives two counts of the same noun (a total and a part) does not conflict with one that gives
    only the total, and an article that gives several values, none of them another's, counts several
    things under one noun and disagrees with nobody. Conversions ("($3.3bn)") are ignored. One conflict per quantity; ``values``
    holds each article's figures (one per distinct value within an article), in article order, so
    a reader sees which outlets said what.
    """
    order = {a.id: i for i, a in enumerate(articles)}
    groups: dict[tuple[str, str, str], list[Quantity]] = defaultdict(list)
    for q in numbers:
        if q.subject and not q.converted and (not order or q.article in order):
            groups[(q.kind, q.unit, q.subject)].append(q)
    conflicts: list[NumberConflict] = []
    for (kind, unit, subject), qs in groups.items():
        by_article: dict[str, list[Quantity]] = defaultdict(list)
        for q in qs:
            by_article[q.article].append(q)
        if len(by_article) < 2:
            continue
        ids = sorted(by_article, key=lambda a: order.get(a, len(order)))
        # an article that gives several values of its own, none shared, counts several things under
        # one noun ("396 votes" in the House, "60 votes" needed in the Senate): no single figure of
        # it can be said to disagree
        single = {a for a in ids if all(same_value(by_article[a][0], q) for q in by_article[a][1:])}
        disagree: set[str] = set()
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if a in single and b in single and not any(same_value(x, y) for x in by_article[a]
                                                             for y in by_article[b]):
                    disagree.update((a, b))
        if not disagree:
            continue
        values: list[Quantity] = []
        for a in ids:
            mine: list[Quantity] = []
            for q in sorted(by_article[a], key=lambda q: q.start):
                if not any(same_value(q, v) for v in mine):
                    mine.append(q)
            values.extend(mine)
        distinct: list[Quantity] = []
        for q in values:
            if not any(same_value(q, v) for v in distinct):
                distinct.append(q)
        if len(distinct) > 1:
            conflicts.append(NumberConflict(subject=subject, kind=kind, unit=unit, values=tuple(values)))
    conflicts.sort(key=lambda c: (-len(c.values), c.kind, c.subject))
    return conflicts
