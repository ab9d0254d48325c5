#!/usr/bin/env python3
"""Score newsprism's extraction on the public extraction benchmarks, beside trafilatura in the same run.

    python benchmarks/extraction.py DATA_DIR [--sets aeb,trafilatura,fundus] [--part all|even|odd]

DATA_DIR holds one folder per set (``gold.json`` and ``html/*.gz``), e.g. ``../shared/bench/data/extraction``.
Metrics are the reference scorer's: word 4-gram shingle P/R/F1 macro-averaged per page (aeb, fundus)
and snippet matching (trafilatura set: a "with" snippet found is a true positive, a "without" one a
false positive). ``--part even`` / ``odd`` keeps every other page (sorted by key): tune on one half,
report on the other. Pages/s is for ``extract_all`` in-process (its process pool included) and for
trafilatura called page by page, as the scorer does. Prints one JSON document.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from pathlib import Path

from newsprism.extract import extract_all
from newsprism.fetch.document import make_document
from newsprism.model import Article
from newsprism.settings import Options


def shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    w = re.findall(r"\w+", text.lower())
    return {tuple(w[i:i + n]) for i in range(max(len(w) - n + 1, 1))} if w else set()


def shingle_scores(gold: dict, pred: dict) -> tuple[float, float, float]:
    ps, rs = [], []
    for k, g in gold.items():
        gs, p = shingles(g["text"]), shingles(pred.get(k, ""))
        tp = len(gs & p)
        ps.append(tp / len(p) if p else (1.0 if not gs else 0.0))
        rs.append(tp / len(gs) if gs else 1.0)
    precision, recall = sum(ps) / len(ps), sum(rs) / len(rs)
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def _norm(s: str) -> str:
    return " ".join(s.split()).lower()


def snippet_scores(gold: dict, pred: dict) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for k, g in gold.items():
        text = _norm(pred.get(k, ""))
        for s in g["with"]:
            if _norm(s) in text:
                tp += 1
            else:
                fn += 1
        fp += sum(1 for s in g["without"] if _norm(s) in text)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_set(folder: Path, part: str) -> tuple[dict, dict[str, bytes]]:
    gold = json.loads((folder / "gold.json").read_text())
    pages: dict[str, bytes] = {}
    for k in sorted(gold):
        for ext in (".html.gz", ".gz"):
            path = folder / "html" / f"{k}{ext}"
            if path.exists():
                pages[k] = gzip.decompress(path.read_bytes())
                break
    keys = sorted(pages)
    if part in ("even", "odd"):
        keys = keys[(0 if part == "even" else 1)::2]
    return {k: gold[k] for k in keys}, {k: pages[k] for k in keys}


def run_newsprism(pages: dict[str, bytes], options: Options) -> tuple[dict[str, str], float]:
    docs = [make_document(f"{k}.html", body, "html") for k, body in pages.items()]
    t0 = time.perf_counter()
    out = {}
    for key, item in zip(pages, extract_all(docs, options), strict=True):
        out[key] = item.text if isinstance(item, Article) else ""
    return out, time.perf_counter() - t0


def run_trafilatura(pages: dict[str, bytes]) -> tuple[dict[str, str], float]:
    import trafilatura

    t0 = time.perf_counter()
    out = {k: trafilatura.extract(body.decode("utf-8", "replace")) or "" for k, body in pages.items()}
    return out, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="folder with aeb/, trafilatura/, fundus/")
    ap.add_argument("--sets", default="aeb,trafilatura,fundus")
    ap.add_argument("--part", choices=("all", "even", "odd"), default="all")
    ap.add_argument("--no-peer", action="store_true", help="skip trafilatura")
    a = ap.parse_args(argv)
    options = Options()
    report: dict[str, dict[str, float]] = {}
    for name in a.sets.split(","):
        gold, pages = load_set(a.data / name, a.part)
        if not gold:
            print(f"no pages for set {name} under {a.data}", file=sys.stderr)
            return 2
        score = snippet_scores if name == "trafilatura" else shingle_scores
        pred, wall = run_newsprism(pages, options)
        precision, recall, f1 = score(gold, pred)
        res = {"pages": len(gold), "P": round(precision, 4), "R": round(recall, 4), "F1": round(f1, 4),
               "pages_per_s": round(len(gold) / max(wall, 1e-3), 1)}
        if not a.no_peer:
            peer, peer_wall = run_trafilatura(pages)
            f1_peer = score(gold, peer)[2]
            res.update({"trafilatura_F1": round(f1_peer, 4),
                        "trafilatura_pages_per_s": round(len(gold) / max(peer_wall, 1e-3), 1),
                        "F1_minus_trafilatura": round(f1 - f1_peer, 4)})
        report[name] = res
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
