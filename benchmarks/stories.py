"""Story clustering and dedup benchmark: F1 on labelled data, cost on synthetic corpora.

    .venv/bin/python benchmarks/stories.py ../shared/bench/data/stories/articles.jsonl
    .venv/bin/python benchmarks/stories.py DATA.jsonl --sizes 1000,10000   # skip the 100k run
    .venv/bin/python benchmarks/stories.py DATA.jsonl --sizes '' --drop-dates [--drop-titles]

Prints one JSON object. On the labelled data (one article per line with a ``story`` label) it
reports B-cubed precision/recall/F1 like ``score/stories.py``, for all articles and for the two
halves of a fixed split by story id (md5 of the label, even = "tune", odd = "report"): settings
were tuned on the tune half only, so the report half is the honest figure. Then it times
``group_copies`` + ``cluster`` on synthetic corpora from ``benchmarks/synth.py`` (1k, 10k, 100k
articles), with the ratio of seconds per 10x more articles (10 = linear), and scores dedup on the
planted copies (pairwise precision and recall). ``cpu_s`` is the process CPU time of the same run:
on a shared machine wall seconds swing with the load, so ``cpu_ratio_per_10x`` is the steadier
figure for how the cost grows. ``--drop-dates`` / ``--drop-titles`` blank every article's date /
title first (as ``published: null`` / ``title: null`` in the data): the same articles as scraped
text without metadata.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from newsprism.cluster import cluster  # noqa: E402
from newsprism.dedup import group_copies  # noqa: E402
from newsprism.evaluate import bcubed  # noqa: E402
from newsprism.model import Article  # noqa: E402
from newsprism.settings import Options  # noqa: E402
from synth import generate  # noqa: E402


def half(story: str) -> str:
    return "tune" if int(hashlib.md5(story.encode()).hexdigest(), 16) % 2 == 0 else "report"


def articles_of(rows: list[dict]) -> list[Article]:
    return [Article(id=r["id"], source=r.get("url") or r["id"], url=r.get("url"), outlet=r.get("outlet"),
                    title=r.get("title"), published=r.get("published"), text=r.get("text") or "") for r in rows]


def run(rows: list[dict], options: Options) -> tuple[dict[str, str], list, float, float, float]:
    """Predicted story per article id, copy groups, dedup and cluster wall seconds, CPU seconds."""
    arts = articles_of(rows)
    c0, t0 = time.process_time(), time.perf_counter()
    copies = group_copies(arts, options)
    t1 = time.perf_counter()
    stories = cluster(arts, options, copies)
    t2, c2 = time.perf_counter(), time.process_time()
    return {a: s.id for s in stories for a in s.article_ids}, copies, t1 - t0, t2 - t1, c2 - c0


def dev(path: str, options: Options, drop: tuple[str, ...] = ()) -> dict:
    with open(path, encoding="utf-8") as f:
        rows = [{**r, **dict.fromkeys(drop)} for r in map(json.loads, f)]
    gold = {r["id"]: r["story"] for r in rows}
    pred, _, dedup_s, cluster_s, _ = run(rows, options)
    out: dict = {"all": bcubed(gold, pred)}
    for name in ("tune", "report"):
        ids = [r["id"] for r in rows if half(r["story"]) == name]
        out[name] = bcubed(gold, pred, ids)
        part = [r for r in rows if half(r["story"]) == name]  # the half clustered on its own
        alone, *_ = run(part, options)
        out[name + "_alone"] = bcubed({r["id"]: r["story"] for r in part}, alone)
    out["seconds"] = round(dedup_s + cluster_s, 3)
    out["articles_per_s"] = round(len(rows) / (dedup_s + cluster_s), 1)
    return out


def copy_pairs(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for g in groups for p in combinations(sorted(set(g)), 2)}  # type: ignore[misc]


def synthetic(sizes: list[int], options: Options) -> dict:
    out: dict = {"runs": []}
    for n in sizes:
        rows = generate(n)
        pred, copies, dedup_s, cluster_s, cpu_s = run(rows, options)
        planted: dict[str, set[str]] = defaultdict(set)
        for r in rows:
            if r["copy_of"]:
                planted[r["copy_of"]].update((r["copy_of"], r["id"]))
        gold_pairs = copy_pairs(planted.values())
        found = copy_pairs(g.members for g in copies)
        hit = len(gold_pairs & found)
        out["runs"].append({
            "articles": n, "dedup_s": round(dedup_s, 2), "cluster_s": round(cluster_s, 2),
            "seconds": round(dedup_s + cluster_s, 2), "cpu_s": round(cpu_s, 2), "articles_per_s": round(n / (dedup_s + cluster_s), 1),
            "dedup_precision": round(hit / len(found), 4) if found else None,
            "dedup_recall": round(hit / len(gold_pairs), 4) if gold_pairs else None,
            "copy_pairs": len(gold_pairs), "cluster": bcubed({r["id"]: r["story"] for r in rows}, pred)})
        print(json.dumps(out["runs"][-1]), file=sys.stderr, flush=True)
    runs = out["runs"]
    out["ratio_per_10x"] = [round(b["seconds"] / a["seconds"] * 10 / (b["articles"] / a["articles"]), 2)
                            for a, b in zip(runs, runs[1:], strict=False)]
    out["cpu_ratio_per_10x"] = [round(b["cpu_s"] / a["cpu_s"] * 10 / (b["articles"] / a["articles"]), 2)
                                for a, b in zip(runs, runs[1:], strict=False)]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", help="labelled articles JSONL (id, story, title, text, published, outlet, url)")
    ap.add_argument("--sizes", default="1000,10000,100000", help="synthetic corpus sizes ('' to skip)")
    ap.add_argument("--drop-dates", action="store_true", help="cluster as if no article had a date")
    ap.add_argument("--drop-titles", action="store_true", help="cluster as if no article had a title")
    a = ap.parse_args()
    options = Options()
    drop = tuple(k for k, on in (("published", a.drop_dates), ("title", a.drop_titles)) if on)
    result = {"dev": dev(a.data, options, drop)}
    sizes = [int(s) for s in a.sizes.split(",") if s]
    if sizes:
        result["synthetic"] = synthetic(sizes, options)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
