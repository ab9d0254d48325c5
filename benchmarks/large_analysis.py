"""Time and memory of analysing very large articles, and memory over many analyses.

    python benchmarks/large_analysis.py [--sizes 200000,1000000] [--repeat 100] [--repeat-size 8000] [--web 200000]

Each size runs in a fresh process (so its peak RSS is its own): two fictional articles of about that
many characters (``long_article.py``: two outlets covering one event) are written to a temporary
folder and analysed as ``newsprism compare`` does (``pipeline.compare``: read, extract, analyze);
it reports wall seconds, process CPU seconds, peak RSS (``ru_maxrss``) and the analysis's notes.
Then one process analyses ``--repeat`` different stories (pairs of ``--repeat-size`` characters,
each with its own seed, so new names keep arriving) one after the other and reports its RSS after
the first, the 10th, ... and the last analysis. ``--web SIZE`` (200,000 by default; 0 skips it)
ingests such a pair into a temporary store and times the first request of its story page through
the web app (``create_app``, FastAPI's TestClient). Prints one JSON document.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from long_article import article, write_pair  # noqa: E402


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20  # MiB, as ru_maxrss / 1024


def one_pair(size: int) -> dict:
    from newsprism import pipeline
    from newsprism.settings import Options

    with tempfile.TemporaryDirectory() as tmp:
        paths = [str(p) for p in write_pair(size, Path(tmp))]
        t0, c0 = time.perf_counter(), time.process_time()
        analysis, _ = pipeline.compare(paths, Options.from_env())
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"size": size, "seconds": round(wall, 2), "cpu_s": round(cpu, 2),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "claims": len(analysis.claims), "quotes": len(analysis.quotes), "reuse": len(analysis.reuse),
            "notes": list(analysis.notes)}


def web_story(size: int) -> dict:
    """The two articles uploaded to a store, then their story page requested from the web app."""
    from fastapi.testclient import TestClient

    from newsprism import pipeline
    from newsprism.settings import Options
    from newsprism.store import Store
    from newsprism.web import create_app

    with tempfile.TemporaryDirectory() as tmp:
        paths = [str(p) for p in write_pair(size, Path(tmp))]
        options = Options.from_env(db=str(Path(tmp) / "bench.db"))
        store = Store(options.db)
        stories = pipeline.ingest_and_update(paths, store, options).stories
        before = _rss_mb()
        with TestClient(create_app(store, options)) as client:
            t0 = time.perf_counter()
            codes = [client.get(f"/stories/{s.id}").status_code for s in stories]
            wall = time.perf_counter() - t0
        store.close()
    return {"size": size, "stories": len(stories), "status": codes, "seconds": round(wall, 2),
            "rss_before_mb": round(before, 1), "rss_after_mb": round(_rss_mb(), 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def repeated(n: int, size: int) -> dict:
    from newsprism.analyze import analyze
    from newsprism.model import Article
    from newsprism.settings import Options

    options = Options.from_env()
    rss: dict[int, float] = {}
    t0 = time.perf_counter()
    for k in range(n):
        arts = [Article(f"r{k}-{j}", f"story{k}-{j}.txt", None, f"Outlet {j}", "Storm", language="en",
                        text=article(size, 1000 + 2 * k + j, reword=bool(j))) for j in range(2)]
        analyze(arts, options)
        if k == 0 or (k + 1) % 10 == 0:
            rss[k + 1] = round(_rss_mb(), 1)
    return {"analyses": n, "size": size, "seconds": round(time.perf_counter() - t0, 2), "rss_mb_after": rss,
            "growth_mb_10_to_last": round(rss[max(rss)] - rss.get(10, rss[1]), 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="200000,1000000")
    ap.add_argument("--repeat", type=int, default=100)
    ap.add_argument("--repeat-size", type=int, default=8000)
    ap.add_argument("--web", type=int, default=200000, help="size of the uploaded pair (0: no web run)")
    ap.add_argument("--child", choices=("pair", "repeat", "web"))
    ap.add_argument("--size", type=int, default=0)
    args = ap.parse_args()
    if args.child == "pair":
        print(json.dumps(one_pair(args.size)))
        return
    if args.child == "web":
        print(json.dumps(web_story(args.size)))
        return
    if args.child == "repeat":
        print(json.dumps(repeated(args.repeat, args.size)))
        return
    me = [sys.executable, __file__]
    out: dict = {"cpus": os.cpu_count(), "load": os.getloadavg()[0], "pairs": []}
    for size in (int(s) for s in args.sizes.split(",") if s):
        proc = subprocess.run([*me, "--child", "pair", "--size", str(size)], capture_output=True, text=True)
        out["pairs"].append(json.loads(proc.stdout) if proc.returncode == 0 else
                            {"size": size, "error": proc.stderr.strip().splitlines()[-1:]})
    if args.web:
        proc = subprocess.run([*me, "--child", "web", "--size", str(args.web)], capture_output=True, text=True)
        out["web"] = json.loads(proc.stdout) if proc.returncode == 0 else {"error": proc.stderr[-500:]}
    if args.repeat:
        proc = subprocess.run([*me, "--child", "repeat", "--repeat", str(args.repeat), "--size",
                               str(args.repeat_size)], capture_output=True, text=True)
        out["repeated"] = json.loads(proc.stdout) if proc.returncode == 0 else {"error": proc.stderr[-500:]}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
