"""The story view: an ``Analysis`` arranged for reading (shared by the web page and the HTML report).

Pure functions from the data model to plain records the templates loop over. Every finding gets a
key ("c-…" claim, "g-…" quote group, "x-…" number conflict, "n-…" number, "w-…" framing word,
"r-…" reuse); the article texts carry the same keys on their highlighted segments, so a click on
a finding lights it up in every article where it appears.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from newsprism.model import (
    Analysis,
    ArticleRef,
    Claim,
    FramingHit,
    NumberConflict,
    Quantity,
    Quote,
    Reuse,
    SummarySentence,
    stable_id,
)
from newsprism.render.diff import DiffPart, changed, word_diff
from newsprism.render.highlight import Mark, Segment, segments

_KIND_ORDER = {"consensus": 0, "shared": 1, "unique": 2}


@dataclass(frozen=True, slots=True)
class ArticleView:
    ref: ArticleRef
    label: str
    outlet: str
    copy_of: str | None  # label of the canonical article when this one is a copy
    segments: list[Segment]


@dataclass(frozen=True, slots=True)
class Cell:
    outlet: str
    state: str  # yes | copy | omitted | no
    articles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimRow:
    claim: Claim
    key: str
    cells: list[Cell]


@dataclass(frozen=True, slots=True)
class QuoteLine:
    quote: Quote
    label: str
    diff: list[DiffPart] | None  # None when the words match the reference


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    key: str
    lines: list[QuoteLine]
    altered: bool


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    groups: list[QuoteGroup]
    count: int


@dataclass(frozen=True, slots=True)
class ConflictView:
    key: str
    conflict: NumberConflict
    values: list[tuple[str, Quantity]]  # (article label, value)


@dataclass(frozen=True, slots=True)
class Word:
    key: str
    text: str
    count: int
    kind: str
    note: str | None


@dataclass(frozen=True, slots=True)
class OutletFraming:
    outlet: str
    words: list[Word]


@dataclass(frozen=True, slots=True)
class ReuseView:
    key: str
    reuse: Reuse
    source: str
    target: str


@dataclass(frozen=True, slots=True)
class Citation:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class SummaryLine:
    sentence: SummarySentence
    citations: list[Citation]


@dataclass(slots=True)
class StoryView:
    analysis: Analysis
    title: str
    outlets: list[str]
    articles: list[ArticleView]
    rows: list[ClaimRow]
    speakers: list[Speaker]
    conflicts: list[ConflictView]
    numbers: list[tuple[str, str, Quantity]]  # (key, article label, value)
    framing: list[OutletFraming]
    tone: list[tuple[str, dict[str, float]]]  # (entity name, outlet -> score)
    reuse: list[ReuseView]
    summary: list[SummaryLine]
    differences: list[SummaryLine]
    counts: dict[str, int] = field(default_factory=dict)


def article_labels(refs: tuple[ArticleRef, ...]) -> dict[str, str]:
    """A short, unique label per article: its outlet, numbered when an outlet has several."""
    base = {r.id: r.outlet or r.title or os.path.basename(r.source) or r.id for r in refs}
    totals = Counter(base.values())
    seen: Counter[str] = Counter()
    labels = {}
    for r in refs:
        name = base[r.id]
        seen[name] += 1
        labels[r.id] = f"{name} ({seen[name]})" if totals[name] > 1 else name
    return labels


def story_view(analysis: Analysis, title: str | None = None) -> StoryView:
    """Everything the story page shows, computed once from the analysis."""
    refs = analysis.articles
    labels = article_labels(refs)
    outlet_of = {r.id: r.outlet or labels[r.id] for r in refs}
    outlets = list(dict.fromkeys(outlet_of[r.id] for r in refs))
    copy_of = _copies(analysis, labels)
    marks: dict[str, list[Mark]] = defaultdict(list)

    rows = _claim_rows(analysis, outlets, outlet_of, copy_of, marks)
    speakers = _speakers(analysis.quotes, labels, marks)
    conflicts, numbers = _numbers(analysis, labels, marks)
    framing = _framing(analysis.framing, outlet_of, outlets, marks)
    reuse = _reuse(analysis.reuse, labels, marks)
    summary = [_summary_line(s, labels) for s in analysis.summary if s.kind != "difference"]
    differences = [_summary_line(s, labels) for s in analysis.summary if s.kind == "difference"]

    articles = [ArticleView(ref=r, label=labels[r.id], outlet=outlet_of[r.id], copy_of=copy_of.get(r.id),
                            segments=segments(r.text, marks.get(r.id, ()))) for r in refs]
    heading = title or next((r.title for r in refs if r.title), None) or f"Story {analysis.story}"
    return StoryView(
        analysis=analysis, title=heading, outlets=outlets, articles=articles, rows=rows, speakers=speakers,
        conflicts=conflicts, numbers=numbers, framing=framing, tone=_tone(analysis, outlet_of), reuse=reuse,
        summary=summary, differences=differences,
        counts={"articles": len(refs), "outlets": len(outlets), "claims": len(analysis.claims),
                "consensus": sum(c.kind == "consensus" for c in analysis.claims),
                "unique": sum(c.kind == "unique" for c in analysis.claims),
                "omissions": len(analysis.omissions), "quotes": len(analysis.quotes),
                "conflicts": len(analysis.conflicts), "copies": len(copy_of)},
    )


def _copies(analysis: Analysis, labels: dict[str, str]) -> dict[str, str]:
    out = {}
    for g in analysis.copies:
        for m in g.members:
            if m != g.canonical and m in labels:
                out[m] = labels.get(g.canonical, g.canonical)
    return out


def _claim_rows(analysis: Analysis, outlets: list[str], outlet_of: dict[str, str], copy_of: dict[str, str],
                marks: dict[str, list[Mark]]) -> list[ClaimRow]:
    omitted: dict[str, set[str]] = defaultdict(set)
    for o in analysis.omissions:
        if o.article in outlet_of:
            omitted[o.claim].add(outlet_of[o.article])
    rows = []
    for claim in sorted(analysis.claims, key=lambda c: (_KIND_ORDER.get(c.kind, 3), -c.outlets)):
        key = f"c-{claim.id}"
        by_outlet: dict[str, list[str]] = defaultdict(list)
        for s in claim.support:
            if s.article in outlet_of:
                by_outlet[outlet_of[s.article]].append(s.article)
                marks[s.article].append(Mark(s.start, s.end, key, "claim"))
        cells = []
        for outlet in outlets:
            ids = by_outlet.get(outlet, [])
            if ids:
                state = "copy" if all(i in copy_of for i in ids) else "yes"
            else:
                state = "omitted" if outlet in omitted.get(claim.id, ()) else "no"
            cells.append(Cell(outlet, state, tuple(ids)))
        rows.append(ClaimRow(claim, key, cells))
    return rows


def _speakers(quotes: tuple[Quote, ...], labels: dict[str, str], marks: dict[str, list[Mark]]) -> list[Speaker]:
    by_group: dict[str, list[Quote]] = defaultdict(list)
    for q in quotes:
        if q.article in labels:
            by_group[q.group or q.id].append(q)
    by_speaker: dict[str, list[QuoteGroup]] = defaultdict(list)
    for gid, members in by_group.items():
        key = f"g-{gid}"
        for q in members:
            marks[q.article].append(Mark(q.start, q.end, key, "quote"))
        ref = next((q for q in members if not q.alterations), members[0])
        lines = []
        for q in members:
            parts = word_diff(ref.text, q.text) if q is not ref else []
            lines.append(QuoteLine(q, labels[q.article], parts if changed(parts) else None))
        altered = any(line.diff or line.quote.alterations for line in lines)
        speaker = Counter(q.speaker for q in members if q.speaker).most_common(1)
        by_speaker[speaker[0][0] if speaker else ""].append(QuoteGroup(key, lines, altered))
    out = [Speaker(name or "Unattributed", groups, sum(len(g.lines) for g in groups))
           for name, groups in by_speaker.items()]
    return sorted(out, key=lambda s: (s.name == "Unattributed", -s.count, s.name))


def _numbers(analysis: Analysis, labels: dict[str, str], marks: dict[str, list[Mark]]
             ) -> tuple[list[ConflictView], list[tuple[str, str, Quantity]]]:
    conflicts = []
    for i, c in enumerate(analysis.conflicts):
        key = f"x-{i}"
        values = []
        for q in c.values:
            if q.article in labels:
                marks[q.article].append(Mark(q.start, q.end, key, "conflict"))
                values.append((labels[q.article], q))
        conflicts.append(ConflictView(key, c, values))
    numbers = []
    for i, q in enumerate(analysis.numbers):
        if q.article in labels:
            key = f"n-{i}"
            marks[q.article].append(Mark(q.start, q.end, key, "number"))
            numbers.append((key, labels[q.article], q))
    numbers.sort(key=lambda t: (t[2].subject or "~", t[2].kind, t[2].value))
    return conflicts, numbers


def _framing(hits: tuple[FramingHit, ...], outlet_of: dict[str, str], outlets: list[str],
             marks: dict[str, list[Mark]]) -> list[OutletFraming]:
    words: dict[str, dict[str, list[FramingHit]]] = defaultdict(lambda: defaultdict(list))
    for h in hits:
        if h.article not in outlet_of:
            continue
        key = "w-" + stable_id(h.text.lower(), size=10)
        marks[h.article].append(Mark(h.start, h.end, key, "framing"))
        words[outlet_of[h.article]][key].append(h)
    out = []
    for outlet in outlets:
        found = words.get(outlet, {})
        ws = [Word(k, hs[0].text.lower(), len(hs), hs[0].kind, hs[0].note) for k, hs in found.items()]
        out.append(OutletFraming(outlet, sorted(ws, key=lambda w: (-w.count, w.text))))
    return out


def _tone(analysis: Analysis, outlet_of: dict[str, str]) -> list[tuple[str, dict[str, float]]]:
    names = {e.id: e.name for e in analysis.entities}
    table: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for t in analysis.tone:
        if t.article in outlet_of:
            table[names.get(t.entity, t.entity)][outlet_of[t.article]].append(t.score)
    return [(name, {o: sum(v) / len(v) for o, v in per.items()}) for name, per in sorted(table.items())]


def _reuse(items: tuple[Reuse, ...], labels: dict[str, str], marks: dict[str, list[Mark]]) -> list[ReuseView]:
    out = []
    for i, r in enumerate(sorted(items, key=lambda r: -r.score)):
        key = f"r-{i}"
        for p in r.passages:
            if p.article in labels:
                marks[p.article].append(Mark(p.start, p.end, key, "reuse"))
        out.append(ReuseView(key, r, labels.get(r.source, r.source), labels.get(r.target, r.target)))
    return out


def _summary_line(s: SummarySentence, labels: dict[str, str]) -> SummaryLine:
    return SummaryLine(s, [Citation(a, labels[a]) for a in s.articles if a in labels])
