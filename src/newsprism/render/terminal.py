"""Analysis → a compact terminal view with rich."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from newsprism.model import Analysis


def print_analysis(analysis: Analysis, console: Console | None = None, brief: bool = False) -> None:
    console = console or Console()
    n = {a.id: i + 1 for i, a in enumerate(analysis.articles)}
    outlet = {a.id: a.outlet or a.source for a in analysis.articles}
    title = next((a.title for a in analysis.articles if a.title), None) or analysis.story
    console.print(f"[bold]{title}[/bold]  ({len(analysis.articles)} articles: "
                  f"{', '.join(sorted({outlet[a.id] for a in analysis.articles}))})")
    for s in analysis.summary:
        mark = {"difference": "≠ ", "single": "◦ ", "detail": "◦ "}.get(s.kind, "• ")
        cites = "".join(f"[{n[i]}]" for i in s.articles if i in n)
        console.print(f"  {mark}{s.text} [dim]{cites}[/dim]")
    kinds = {k: sum(1 for c in analysis.claims if c.kind == k) for k in ("consensus", "shared", "unique")}
    console.print(f"  claims: {kinds['consensus']} consensus, {kinds['shared']} shared, {kinds['unique']} unique;"
                  f" {len(analysis.omissions)} omissions; {len(analysis.quotes)} quotes;"
                  f" {len(analysis.conflicts)} number conflicts; {len(analysis.framing)} framing hits;"
                  f" {len(analysis.reuse)} reuse links")
    if brief:
        return
    if analysis.conflicts:
        table = Table(title="Numbers that disagree")
        table.add_column("subject")
        table.add_column("values")
        for c in analysis.conflicts:
            table.add_row(c.subject, "; ".join(f"{v.text} ({outlet.get(v.article, '?')})" for v in c.values))
        console.print(table)
    altered = [q for q in analysis.quotes if q.alterations]
    for q in altered[:10]:
        console.print(f"  quote [{', '.join(q.alterations)}] {q.speaker or '?'}: “{q.text}” ({outlet.get(q.article)})")
    for r in analysis.reuse[:10]:
        console.print(f"  reuse: {outlet.get(r.target)} ← {outlet.get(r.source)} ({r.direction}, {r.score:.2f})")
    for note in analysis.notes:
        console.print(f"  [yellow]note:[/yellow] {note}")
