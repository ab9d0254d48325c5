"""Score the cited summary on AllSides/NeuS stories, calling the library directly.

    python benchmarks/summaries.py DATA_DIR [--limit 25] [--offset 0] [--show N] [--singles-per-backed N]

DATA_DIR holds summaries/neus.jsonl and stories/articles.jsonl. For each story the articles are
analysed as one story (``analyze``) and the summary is scored like the team's scorer
(score/summaries.py): ROUGE-1/2/L F1 on lower-cased word tokens beside the lead baseline (first
sentences of each article in turn, up to the summary's length), the share of sentences that cite
an article, and the share whose citations are right: every cited article has a sentence that the
claim matcher aligns with the summary sentence (score >= claim_threshold, or the very sentence).
``multi_outlet_share``: summary sentences citing two or more outlets; ``stories_half_backed_by_two_outlets``:
stories (of those with a claim two outlets report) where at least half the summary's sentences do.
``--show N`` prints N summary sentences with their cited outlets for checking by hand;
``--singles-per-backed N`` sets the ``summary_singles_per_backed`` setting (default: the setting's).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.analyze import analyze
from newsprism.analyze.claims import restatement_scores, split_sentences
from newsprism.analyze.nlp import load_nlp
from newsprism.model import Analysis, Article
from newsprism.settings import Options


def toks(s: str) -> list[str]:
    return re.findall(r"\w+", s.lower())


def _ngrams(t: list[str], n: int) -> dict[tuple[str, ...], int]:
    out: dict[tuple[str, ...], int] = {}
    for i in range(len(t) - n + 1):
        out[tuple(t[i : i + n])] = out.get(tuple(t[i : i + n]), 0) + 1
    return out


def rouge_n(c: list[str], r: list[str], n: int) -> float:
    a, b = _ngrams(c, n), _ngrams(r, n)
    hit = sum(min(v, b.get(k, 0)) for k, v in a.items())
    p, q = hit / max(sum(a.values()), 1), hit / max(sum(b.values()), 1)
    return 2 * p * q / (p + q) if p + q else 0.0


def rouge_l(c: list[str], r: list[str]) -> float:
    if not c or not r:
        return 0.0
    prev = [0] * (len(r) + 1)
    for x in c:
        cur = [0]
        for j, y in enumerate(r):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    p, q = prev[-1] / len(c), prev[-1] / len(r)
    return 2 * p * q / (p + q) if p + q else 0.0


def lead(texts: list[str], n_words: int) -> str:
    sents = [re.split(r"(?<=[.!?])\s+", t.strip()) for t in texts]
    out: list[str] = []
    i = 0
    while sum(len(toks(s)) for s in out) < n_words and any(i < len(s) for s in sents):
        for s in sents:
            if i < len(s) and sum(len(toks(x)) for x in out) < n_words:
                out.append(s[i])
        i += 1
    return " ".join(out)


def citations_right(analysis: Analysis, threshold: float, nlp: Any = None) -> list[bool]:
    """Per summary sentence: does every cited article hold a sentence aligned with it? With
    ``nlp`` the check scores pairs as alignment does (parse features and the same-event rule)."""
    texts = {a.id: a.text for a in analysis.articles}
    parsed: dict[str, Any] = {}
    verdicts = []
    for s in analysis.summary:
        ok = bool(s.articles)
        for aid in s.articles:
            if nlp is not None:
                doc = parsed.setdefault(aid, nlp(texts.get(aid, "")))
                spans = [sp for sp in doc.sents if sp.text.strip()]
                sents = [sp.text for sp in spans]
            else:
                spans = None
                sents = [texts[aid][sp.start : sp.end] for sp in split_sentences(texts.get(aid, ""))]
            if not sents:
                ok = False
                break
            if s.kind == "difference":  # "X reports 4,000; Y reports 4,200": the cited figure must appear
                continue
            head = nlp(s.text)[:] if nlp is not None else None
            score = restatement_scores([s.text] + sents, [head, *spans] if spans is not None else None,
                                       np.zeros(len(sents), int), np.arange(1, len(sents) + 1))
            ok = ok and (s.text in texts[aid] or float(score.max()) >= threshold)
        verdicts.append(ok)
    return verdicts


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", type=Path)
    ap.add_argument("--limit", type=int, default=25)
    ap.add_argument("--offset", type=int, default=0)
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--singles-per-backed", type=int, default=None)
    args = ap.parse_args()
    arts = {}
    for line in (args.data / "stories" / "articles.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        arts[r["id"]] = r
    rows = [json.loads(line) for line in (args.data / "summaries" / "neus.jsonl").open(encoding="utf-8")]
    rows = rows[args.offset : args.offset + args.limit]
    options = Options()
    if args.singles_per_backed is not None:
        options = dataclasses.replace(options, summary_singles_per_backed=args.singles_per_backed)
    nlp = load_nlp()
    sys_s, base_s = [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]
    n_sent = cited = right = multi = stories_multi = half_multi = 0
    kinds: dict[str, int] = {}
    shown: list[dict[str, object]] = []
    for row in rows:
        items = [arts[i] for i in row["articles"] if i in arts and arts[i].get("text")]
        articles = [Article(id=r["id"], source=r["id"], url=r.get("url"), outlet=r.get("outlet"),
                            title=r.get("title"), published=r.get("published"), text=r["text"]) for r in items]
        analysis = analyze(articles, options)
        text = " ".join(s.text for s in analysis.summary)
        n_sent += len(analysis.summary)
        cited += sum(1 for s in analysis.summary if s.articles)
        right += sum(citations_right(analysis, options.claim_threshold, nlp))
        for sent in analysis.summary:
            kinds[sent.kind] = kinds.get(sent.kind, 0) + 1
        outlet = {a.id: a.outlet or a.id for a in articles}
        backed = [len({outlet.get(a, a) for a in s.articles}) >= 2 for s in analysis.summary]
        multi += sum(backed)
        if any(c.outlets >= 2 for c in analysis.claims):  # the story has facts two outlets report
            stories_multi += 1
            half_multi += int(bool(backed) and 2 * sum(backed) >= len(backed))
        for s in analysis.summary:
            if len(shown) < args.show:
                shown.append({"story": row["story"], "kind": s.kind, "text": s.text,
                              "cites": [outlet.get(a, a) for a in s.articles]})
        ref = toks(row["reference"])
        for acc, cand in ((sys_s, toks(text)), (base_s, toks(lead([r["text"] for r in items], max(len(toks(text)), 40))))):
            acc[0] += rouge_n(cand, ref, 1)
            acc[1] += rouge_n(cand, ref, 2)
            acc[2] += rouge_l(cand, ref)
    k = max(len(rows), 1)
    out = {"stories": len(rows),
           "rouge1": round(sys_s[0] / k, 4), "rouge2": round(sys_s[1] / k, 4), "rougeL": round(sys_s[2] / k, 4),
           "lead_rouge1": round(base_s[0] / k, 4), "lead_rouge2": round(base_s[1] / k, 4),
           "lead_rougeL": round(base_s[2] / k, 4),
           "cited_share": round(cited / n_sent, 4) if n_sent else 0.0,
           "citations_right_share": round(right / n_sent, 4) if n_sent else 0.0, "summary_sentences": n_sent,
           "kinds": kinds, "multi_outlet_share": round(multi / n_sent, 4) if n_sent else 0.0,
           "stories_with_multi_outlet_claims": stories_multi, "stories_half_backed_by_two_outlets": half_multi}
    if shown:
        out["sample"] = shown
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
