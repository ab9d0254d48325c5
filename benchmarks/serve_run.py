"""Serving a run: ``serve --run DIR`` (RunStore, the Parquet read in place) vs ``load`` + ``serve --db``.

    python benchmarks/serve_run.py --n 100000                      # a synthetic run of 100k articles, then each way
    python benchmarks/serve_run.py --n 100000 --run OUT --ways ""  # only make the run, in OUT
    python benchmarks/serve_run.py --run OUT --ways direct         # an existing run folder, one way

Makes a run of ``n`` synthetic articles (``synth.py``) on the local engine, stopping after the
stories, in a temporary folder or in ``--run`` when that holds no finished run yet. Then, each in a fresh process, prints one JSON line per way:

- ``direct``: open the folder as a ``RunStore`` (what ``serve --run`` does at start-up);
- ``load``: ``load_run`` into a new SQLite file (what ``newsprism load`` does), then open it;
- ``memory``: ``load_run`` into an in-memory SQLite database (the alternative design: load at
  start-up, nothing on disk).

For each: seconds to be ready (after the imports, which both ways share), peak RSS, bytes on disk added, and seconds for what a visitor asks
first: the first story page, one story with its articles, a full-text search (twice: the first
search of a RunStore also counts the tokens of every article, once). Not a test: figures depend on
the machine and on what else runs on it; compare the ways within one invocation.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

PROBE = r"""
import json, os, resource, sys, time
from pathlib import Path
way, out, db = sys.argv[1], sys.argv[2], sys.argv[3]
t0 = time.perf_counter()
from newsprism import pipeline
from newsprism.store import Store
from newsprism.store.run import RunStore
imports = time.perf_counter() - t0
t0 = time.perf_counter()
if way == "direct":
    store = RunStore(out)
    disk = 0
else:
    store = Store(":memory:" if way == "memory" else db)
    pipeline.load_run(out, store)
    disk = 0 if way == "memory" else sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*"))
ready = time.perf_counter() - t0
def timed(f):
    t = time.perf_counter(); r = f(); return r, round(time.perf_counter() - t, 4)
(page, total), first_page = timed(lambda: store.story_summaries(limit=20))
story, one_story = timed(lambda: (store.story(page[0].id), store.articles(store.story(page[0].id).article_ids)))
hits, search1 = timed(lambda: store.search("minister", limit=50))
hits2, search2 = timed(lambda: store.search("police said", limit=50))
_, filtered = timed(lambda: store.story_summaries(query="minister", limit=20))
print(json.dumps({"way": way, "articles": store.count_articles(), "stories": total, "imports_s": round(imports, 2), "ready_s": round(ready, 3),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                  "disk_mb": round(disk / 1e6, 1), "first_page_s": first_page, "one_story_s": one_story,
                  "search_s": search1, "search_again_s": search2, "stories_matching_s": filtered,
                  "hits": [len(hits), len(hits2)]}))
"""


def make_run(n: int, folder: Path, out: Path | None = None) -> Path:
    spec = importlib.util.spec_from_file_location("newsprism_bench_synth", HERE / "synth.py")
    assert spec is not None and spec.loader is not None
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    folder.mkdir(parents=True, exist_ok=True)
    src = folder / "in.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for row in synth.generate(n):
            f.write(json.dumps(row) + "\n")
    from newsprism.distributed import run
    from newsprism.settings import Options

    out = out or folder / "run"
    t0 = time.perf_counter()
    report = run([str(src)], out, Options(), analyses=False)
    print(json.dumps({"made_run": str(out), "articles": report.articles, "stories": report.stories,
                      "seconds": round(time.perf_counter() - t0, 1)}), flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="synthetic articles (without --run)")
    ap.add_argument("--run", type=Path, help="an existing run folder instead")
    ap.add_argument("--ways", default="direct,load,memory")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsprism-serve-run-") as tmp:
        if args.run is not None and (args.run / "_SUCCESS").exists():
            out = args.run
        else:
            out = make_run(args.n, Path(tmp), args.run)
        for way in filter(None, args.ways.split(",")):
            done = subprocess.run([sys.executable, "-c", PROBE, way, str(out), str(Path(tmp) / "loaded.db")],
                                  capture_output=True, text=True, check=False)
            sys.stdout.write(done.stdout or json.dumps({"way": way, "error": done.stderr[-800:]}) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
