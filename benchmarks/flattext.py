"""Flattened page text: body F1 of the line classifier, and the headline and byline it reads.

    .venv/bin/python benchmarks/flattext.py ../shared/bench/data [--sets aeb,fundus] [--part odd]

DATA/flattext/<set>/txt/*.txt are real pages flattened to their visible text, DATA/flattext/<set>/
gold.json the article bodies. Pages are sorted by id; ``--part even`` / ``odd`` keeps every other
one (the classifier's weights were fitted on ``even``: ``odd`` is the honest figure). Prints one
JSON object: per set, word 4-gram shingle P/R/F1 macro-averaged per page as the shared scorer
``score/flattext.py`` computes them, pages per second of ``read_plain`` (what extraction runs on plain text), and how often the headline
and authors read from the flat text agree with the ones newsprism extracts from the same page as
HTML (DATA/extraction/<set>/html/<id>.html.gz; pages where the HTML gives none are not counted):
a headline agrees when the two share 80% of their words, authors when they share a surname.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from pathlib import Path

from newsprism.extract.flat import read_plain
from newsprism.extract.html import extract_html


def shingles(text: str, n: int = 4) -> set:
    w = re.findall(r"\w+", text.lower())
    return {tuple(w[i : i + n]) for i in range(max(len(w) - n + 1, 1))} if w else set()


def page_pr(gold: str, body: str) -> tuple[float, float]:
    """Word 4-gram precision and recall of one page's kept ``body`` against its ``gold`` text."""
    gs, pr = shingles(gold), shingles(body)
    tp = len(gs & pr)
    return (tp / len(pr) if pr else float(not gs)), (tp / len(gs) if gs else 1.0)


def words(s: str | None) -> set[str]:
    return set(re.findall(r"\w+", (s or "").lower()))


def run_set(data: Path, name: str, part: str) -> dict:
    gold = json.loads((data / "flattext" / name / "gold.json").read_text(encoding="utf-8"))
    keys = [k for i, k in enumerate(sorted(gold)) if part == "all" or i % 2 == (0 if part == "even" else 1)]
    ps, rs, seconds = [], [], 0.0
    head = {"title_pages": 0, "title_agree": 0, "title_none": 0, "author_pages": 0, "author_agree": 0,
            "outlet_found": 0}
    for k in keys:
        text = (data / "flattext" / name / "txt" / gold[k]["file"]).read_text(encoding="utf-8")
        t0 = time.perf_counter()
        header, body, _ = read_plain(text)
        seconds += time.perf_counter() - t0
        p, r = page_pr(gold[k]["text"], body)
        ps.append(p)
        rs.append(r)
        head["outlet_found"] += bool(header.outlet)
        page = data / "extraction" / name / "html" / f"{k}.html.gz"
        if not page.exists():
            continue
        ref = extract_html(gzip.decompress(page.read_bytes()).decode("utf-8", "replace"), None)
        if ref.title:
            head["title_pages"] += 1
            mine, theirs = words(header.title), words(ref.title)
            head["title_none"] += not mine
            head["title_agree"] += bool(mine) and len(mine & theirs) >= 0.8 * max(len(mine), len(theirs))
        if ref.authors:
            head["author_pages"] += 1
            surnames = {a.split()[-1].lower() for a in ref.authors if a.split()}
            head["author_agree"] += any(a.split() and a.split()[-1].lower() in surnames for a in header.authors)
    P, R = sum(ps) / len(ps), sum(rs) / len(rs)
    return {"pages": len(keys), "P": round(P, 4), "R": round(R, 4), "F1": round(2 * P * R / (P + R), 4),
            "pages_per_s": round(len(keys) / seconds, 1), **head}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path, help="the bench data folder (holds flattext/ and extraction/)")
    ap.add_argument("--sets", default="aeb,fundus")
    ap.add_argument("--part", default="odd", choices=("even", "odd", "all"))
    a = ap.parse_args()
    print(json.dumps({"part": a.part, **{name: run_set(a.data, name, a.part) for name in a.sets.split(",")}}))


if __name__ == "__main__":
    main()
