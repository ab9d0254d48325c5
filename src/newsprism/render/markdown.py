"""Analysis → Markdown: the summary with citations, then claims, quotes, numbers, framing, reuse."""

from __future__ import annotations

from newsprism.model import Analysis


def to_markdown(analysis: Analysis) -> str:
    outlet = {a.id: a.outlet or a.source for a in analysis.articles}
    n = {a.id: i + 1 for i, a in enumerate(analysis.articles)}

    def cite(ids: tuple[str, ...] | list[str]) -> str:
        return "".join(f"[{n[i]}]" for i in ids if i in n)

    title = next((a.title for a in analysis.articles if a.title), None) or f"Story {analysis.story}"
    out = [f"# {title}", ""]
    out += ["## Summary", ""]
    for s in analysis.summary:
        prefix = {"difference": "*Differs:* ", "single": "*One source:* ",
                  "detail": "*In more detail (one source):* "}.get(s.kind, "")
        out.append(f"- {prefix}{s.text} {cite(s.articles)}")
    if not analysis.summary:
        out.append("_No summary: too little shared coverage._")
    out += ["", "## Claims", "", "| claim | kind | outlets |", "| --- | --- | --- |"]
    for c in analysis.claims:
        if c.kind == "unique" and len(analysis.claims) > 40:
            continue
        text = c.text.replace("|", "\\|").replace("\n", " ")
        out.append(f"| {text} | {c.kind} | {cite([s.article for s in c.support])} |")
    if analysis.omissions:
        out += ["", "### Omissions", ""]
        for o in analysis.omissions:
            out.append(f"- {outlet.get(o.article, o.article)} leaves out: {o.text}")
    out += ["", "## Quotes", ""]
    for q in analysis.quotes:
        alt = f" — _{', '.join(q.alterations)}_" if q.alterations else ""
        words = f"“{q.text}”" if q.kind == "direct" else f"(paraphrased) {q.text}"
        out.append(f"- **{q.speaker or 'unattributed'}**: {words} {cite([q.article])}{alt}")
    if analysis.conflicts:
        out += ["", "## Numbers that disagree", ""]
        for conflict in analysis.conflicts:
            vals = "; ".join(f"{v.text} {cite([v.article])}" for v in conflict.values)
            out.append(f"- {conflict.subject}: {vals}")
    if analysis.framing:
        out += ["", "## Framing", ""]
        for h in analysis.framing:
            shown = h.text if h.text[:1] in "\"“‘'" else f"“{h.text}”"  # scare quotes bring their own marks
            note = f", {h.note}" if h.note == "scare quotes" else ""
            out.append(f"- {outlet.get(h.article, h.article)}: {shown} ({h.kind}{note})")
    if analysis.reuse:
        out += ["", "## Reuse", ""]
        for r in analysis.reuse:
            errs = f"; shared errors: {', '.join(r.shared_errors)}" if r.shared_errors else ""
            out.append(f"- {outlet.get(r.target, r.target)} ← {outlet.get(r.source, r.source)}"
                       f" ({r.direction}, score {r.score:.2f}{errs})")
    out += ["", "## Sources", ""]
    for a in analysis.articles:
        out.append(f"{n[a.id]}. {a.outlet or '?'} — {a.title or a.source} ({a.published or 'undated'})")
    if analysis.notes:
        out += ["", "## Notes", ""] + [f"- {note}" for note in analysis.notes]
    return "\n".join(out) + "\n"
