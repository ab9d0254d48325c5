"""Flattened page text: keep the article's lines, drop the site's menus, teasers, captions and footers.

A scraper's text dump or a browser copy-paste of a news page has one line per block: the site menu
(dozens of one- or two-word lines), the headline, share buttons, photo captions run into their
credits, the article, "Read more" lists of other headlines, the author's bio, the footer. Line
patterns alone (``text.classify_line``) keep most of it. Here each line is scored from its own
shape (length, closing punctuation, stop-word share, capitalised words, repeats in the page) and
from its context (how much prose surrounds it, where it stands relative to the page's main run of
prose), by three stacked logistic regressions: each later one also reads the previous one's scores
of the neighbouring lines, so a short subhead or quote between two body paragraphs stays and a lone
teaser summary among headlines goes. When no line is sure enough, the likeliest stretch is kept (a
page holds an article). Headline, byline, date and outlet are then read around the body's start
and in the footer (``read_flat``), each with its provenance. Weights are data (``extract/models/flat_lines.json``), fitted by
``tools/train_flat_lines.py`` on half of the dev pages (see ``benchmarks/README.md``).

``looks_flat`` decides whether plain text is such a dump at all: a clean article (headline, byline,
paragraphs) goes through the line cleaner unchanged.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from newsprism.extract.language import _STOPWORDS
from newsprism.extract.text import (
    BODY,
    Header,
    classify_line,
    clean_text,
    is_date_line,
    parse_byline,
    split_header,
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_STOPS = frozenset().union(*_STOPWORDS.values())
_END = re.compile(r"[.!?…][\"'”’»)\]]*$|[\"”»]$")
_INNER_SENT = re.compile(r"[.!?][\"”’]?\s+[\"“‘]?[A-Z]")
_CREDIT = re.compile(r"^\(.*\)$|\S\s*/\s*(AP|AFP|Reuters|EPA|Getty|Bloomberg|Associated Press|[A-Z][\w.]+ Images)\b|"
                     r"^(photo|image|picture|credit|source)s?\s*:", re.I)
_DATELINE = re.compile(r"^[A-Z][A-Za-z.'’ -]{1,40}(?:,\s[^()\n]{0,40}?)?\s*(?:\([A-Za-z .]{1,30}\)\s*)?[-–—]\s+\S|"
                       r"\((?:Reuters|AP|AFP|dpa|Bloomberg|UPI|CNN)\)\s*[-–—]")
_META_LINE = re.compile(r"^(?:by|von|par|por)\s+\S|^(?:published|updated|posted)\b", re.I)
_LEGAL = re.compile(r"\b(privacy (policy|notice)|terms (of (use|service)|and conditions)|cookies?\b|personal data|"
                    r"consent|all rights reserved|by (signing up|subscribing|entering your email|clicking)|"
                    r"unsubscribe|newsletter|sign up|log ?in|subscribe|advertis\w+|affiliate|commission)", re.I)
_BIO = re.compile(r"^[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,3} (?:is|was|has been|covers|writes)\b.{0,120}\b(?:reporter|editor|"
                  r"writer|correspondent|journalist|columnist|contributor|producer|author|critic)\b")
_CAPTION = re.compile(r",\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}|"
                      r"\((?:photo|image|picture|credit)\b|\b(?:pictured|seen here|left|right|center|centre)\)|"
                      r"\b(?:speaks|looks on|gestures|poses|arrives|walks|waves|attends) (?:during|at|as|on|in|with|after|before)\b", re.I)
_COMMENTISH = re.compile(r"^(?:reply|report|like|likes|\d+ (?:likes?|points?|replies|votes?)|"
                         r"\d+ (?:seconds?|minutes?|min|hours?|hrs?|days?|weeks?|months?|years?) ago|"
                         r"(?:show|load|view) (?:more )?(?:replies|comments)|upvote|downvote|flag|permalink)\W*$", re.I)
_CLOCK = re.compile(r"^(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?|\d+\s*(?:min|mins|minutes|h|hr)s?\s*ago)$", re.I)
_LINKY = re.compile(r"[|©@#»›]|https?://|www\.|\.com\b", re.I)
FLAT_LINES = 12  # a page dump has at least this many lines ...
FLAT_SHORT = 0.15  # ... and this share of them four words or fewer (menus, buttons, headlines)
MIN_WORDS = 30  # fewer words kept than this: no article line was sure, take the likeliest stretch
EDGE_WORDS = 5  # that stretch starts and ends on a line of at least this many words
PROSE_WORDS = 12  # a line this long that ends like a sentence counts as prose
WEIGHTS_FILE = "flat_lines.json"


def _norm(line: str) -> str:
    return " ".join(_WORD.findall(line.lower()))


@dataclass(frozen=True, slots=True)
class Shape:
    """Per-line measurements shared by both stages."""

    words: np.ndarray
    prose: np.ndarray  # 0/1
    base: np.ndarray  # n x k own features


def _shape(lines: Sequence[str]) -> Shape:
    n = len(lines)
    norms = [_norm(s) for s in lines]
    seen = Counter(norms)
    rows = []
    since_meta = 50.0  # lines since the last byline or date line
    words = np.zeros(n)
    prose = np.zeros(n)
    for i, (s, low) in enumerate(zip(lines, norms, strict=True)):
        toks = _WORD.findall(s)
        cjk = len(_CJK.findall(s))
        w = len(toks) + cjk // 2 if cjk else len(toks)  # CJK: about two characters a word
        words[i] = w
        ends = bool(_END.search(s))
        stop = sum(1 for t in toks if t.lower() in _STOPS) / w if w else 0.0
        caps = sum(1 for t in toks if t[:1].isupper()) / w if w else 0.0
        digits = sum(c.isdigit() for c in s) / max(len(s), 1)
        junk = classify_line(s) != BODY
        prose[i] = float(w >= PROSE_WORDS and (ends or cjk > 10) and (stop >= 0.08 or cjk > 10))
        meta = len(s) < 100 and bool(_META_LINE.search(s) or is_date_line(s))
        since_meta = 0.0 if meta else since_meta + 1
        rows.append((
            np.log1p(w), float(ends), stop, caps, digits, float(junk), float(seen[low] > 1 and w > 0),
            i / max(n - 1, 1), float(bool(_INNER_SENT.search(s))), float(s[:1].islower()),
            float(bool(_CREDIT.search(s))), float(w >= 25), float(s.rstrip().endswith(":")), float(w <= 3),
            float(s.isupper()), float(bool(_LINKY.search(s))), float(s[:1] in "“\"‘'"), prose[i],
            float(bool(_DATELINE.search(s[:120]))), float(meta), np.log1p(min(since_meta, 50.0)),
            min(len(_LEGAL.findall(s)), 3) / 3, float(bool(_BIO.search(s))), float(bool(_CAPTION.search(s))),
            float(bool(_COMMENTISH.match(s))), float(bool(_CLOCK.match(s))),
        ))
    return Shape(words=words, prose=prose, base=np.asarray(rows, dtype=np.float64).reshape(n, -1))


def _window_mean(x: np.ndarray, k: int) -> np.ndarray:
    """Mean of ``x`` over the lines within ``k`` of each line, the line itself excluded."""
    c = np.concatenate([[0.0], np.cumsum(x)])
    n = x.size
    lo = np.clip(np.arange(n) - k, 0, n)
    hi = np.clip(np.arange(n) + k + 1, 0, n)
    return (c[hi] - c[lo] - x) / np.maximum(hi - lo - 1, 1)


def _shift(x: np.ndarray, by: int) -> np.ndarray:
    out = np.zeros_like(x)
    if by > 0:
        out[by:] = x[:-by]
    else:
        out[:by] = x[-by:]
    return out


def _main_run(gain: np.ndarray) -> tuple[int, int]:
    """The stretch of lines with the largest sum of ``gain`` (Kadane), as [start, end)."""
    best, best_span, run, start = -np.inf, (0, 0), 0.0, 0
    for i, g in enumerate(gain.tolist()):
        if run <= 0:
            run, start = g, i
        else:
            run += g
        if run > best:
            best, best_span = run, (start, i + 1)
    return best_span


def _place(gain: np.ndarray) -> np.ndarray:
    """Where each line stands relative to the main run: inside, before, after, log distance."""
    n = gain.size
    a, b = _main_run(gain)
    idx = np.arange(n)
    inside = (idx >= a) & (idx < b)
    dist = np.where(idx < a, a - idx, np.where(idx >= b, idx - b + 1, 0))
    return np.column_stack([inside, idx < a, idx >= b, np.log1p(dist)]).astype(np.float64)


def _segments(gain: np.ndarray, good: np.ndarray, gap: int = 4) -> np.ndarray:
    """Runs of good lines broken by ``gap`` or more bad lines; per line: log of its run's total
    gain, that as a share of the largest run's, and whether the line sits in the largest run."""
    n = gain.size
    seg = np.full(n, -1)
    k, last = -1, -gap - 1
    for i in range(n):
        if good[i]:
            if i - last > gap:
                k += 1
            last = i
            seg[i] = k
    for i in range(n):  # a short break inside a run belongs to it
        if seg[i] < 0:
            before = seg[max(i - gap, 0) : i]
            after = seg[i + 1 : i + 1 + gap]
            b = before[before >= 0]
            a = after[after >= 0]
            if b.size and a.size and b[-1] == a[0]:
                seg[i] = b[-1]
    totals = np.bincount(seg[seg >= 0], weights=gain[seg >= 0], minlength=max(k + 1, 1))
    mine = np.where(seg >= 0, totals[np.maximum(seg, 0)], 0.0)
    top = totals.max() if totals.size else 0.0
    return np.column_stack([np.log1p(mine), mine / top if top > 0 else mine * 0,
                            (seg >= 0) & (seg == int(np.argmax(totals)) if totals.size else seg * 0)]).astype(np.float64)


def _context(sh: Shape, p: np.ndarray | None) -> np.ndarray:
    lw = sh.base[:, 0]
    cols = [sh.base]
    for x in (lw, sh.prose, sh.base[:, -2], sh.base[:, -1]):
        cols += [_shift(x, 1)[:, None], _shift(x, -1)[:, None], _window_mean(x, 3)[:, None],
                 _window_mean(x, 10)[:, None]]
    cols.append(_place(np.where(sh.prose > 0, np.minimum(sh.words, 60.0), -6.0)))
    cols.append(_segments(sh.prose * np.minimum(sh.words, 60.0), sh.prose > 0))
    if p is not None:
        cols.append(_segments((p >= 0.5) * np.minimum(sh.words, 60.0), p >= 0.5))
        cols += [_shift(p, 1)[:, None], _shift(p, -1)[:, None], _shift(p, 2)[:, None], _shift(p, -2)[:, None],
                 _window_mean(p, 3)[:, None], _window_mean(p, 10)[:, None],
                 _place(np.where(p >= 0.5, np.minimum(sh.words, 60.0) * (p - 0.5) + 1, (p - 0.5) * 10))]
    return np.hstack(cols)


def features(lines: Sequence[str], first: np.ndarray | None = None) -> np.ndarray:
    """Stage-one features of the non-blank ``lines`` (stage two when ``first`` holds the stage-one
    probabilities of the same lines)."""
    return _context(_shape(lines), first)


@dataclass(frozen=True, slots=True)
class Stage:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def prob(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@dataclass(frozen=True, slots=True)
class Model:
    """The first stage reads each line's shape and context; every later one also reads the previous
    stage's probabilities of the neighbouring lines."""

    stages: tuple[Stage, ...]
    threshold: float

    def probabilities(self, lines: Sequence[str]) -> np.ndarray:
        if not lines:
            return np.zeros(0)
        sh = _shape(lines)
        p = None
        for stage in self.stages:
            p = stage.prob(_context(sh, p))
        assert p is not None
        return p


def _stage(d: dict) -> Stage:
    return Stage(mean=np.asarray(d["mean"]), scale=np.asarray(d["scale"]), coef=np.asarray(d["coef"]),
                 intercept=float(d["intercept"]))


def model_from_dict(d: dict) -> Model:
    return Model(stages=tuple(_stage(x) for x in d["stages"]), threshold=float(d["threshold"]))


@lru_cache(maxsize=1)
def default_model() -> Model:
    text = resources.files("newsprism.extract").joinpath("models", WEIGHTS_FILE).read_text(encoding="utf-8")
    return model_from_dict(json.loads(text))


def looks_flat(text: str) -> bool:
    """Plain text that is a page dump rather than an article: many lines, many of them short
    (menu items, buttons, headlines), and no headline / byline / date block on top."""
    lines = [s for s in (ln.strip() for ln in text.splitlines()) if s]
    if len(lines) < FLAT_LINES or split_header(text).end:  # a headline and byline on top: an article
        return False
    short = sum(1 for s in lines if len(s.split()) <= 4)
    return short >= FLAT_SHORT * len(lines)


def article_lines(lines: Sequence[str], model: Model | None = None) -> list[int]:
    """Indexes of the non-blank ``lines`` that belong to the article body, in order."""
    model = model or default_model()
    p = model.probabilities(lines)
    body = np.array([classify_line(s) == BODY for s in lines], dtype=bool)
    keep = [i for i in range(len(lines)) if p[i] >= model.threshold and body[i]]
    if sum(len(_WORD.findall(lines[i])) for i in keep) >= MIN_WORDS or not len(lines):
        return keep
    # no line is sure enough: a page holds an article, so take the likeliest stretch of lines
    bar = p.max() / 2
    words = _shape(lines).words
    a, b = _main_run(np.where(p >= bar, np.sqrt(np.maximum(words, 1.0)) * (p - bar + 0.01), p - bar))
    keep = [i for i in range(a, b) if p[i] >= bar and body[i]]
    prose = [k for k, i in enumerate(keep) if words[i] >= EDGE_WORDS]
    # the stretch opens and closes on prose: a menu item beside it is not the article's
    return keep[prose[0]:prose[-1] + 1] if prose else keep


# -- what the page says about itself ------------------------------------------------------------
_COPYRIGHT = re.compile(
    r"^(?:copyright\s*)?(?:©|\(c\))?\s*(?:copyright\s*)?(?:(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?)?[,\s]*"
    r"(?P<name>[A-Z][\w&'’.-]*(?:\s+(?:[A-Z&][\w&'’.-]*|of|the|and|de))*?)"
    r"\s*(?:[.,|]|\s+(?:all rights|inc\b|llc\b|ltd\b|limited\b)|$)", re.I)
_MORE_FROM = re.compile(r"^more (?:from|stories from|on) (?:the )?(?P<name>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4})\s*$")
_STAMP = re.compile(r"^(?:published|updated|posted|last updated|first published)\s*(?:on|at|:)?\s*", re.I)
_SENTENCE_END = re.compile(r"[.]([\"'”’)\]]*)$")
_SIGNED = re.compile(r"\S\s+/\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}\s*$|\b(?:photo|foto|bild|image)\s*:", re.I)
_NOT_HEADLINE = re.compile(r"@|^(?:by|von|par|por)\s|^[|•·\-–—]|\bcredit\b|\|.*\||^(?:above|below|top|pictured)\s*:|"
                           r"\b(?:contributor|staff writer|correspondent|reporter|editor)\b|share to|"
                           r"(?:\bsigned in\b|\blog(?:ged)? in\b|\bsubscribe\b)|"
                           r"\bopens in (?:a )?new (?:window|tab)\b|^click (?:to|here)\b|\bemail this\b", re.I)
_LONE_BY = re.compile(r"^(?:by|von|par|por)\s*:?$", re.I)
_MONTH_WORD = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b", re.I)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\d{1,2}[./]\d{1,2}[./]\d{2,4}")
_BY_ANY = re.compile(r"^[|•·\W]{0,3}\s*(?:by|von|par|por)\s*:?\s+(?P<rest>.+)$", re.I)
_BY_CUT = re.compile(r"\s+[|•·–—-]\s+|\s*\|\s*|\s+(?=\d)|\s+(?=(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d)|"
                     r"(?<=[a-z])(?=(?:Staff|Senior|Chief|Contributing) )", re.I)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][a-zA-Z'’-]+|[A-Z]\.?|(?:de|van|von|der|da|del|la|le|bin|al)|[A-Z][a-z]*[A-Z][a-z]+)$")
_NOT_NAME = frozenset(re.findall(r"\w+", "the a an news emails email report reports watched watch staff journal "
                                           "newsletter daily weekly editor editors video live update updates latest "
                                           "breaking more"))
HEAD_REACH = 30  # how many lines before the body a headline, byline or date may stand
STANDFIRST_WORDS = 12  # a headline-like line this long, under a shorter one, is a standfirst


def _headline(lines: Sequence[str], first: int, skip: set[int], outlet: str | None = None) -> int | None:
    """The nearest line above the body that reads like a headline: 4 to 30 words, not a sentence
    with a closing full stop (a standfirst or caption), not a credit, byline, list of names, date,
    button or the site's own name (``outlet``)."""
    def headline_like(i: int) -> bool:
        s = lines[i]
        w = len(_WORD.findall(s))
        if i in skip or w < 4 or w > 30 or classify_line(s) != BODY or _CREDIT.search(s) or _SIGNED.search(s):
            return False
        if _SENTENCE_END.search(s) and w >= 10 or _NOT_HEADLINE.search(s) or (_YEAR.search(s) and w <= 10):
            return False
        return not ((i and _LONE_BY.match(lines[i - 1])) or _byline(s, bare=True)  # "By ¶ Jane Doe", "A, B, C"
                    or (_YEAR.search(s) and _MONTH_WORD.search(s) and w <= 16)  # "Monday November 18, 2019 7:45 am by X"
                    or (outlet and s.casefold() == outlet.casefold()))  # the site's own name

    for i in range(first - 1, max(first - HEAD_REACH, 0) - 1, -1):
        if headline_like(i):
            # a long line under a shorter headline-like one is the standfirst below its headline
            if (i and len(_WORD.findall(lines[i])) >= STANDFIRST_WORDS and headline_like(i - 1)
                    and len(_WORD.findall(lines[i - 1])) < len(_WORD.findall(lines[i]))):
                return i - 1
            return i
    return None


def _name(part: str) -> str | None:
    """``part`` when it is shaped like a person's name: two to four capitalised words or initials."""
    toks = part.split()
    if not 2 <= len(toks) <= 4 or sum(len(t) > 2 for t in toks) < 2 or _NOT_NAME & {t.lower() for t in toks}:
        return None
    if all(_NAME_TOKEN.match(t if not t.isupper() or len(t) < 3 else t.title()) for t in toks):
        return part
    return None


def _byline(line: str, bare: bool) -> tuple[tuple[str, ...], str | None] | None:
    """Authors (and an outlet after a comma) from ``By A and B, Outlet - date``; with ``bare``, a
    line that is only a name (``Jane Doe``, ``Jane Doe | Outlet``, ``Jane Doe  March 4, 2024``)."""
    if len(line) > 120:
        return None
    m = _BY_ANY.match(line)
    if not m and not bare:
        return None
    rest = _BY_CUT.split(m.group("rest") if m else line, maxsplit=1)[0].strip(" ,;:")
    parsed = parse_byline(f"By {rest}")
    if parsed is None:
        return None
    names = tuple(n for n in (_name(a) for a in parsed[0]) if n)
    if not names or len(names) != len(parsed[0]):
        toks = rest.split()
        for r in (2, 1):  # "By Jane Doe Fox News": a name, then the outlet with no comma between
            head, tail = " ".join(toks[:-r]), toks[-r:]
            if m and len(toks) - r >= 2 and _NOT_NAME & {t.lower() for t in tail} and _name(head):
                return (head,), " ".join(tail)
        return None
    return names, parsed[1] if m else None


def _outlet(lines: Sequence[str]) -> str | None:
    for s in reversed(lines):  # footers are at the end
        if s[:1] in "©(" or s[:9].lower() == "copyright":
            m = _COPYRIGHT.match(s)
            if m and len(m.group("name")) >= 3 and not m.group("name").lower().startswith("all rights"):
                return m.group("name").strip(" .,")
    for s in lines:
        m = _MORE_FROM.match(s)
        if m:
            return m.group("name")
    return None


def read_flat(text: str, model: Model | None = None) -> tuple[Header, str, dict[str, str]]:
    """Header fields, article body and provenance of a flattened page."""
    lines = [s for s in (ln.strip() for ln in text.splitlines()) if s]
    keep = article_lines(lines, model)
    body = "\n".join(lines[i] for i in keep)
    how = {"text": "flat-text-classifier"}
    if not keep:
        return Header(), body, how
    first = keep[0]
    authors: tuple[str, ...] = ()
    outlet = date = None
    used: set[int] = set()
    # nearest the body first: teasers of other stories above it have bylines and dates too
    near = sorted(range(max(first - HEAD_REACH, 0), min(first + 3, len(lines))), key=lambda i: (abs(i - first), -i))
    for i in near:
        s = lines[i]
        byline = _byline(f"By {s}" if i and _LONE_BY.match(lines[i - 1]) else s, bare=False)
        if byline and not authors:
            authors, outlet = byline
            used.add(i)
        elif date is None and len(s) < 80 and (is_date_line(s) or _STAMP.match(s)):
            date = _STAMP.sub("", s) if _STAMP.match(s) else s
            used.add(i)
    footer = None if outlet else _outlet(lines)  # the page's name for itself, when no byline gives one
    head = _headline(lines, min(used) if used else first, used, outlet or footer)
    title = lines[head] if head is not None else None
    if not authors and head is not None:  # a name on its own line between headline and body
        for i in range(head + 1, first):
            byline = _byline(lines[i], bare=True) if i not in used and classify_line(lines[i]) == BODY else None
            if byline:
                authors = byline[0]
                break
    if title:
        how["title"] = "text:headline"
    if authors:
        how["authors"] = "text:byline"
    if outlet:
        how["outlet"] = "text:byline"
    elif footer:
        outlet = footer
        how["outlet"] = "text:footer"
    return Header(title=title, authors=authors, outlet=outlet, date=date), body, how


def read_plain(text: str, model: Model | None = None) -> tuple[Header, str, dict[str, str]]:
    """Header, body and provenance of plain text: a flattened page through the line classifier
    (``model``, or the bundled one), anything else through the house header convention and the line
    cleaner."""
    if looks_flat(text):
        return read_flat(text, model)
    header = split_header(text)
    how = {"text": "text-cleaner", "title": "text:headline", "authors": "text:byline", "outlet": "text:byline"}
    return header, clean_text(text[header.end:]), how
